"""The charts in a real browser: Chart.js from our static files draws every
canvas of /thong-ke/ and of the admin roadmap, with no script error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.dossiers.conftest import PORTAL

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRAWN = (
    "Array.from(document.querySelectorAll('canvas[data-chart]'))"
    ".map(c => Boolean(window.Chart && window.Chart.getChart(c)))"
)
# Waits until every canvas has its chart (the script runs after load).
ALL_DRAWN = (
    f"(() => {{ const d = {DRAWN}; return d.length > 0 && d.every(Boolean); }})()"
)


def test_the_charts_are_drawn(browser, page, site_url, dossiers):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url(PORTAL, "/thong-ke/?nam=2026"))
    page.wait_for_function("window.Chart !== undefined")
    page.wait_for_function(ALL_DRAWN)
    # Per month, then per receiving unit (horizontal bars).
    assert page.evaluate(DRAWN) == [True, True]
    assert (
        page.evaluate(
            "Chart.getChart(document.getElementById('unit-chart')).options.indexAxis"
        )
        == "y"
    )
    page.get_by_role("link", name="Thống kê").click()
    page.wait_for_url("**/thong-ke/")

    user = dossiers.sxd_staff
    user.groups.add(Group.objects.get_or_create(name="Lãnh đạo")[0])
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN")
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": site_url(PORTAL, "/"),
            }
        ]
    )
    admin = context.new_page()
    admin.on("pageerror", lambda error: errors.append(str(error)))
    admin.goto(site_url(PORTAL, "/admin/thong-ke/?nam=2026"))
    admin.wait_for_function("window.Chart !== undefined")
    admin.wait_for_function(ALL_DRAWN)
    assert admin.evaluate(DRAWN) == [True]
    context.close()
    assert errors == []
