from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dashboards import admin_views
from dashboards.models import IndicatorPoints


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


class IndicatorPointsViewSet(SnippetViewSet):
    """The scorecard's points per indicator (configuration: a new decision is a
    change of these rows). Superusers and groups given the model's permissions."""

    model = IndicatorPoints
    icon = "tasks"
    list_display = ["indicator", "max_points", "note"]
    add_to_admin_menu = False


register_snippet(IndicatorPointsViewSet)
