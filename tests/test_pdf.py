"""The downloadable PDF report: real WeasyPrint, read back with pypdf."""

import io
import logging
import socket
import subprocess
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from django.core.cache import cache as django_cache
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from connectors_app import pdf as pdf_module
from connectors_app.decision import CATALOGUE, FLOWCHART, recommend
from connectors_app.pdf import (
    ASSET_ORIGIN,
    RENDER_STATS,
    StaticOnlyFetcher,
    asset_url,
    content_disposition,
    print_context,
    render_report_pdf,
    render_slot,
    report_pdf_bytes,
)
from connectors_app.querystring import answers_query
from tests.factories import keep, relay
from tests.pdf_text import pages_text
from tests.scenarios import SCENARIOS, scenario_ids

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# One worker renders this module's PDFs, each once (see `download`).
pytestmark = pytest.mark.xdist_group("pdf")

RELAY = relay()
KEEP_POSTMARK = keep("postmark")
# Postmark cannot keep data in the EU: the criteria overrule the flowchart and the
# report plans the move away from Postmark.
POSTMARK_EU = keep("postmark", data_residency="eu")
# The longest step list under the path chart of all complete answer sets (16 steps,
# 20 lines): if its figure fits on one page, every path's does.
LONGEST_PATH = keep(
    "postmark",
    event_depth="engagement",
    suppression_source="provider",
    attachment_size="under_40mb",
    inline_images="yes",
    data_residency="eu",
)


@pytest.fixture
def empty_cache():
    # For the tests that count renders: nothing rendered before them counts.
    django_cache.clear()
    yield
    django_cache.clear()


@pytest.fixture
def logged(caplog):
    """Every record of the weasyprint and connectors_app loggers, which do not
    propagate to the root logger that caplog watches."""
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("connectors_app")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def listener():
    """A real TCP listener on a free local port: whatever connects to it, we see."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


def pdf_url(answers, workspace_name="", **extra):
    # In question order: the same answers always make the same URL.
    return f"{reverse('connectors:report-pdf')}?{answers_query(answers, workspace_name, **extra)}"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Download:
    status: int
    content: bytes
    headers: dict[str, str]
    warnings: tuple[str, ...]  # what WeasyPrint logged while rendering it

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")


@cache
def download(url: str) -> Download:
    """One request per distinct URL per test process: each PDF is rendered once, from
    an empty cache, and what WeasyPrint logged on the way is kept with it."""
    django_cache.clear()
    records = _Records()
    weasyprint = logging.getLogger("weasyprint")
    level = weasyprint.level
    weasyprint.addHandler(records)
    weasyprint.setLevel(logging.WARNING)
    try:
        response = Client().get(url)
    finally:
        weasyprint.removeHandler(records)
        weasyprint.setLevel(level)
    return Download(
        status=response.status_code,
        content=response.content,
        headers=dict(response.items()),
        warnings=tuple(records.messages),
    )


def get_pdf(answers, workspace_name="", **extra) -> Download:
    pdf = download(pdf_url(answers, workspace_name, **extra))
    assert pdf.status == 200, pdf.content[:500]
    assert pdf.headers["Content-Type"] == "application/pdf"
    return pdf


@cache
def extracted(content: bytes) -> tuple[str, ...]:
    """Each page's text, read once per PDF."""
    return pages_text(content)


def text_of(content: bytes) -> str:
    return "\n".join(extracted(content))


def page_texts(content: bytes) -> list[str]:
    return [squash(text) for text in extracted(content)]


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines where the layout wrapped."""
    return "".join(text.split())


def warnings_in(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]


# --- Content -------------------------------------------------------------------------


def test_relay_report_holds_connector_criteria_and_path():
    pdf = get_pdf(RELAY)

    reader = PdfReader(io.BytesIO(pdf.content))
    text = squash(text_of(pdf.content))
    rec = recommend(**RELAY)
    assert squash(CATALOGUE["relay"].name) in text
    for criterion in FLOWCHART.criteria:
        assert squash(criterion.name) in text
    for node_id in rec.path:
        assert squash(FLOWCHART.nodes[node_id].label) in text
    assert 1 <= len(reader.pages) <= 8
    assert pdf.warnings == ()


def test_overruled_report_holds_the_overrule_and_the_migration_plan():
    pdf = get_pdf(POSTMARK_EU)

    text = squash(text_of(pdf.content))
    rec = recommend(**POSTMARK_EU)
    assert rec.overruled is not None and rec.migration_plan
    assert squash(rec.connector.name) in text
    assert squash(rec.overruled.reason) in text
    for stage in rec.migration_plan:
        assert squash(stage.title) in text
        for step in stage.steps:
            assert squash(step) in text
    assert 1 <= len(PdfReader(io.BytesIO(pdf.content)).pages) <= 8
    assert pdf.warnings == ()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_ids())
def test_every_contract_scenario_downloads_or_says_what_is_missing(scenario):
    # Every answer set of the contract: a PDF naming its connector, with every
    # character of the app's own text rendered (a missing glyph logs a warning).
    rec = recommend(**scenario["answers"])
    pdf = download(pdf_url(scenario["answers"]))

    if not rec.complete:
        assert pdf.status == 400
        assert rec.next_question in pdf.text
        return
    assert pdf.status == 200
    # The title block names it on page one (only that page is read: pypdf is slow).
    first_page = squash(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text())
    assert squash(rec.connector.name) in first_page
    assert 1 <= len(PdfReader(io.BytesIO(pdf.content)).pages) <= 8
    assert pdf.warnings == ()


def test_keeping_the_provider_has_no_migration_plan():
    leaving = recommend(**POSTMARK_EU).migration_plan
    assert recommend(**KEEP_POSTMARK).migration_plan == ()

    text = squash(text_of(get_pdf(KEEP_POSTMARK).content))

    assert squash("Postmark") in text
    for stage in leaving:
        assert squash(stage.title) not in text


def test_title_block_names_workspace_date_and_model_version():
    pdf = get_pdf(RELAY, workspace_name="Acme Inc")

    first_page = page_texts(pdf.content)[0]
    assert "AcmeInc" in first_page
    assert squash(timezone.localdate().strftime("%-d %B %Y")) in first_page
    assert recommend(**RELAY).model_version in first_page


def test_pages_are_numbered_and_carry_a_running_header():
    pdf = get_pdf(POSTMARK_EU, workspace_name="Acme Inc")

    pages = page_texts(pdf.content)
    assert len(pages) >= 2, "the overruled report with its plan needs more than a page"
    for number, page in enumerate(pages, start=1):
        assert f"Page{number}of{len(pages)}" in page
    second = pages[1]
    assert "AcmeInc" in second
    assert recommend(**POSTMARK_EU).model_version in second


def test_flowchart_is_vector_with_a_text_alternative():
    reader = PdfReader(io.BytesIO(get_pdf(RELAY).content))

    assert all(not page.images for page in reader.pages), "no raster image for the flowchart"
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures, "the flowchart is tagged as a figure"
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


# --- Paper, metadata, tagging ----------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "paper", "size"),
    # Answer sets whose PDF other tests download too: each is rendered once.
    [(RELAY, None, (595, 842)), (LONGEST_PATH, "letter", (612, 792))],
    ids=["a4", "letter"],
)
def test_paper_size(answers, paper, size):
    extra = {"paper": paper} if paper else {}
    pdf = get_pdf(answers, **extra)

    box = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_metadata_title_subject_creation_date_and_tags():
    pdf = get_pdf(RELAY, workspace_name="Acme Inc")

    reader = PdfReader(io.BytesIO(pdf.content))
    meta = reader.metadata
    assert "Acme Inc" in meta.title and "GenieOS Relay" in meta.title
    assert "connector" in meta.subject
    assert meta.creation_date.date() == timezone.now().date()
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


# --- Download headers ----------------------------------------------------------------


def test_attachment_file_name_names_workspace_connector_and_date():
    pdf = get_pdf(POSTMARK_EU, workspace_name="Acme Inc")

    today = timezone.localdate().isoformat()
    expected = f'attachment; filename="acme-inc-amazon-ses-{today}.pdf"'
    assert pdf.headers["Content-Disposition"] == expected


# The view sends content_disposition() as is (above): its rules need no render.
def test_file_name_drops_punctuation():
    rec = recommend(**KEEP_POSTMARK, workspace_name="Acme, Inc.")

    header = content_disposition(rec=rec, today=date(2026, 11, 30))

    assert header == 'attachment; filename="acme-inc-postmark-2026-11-30.pdf"'


def test_file_name_keeps_unicode_in_filename_star_and_falls_back_to_ascii():
    rec = recommend(**RELAY, workspace_name='Zürich "Ops"; x=1\\')

    header = content_disposition(rec=rec, today=date(2026, 11, 30))

    assert header == (
        'attachment; filename="zurich-ops-x1-relay-2026-11-30.pdf"; '
        "filename*=UTF-8''z%C3%BCrich-ops-x1-relay-2026-11-30.pdf"
    )


def test_file_name_without_workspace():
    pdf = get_pdf(POSTMARK_EU)

    today = timezone.localdate().isoformat()
    expected = f'attachment; filename="connector-recommendation-amazon-ses-{today}.pdf"'
    assert pdf.headers["Content-Disposition"] == expected


# --- Bad input: a clear 400, never a 500 or a half-made PDF ------------------------------


def test_invalid_choice_is_a_400_naming_key_and_choices(client):
    response = client.get(pdf_url({**RELAY, "event_depth": "everything"}))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "event_depth" in response.text
    assert "handoff, delivery, engagement" in response.text


def test_bad_paper_is_a_400(client):
    response = client.get(pdf_url(RELAY, paper="tabloid"))

    assert response.status_code == 400
    assert "paper" in response.text and "a4, letter" in response.text


def test_too_long_workspace_name_is_a_400(client):
    response = client.get(pdf_url(RELAY, workspace_name="x" * 81))

    assert response.status_code == 400
    assert "workspace_name" in response.text


def test_incomplete_answers_are_a_400_naming_the_open_question(client):
    answers = {k: v for k, v in KEEP_POSTMARK.items() if k != "lifecycle_reporting"}

    response = client.get(pdf_url(answers, workspace_name="Acme"))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "lifecycle_reporting" in response.text
    assert FLOWCHART.questions["lifecycle_reporting"].text in response.text
    wizard_link = next(line for line in response.text.splitlines() if "://" in line)
    assert reverse("connectors:wizard") in wizard_link
    assert "current_provider=postmark" in wizard_link and "workspace_name=Acme" in wizard_link


def test_post_is_not_allowed(client):
    assert client.post(pdf_url(RELAY)).status_code == 405


@pytest.mark.parametrize(
    "extra",
    [{"paper": "tabloid"}, {"event_depth": "everything"}, {"workspace_name": "x" * 81}],
    ids=["paper", "choice", "workspace_name"],
)
def test_every_400_links_back_to_the_wizard_with_the_valid_answers(client, extra):
    answers = {k: v for k, v in RELAY.items() if k not in extra}

    response = client.get(reverse("connectors:report-pdf"), {**answers, **extra})

    assert response.status_code == 400
    link = response.text.strip().splitlines()[-1]
    url = link[link.index("http") :]
    wizard = reverse("connectors:wizard")
    assert url.startswith(f"http://testserver{wizard}?")
    query = QueryDict(url.split("?", 1)[1])
    assert {k: query[k] for k in query} == answers


# --- Cache and concurrency ---------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch, empty_cache):
    """What each real render was asked for: the renderer runs as it does in production
    (WeasyPrint in a forked child), and this records its calls, so a test can tell
    whether the cache answered or a render ran."""
    asked: list[tuple[str, str, date]] = []
    real = pdf_module.render_in_child

    def render_in_child(*, rec, paper, today, share_url):
        asked.append((rec.workspace_name, paper, today))
        return real(rec=rec, paper=paper, today=today, share_url=share_url)

    monkeypatch.setattr(pdf_module, "render_in_child", render_in_child)
    return asked


def test_repeat_download_does_no_rendering(client, renders):
    before = RENDER_STATS.renders
    first = client.get(pdf_url(RELAY, workspace_name="Acme"))
    assert first.status_code == 200
    assert RENDER_STATS.renders == before + 1

    # The same answers in another order, plus an off-path answer: the same report.
    reordered = {"workspace_name": "Acme", **dict(reversed(RELAY.items())), "smtp_only": "no"}
    query = "&".join(f"{k}={v}" for k, v in reordered.items())
    second = client.get(f"{reverse('connectors:report-pdf')}?{query}")

    assert second.status_code == 200
    assert second.content == first.content
    assert RENDER_STATS.renders == before + 1


def test_paper_size_and_workspace_are_part_of_the_cache_key(client, renders):
    for url in (pdf_url(RELAY), pdf_url(RELAY, paper="letter"), pdf_url(RELAY, "Other")):
        assert client.get(url).status_code == 200

    assert [(name, paper) for name, paper, _ in renders] == [
        ("", "a4"),
        ("", "letter"),
        ("Other", "a4"),
    ]


def test_tomorrow_renders_afresh_so_the_printed_date_stays_true(renders):
    # (The title block prints the date it is given: test_title_block_... above.)
    rec = recommend(**RELAY)
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)

    first = report_pdf_bytes(rec=rec, paper="a4", today=today)
    again = report_pdf_bytes(rec=rec, paper="a4", today=today)
    report_pdf_bytes(rec=rec, paper="a4", today=tomorrow)

    assert again == first
    assert [day for _, _, day in renders] == [today, tomorrow]


def test_busy_renderer_answers_503_with_retry_after(client, settings, renders):
    settings.PDF_RENDER_WAIT_SECONDS = 0.2
    before = RENDER_STATS.renders

    with render_slot():  # another request is rendering
        response = client.get(pdf_url(KEEP_POSTMARK))

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert RENDER_STATS.renders == before
    # Once the slot is free, the same request renders.
    assert client.get(pdf_url(KEEP_POSTMARK)).content.startswith(b"%PDF-")


def test_a_cached_report_is_served_even_while_the_renderer_is_busy(client, settings, renders):
    settings.PDF_RENDER_WAIT_SECONDS = 0.2
    first = client.get(pdf_url(KEEP_POSTMARK))

    with render_slot():
        again = client.get(pdf_url(KEEP_POSTMARK))

    assert again.status_code == 200
    assert again.content == first.content


def test_a_failing_render_is_logged_and_answered_503_not_500(
    client, settings, tmp_path, logged, empty_cache
):
    # A print template that cannot render stands in for any bug in the render.
    broken = tmp_path / "templates" / "connectors"
    broken.mkdir(parents=True)
    (broken / "report_pdf.html").write_text('{% include "connectors/no-such-part.html" %}')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]

    response = client.get(pdf_url(RELAY))

    assert response.status_code == 503
    assert not response.content.startswith(b"%PDF")
    assert "could not be made" in response.text
    assert any("PDF render failed" in r.getMessage() for r in logged.records)


def test_a_failing_warm_up_is_logged_and_lets_the_worker_start(monkeypatch, logged):
    # gunicorn warms each worker as it starts: a broken render must not stop it.
    def broken(**kwargs):
        raise RuntimeError("dot is missing")

    monkeypatch.setattr(pdf_module, "render_report_pdf", broken)

    pdf_module.warm_up()

    assert any("PDF warm-up failed" in r.getMessage() for r in logged.records)


# --- Safety: user text stays text, nothing is fetched --------------------------------------


# What a workspace name might smuggle in, each reaching for a file or the network.
MARKUP = (
    '<img src="http://127.0.0.1:{port}/x">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(http://127.0.0.1:{port}/y);</style>",
    '<svg><image href="http://127.0.0.1:{port}/z"/></svg>',
    '<p style="background:url(file:///etc/passwd)">',
)


def test_workspace_name_markup_is_literal_text_and_fetches_nothing(logged, listener):
    # All of it in one name (longer than the form allows: the renderer must not rely on
    # that), so one render tries every kind.
    port = listener.getsockname()[1]
    markup = [m.format(port=port) for m in MARKUP]
    name = " ".join(markup)
    rec = replace(recommend(**RELAY), workspace_name=name)
    share = f"https://wizard.example/report/?{answers_query(RELAY, name)}"
    fetcher = StaticOnlyFetcher()

    content = render_report_pdf(rec=rec, share_url=share, fetcher=fetcher)

    reader = PdfReader(io.BytesIO(content))
    text = squash(text_of(content))
    assert all(squash(m) in text for m in markup)
    assert name in reader.metadata.title
    assert reader.attachments == {}
    assert_no_connection(listener)
    # The print stylesheets come parsed; the document itself asked for nothing at all.
    assert fetcher.served == [] and fetcher.refused == []
    assert warnings_in(logged) == []


def test_fetcher_refuses_everything_but_allowlisted_static_files(logged, listener):
    # As if escaping had failed: raw markup straight into WeasyPrint with our fetcher.
    port = listener.getsockname()[1]
    html = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">
      <link rel="stylesheet" href="{ASSET_ORIGIN}/static/css/app.css">
      <link rel="stylesheet" href="{ASSET_ORIGIN}/static/css/../../../etc/passwd">
      <link rel="stylesheet" href="{asset_url("css/print.css")}">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url(http://127.0.0.1:{port}/b.css);</style>
      </head><body>
      <img src="http://127.0.0.1:{port}/c.png" alt="c">
      <img src="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E" alt="d">
      <p>text</p></body></html>"""
    fetcher = StaticOnlyFetcher()

    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()

    assert fetcher.served == [asset_url("css/print.css")]
    refused = " ".join(fetcher.refused)
    for fragment in ("/a.css", "/b.css", "/c.png", "css/app.css", "passwd", "data:image"):
        assert fragment in refused
    assert PdfReader(io.BytesIO(pdf)).attachments == {}
    assert_no_connection(listener)
    assert len([r for r in logged.records if "PDF fetcher refused" in r.getMessage()]) == len(
        fetcher.refused
    )


# One name for both tests below, so one render.
WORLD_NAME = "東京チーム Zürich Łódź Ørsted Ωμέγα Москва עברית العربية हिन्दी ไทย ✓ → € ½"


def test_every_character_of_common_scripts_renders():
    pdf = get_pdf(RELAY, workspace_name=WORLD_NAME)

    assert squash("Zürich Łódź Ørsted Ωμέγα Москва") in squash(text_of(pdf.content))
    assert not [m for m in pdf.warnings if ".notdef" in m]


# --- For a person to look at -------------------------------------------------------------


@pytest.mark.parametrize(("label", "answers"), [("relay", RELAY), ("postmark-eu", POSTMARK_EU)])
def test_first_pages_as_png_artefacts(label, answers):
    pdf = get_pdf(answers, workspace_name="Acme Inc")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / f"report-{label}.pdf"
    pdf_path.write_bytes(pdf.content)

    prefix = ARTIFACTS / f"report-{label}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf_path), str(prefix)],
        check=True,
        timeout=60,
    )

    first = next(ARTIFACTS.glob(f"report-{label}-*1.png"))
    assert first.read_bytes().startswith(b"\x89PNG")


# --- Layout: the few checks that guard a regression once seen ----------------------------


def score_rows_on(page: str) -> int:
    """How many criteria-table rows (numbered "1.GenieOSRelay" ...) a page holds."""
    rec = recommend(**RELAY)
    return sum(
        f"{n}.{squash(ranked.connector.name)}" in page for n, ranked in enumerate(rec.ranking, 1)
    )


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_longest_path_figure_stays_on_one_page_with_its_heading(paper):
    extra = {"paper": paper} if paper != "a4" else {}
    pages = page_texts(get_pdf(LONGEST_PATH, **extra).content)

    # The full-width chart takes a page with its heading, caption and whole step list:
    # each paper's height cap on the chart leaves room for the longest list. Without it
    # the figure moves on alone and leaves its heading on a page of its own.
    path_page = next(p for p in pages if squash("Your path through the flowchart") in p)
    assert squash("The path, step by step") in path_page
    last_step = f"Recommended: {recommend(**LONGEST_PATH).connector.name}."
    assert squash(last_step) in path_page


def test_the_criteria_table_keeps_most_rows_on_its_first_landscape_page():
    pages = page_texts(get_pdf(RELAY).content)

    table_pages = [p for p in pages if score_rows_on(p)]
    assert score_rows_on(table_pages[0]) >= 6
    assert len(table_pages) <= 2


def text_runs(page) -> list[tuple[str, float]]:
    """(text, x of its start in mm from the page's left edge) for each run on a page."""
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x, y = tm[4], tm[5]
            runs.append((text.strip(), (x * cm[0] + y * cm[2] + cm[4]) / 72 * 25.4))

    page.extract_text(visitor_text=visit)
    return runs


def test_criteria_table_overall_column_sits_inside_the_page():
    # Letter's landscape page is the narrower one: if the Overall column fits there, it
    # fits on A4 (it once ran off the page).
    reader = PdfReader(io.BytesIO(get_pdf(LONGEST_PATH, paper="letter").content))
    rec = recommend(**LONGEST_PATH)
    scores = {f"{ranked.score:.2f}" for ranked in rec.ranking}
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    # The wide pages' right margin is 12 mm; "Overall" and a score such as "0.80"
    # need about 9 mm of a 6.5 pt line, so each must start at least that far inside.
    overall = [
        (text, x)
        for page in landscape
        for text, x in text_runs(page)
        if text == "Overall" or text in scores
    ]
    width = float(landscape[0].mediabox.width) / 72 * 25.4
    headers = [x for text, x in overall if text == "Overall"]
    assert headers, "the Overall header is on the landscape pages"
    assert len(overall) - len(headers) >= len(rec.ranking)
    assert max(x for _, x in overall) <= width - 12 - 9, overall


# The longest path's table is long too: its criteria notes once spilled onto a last
# landscape page of their own.
@pytest.mark.parametrize("answers", [POSTMARK_EU, LONGEST_PATH], ids=["overruled", "longest"])
def test_no_near_empty_page(answers):
    pages = page_texts(get_pdf(answers).content)

    # Page furniture (running header, page number) is about 80 characters; the spilled
    # notes made a last page of about 450, the emptiest page now holds about 1,900.
    assert min(len(p) for p in pages) > 1000, [len(p) for p in pages]


def test_printed_link_reads_as_text_and_keeps_the_real_url_as_target():
    rec = recommend(**{**RELAY, "workspace_name": "東京チーム"})
    share = "https://wizard.example/report/?workspace_name=%E6%9D%B1%E4%BA%AC%20x&a=1"

    context = print_context(
        rec=rec, paper="a4", today=timezone.localdate(), created=timezone.now(), share_url=share
    )

    assert context["share_url"] == "https://wizard.example/report/?workspace_name=東京%20x&a=1"
    assert context["share_href"] == share


def test_printed_link_in_the_pdf_shows_the_workspace_name_unencoded():
    text = squash(text_of(get_pdf(RELAY, workspace_name=WORLD_NAME).content))

    assert "workspace_name=東京チーム" in text
    assert "%E6" not in text
