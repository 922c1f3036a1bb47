from connectors_app.decision.gallery import EXAMPLES, gallery_markdown
from connectors_app.management.commands.advice_gallery import GALLERY


def test_the_gallery_file_matches_the_advice_the_engine_gives_today():
    assert GALLERY.read_text() == gallery_markdown(), "run manage.py advice_gallery"


def test_the_gallery_covers_every_kind_of_recommendation():
    recs = [example.recommendation() for example in EXAMPLES]

    assert all(rec.complete for rec in recs)
    assert {rec.connector.family for rec in recs} == {"relay", "esp_api", "smtp", "lifecycle"}
    assert any(rec.overruled for rec in recs) and any(rec.migration_plan for rec in recs)
    assert len({example.slug for example in EXAMPLES}) == len(EXAMPLES)
