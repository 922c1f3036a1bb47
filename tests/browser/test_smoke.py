from django.urls import reverse


def test_home_page_renders_in_chromium(live_server, page, artifacts):
    page.goto(live_server.url + reverse("connectors:home"))

    assert page.get_by_role("heading", level=1).is_visible()
    page.screenshot(path=artifacts / "home.png", full_page=True)
