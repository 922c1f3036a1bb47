"""What the PDF says that the report page says too: what would change the call, the
sources with their check dates, ranks that match the table, the migration stages.
(tests/test_pdf.py is the renderer's; these read the printed words.)"""

import re
from datetime import date

import pytest

from connectors_app.decision import CATALOGUE
from connectors_app.decision.gallery import EXAMPLES
from connectors_app.pdf import render_report_pdf
from tests.pdf_text import pages_text

EXAMPLE = next(e for e in EXAMPLES if e.slug == "postmark-eu")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def printed() -> tuple[object, str]:
    rec = EXAMPLE.recommendation()
    pdf = render_report_pdf(rec=rec, today=date(2026, 11, 30))
    return rec, squash(" ".join(pages_text(pdf)))


def test_pdf_says_what_would_change_the_recommendation(printed):
    rec, text = printed
    assert rec.what_would_change
    assert "What would change this" in text
    for change in rec.what_would_change:
        assert squash(change.text) in text


def test_pdf_ranks_why_not_the_others_as_the_table_does(printed):
    rec, text = printed
    why_not = text[text.index("Why not the others") :]
    for rank, ranked in enumerate(rec.ranking[1:4], start=2):
        assert re.search(rf"\b{rank} {re.escape(ranked.connector.name)}\b", why_not)
    assert not re.search(rf"\b1 {re.escape(rec.ranking[1].connector.name)}\b", why_not)


def test_pdf_sources_say_when_they_were_checked(printed):
    _rec, text = printed
    sources = text[text.rindex("Sources") :]
    dated = [url for url in CATALOGUE.source_dates if url.replace(" ", "") in sources]
    assert dated
    assert "checked " in sources
    assert re.search(r"checked \d{1,2} [A-Z][a-z]+ 20\d\d", sources)


def test_pdf_prints_each_migration_stage_with_its_steps(printed):
    rec, text = printed
    assert rec.migration_plan
    for stage in rec.migration_plan:
        assert squash(stage.title) in text
