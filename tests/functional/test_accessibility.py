"""axe-core (shipped offline by axe-playwright-python) over the public pages at a
desktop and a 390 px phone width: no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.functional.test_citizen_mobile import a_small_province, public_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def province():  # type: ignore[no-untyped-def]
    return a_small_province()


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_serious_accessibility_violation(
    browser, site_url, province, width
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=WIDTHS[width], locale="vi-VN")
    page = context.new_page()
    found = {}
    try:
        for host, path in public_pages(province):
            page.goto(site_url(host, path))
            results = axe.run(page)
            violations = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in results.response["violations"]
                if v["impact"] in BLOCKING
            ]
            if violations:
                found[f"{host}{path}"] = violations
    finally:
        context.close()
    assert found == {}
