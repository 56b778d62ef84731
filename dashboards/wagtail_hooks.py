from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from dashboards import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [
        path("thong-ke/", admin_views.roadmap, name="dashboards_roadmap"),
        path(
            "thong-ke/bao-cao-<int:year>.<str:ext>",
            admin_views.report_file,
            name="dashboards_report",
        ),
    ]


class DashboardsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return admin_views.can_see(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item() -> MenuItem:
    return DashboardsMenuItem(
        _("Roadmap and scorecard"),
        reverse("dashboards_roadmap"),
        icon_name="table",
        order=900,
    )
