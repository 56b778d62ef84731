"""Admin: the calendar's announced changes, agency codes and slip formats as
snippets; citizens' dossiers kept out of Wagtail's generic form submissions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from dossiers import desk, feedback, permissions
from dossiers.admin_views import desk_viewset
from dossiers.feedback_admin import feedback_viewset
from dossiers.models import (
    CalendarDay,
    Dossier,
    FeedbackStatus,
    Notification,
    ReceivingAgencyCode,
    SlipFormat,
)
from forms_library.online.models import OnlineServicePage
from sites.provisioning import PROVISIONED_HOOK


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    list_display = ["date", "kind", "note"]


class ReceivingAgencyCodeViewSet(SnippetViewSet):
    model = ReceivingAgencyCode
    icon = "tag"
    list_display = ["code", "unit"]
    search_fields = ["code"]


class SlipFormatViewSet(SnippetViewSet):
    model = SlipFormat
    icon = "doc-full"
    list_display = ["kind", "title", "form_number"]


class DossierSettingsGroup(SnippetViewSetGroup):
    items = (CalendarDayViewSet, ReceivingAgencyCodeViewSet, SlipFormatViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Hồ sơ trực tuyến"
    menu_name = "dossier-settings"


register_snippet(DossierSettingsGroup)


@hooks.register("filter_form_submissions_for_user")
def hide_dossiers_from_form_submissions(user: Any, editable_forms: Any) -> Any:
    """Dossiers hold personal data that only the receiving unit may see (the
    processing desk): never list them as Wagtail form submissions to editors."""
    return editable_forms.not_type(OnlineServicePage)


@hooks.register("before_delete_page")
def keep_services_that_received_dossiers(
    request: HttpRequest, page: Any
) -> HttpResponse | None:
    """Dossiers point to the service they were submitted to: such a service is
    unpublished, never deleted (the database would refuse anyway)."""
    pages = page.get_descendants(inclusive=True).type(OnlineServicePage)
    if not Dossier.objects.filter(page__in=pages).exists():
        return None
    messages.error(
        request,
        _(
            "This online service has received dossiers and cannot be deleted: "
            "unpublish it instead."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# --- the one-stop desk (issue 12) --------------------------------------------------

hooks.register("register_admin_viewset", lambda: desk_viewset)
# Citizens' feedback (issue 17): the receiving unit's desk answers it.
hooks.register("register_admin_viewset", lambda: feedback_viewset)
# A new unit's site comes with its desk's staff and leaders' groups.
hooks.register(PROVISIONED_HOOK, permissions.provisioned)


class DeskPanel(Component):
    """Home page counters: new dossiers, due soon, overdue, opinions asked."""

    name = "dossier_desk"
    order = 50
    template_name = "dossiers/admin/home_panel.html"

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        index = reverse("dossiers_desk:index")
        feedback_items = []
        if "feedback" in self.counts:
            feedback_items.append(
                (
                    "feedback",
                    gettext_lazy("New feedback"),
                    self.counts["feedback"],
                    f"{reverse('dossier_feedback:index')}?status=new",
                )
            )
        return {
            "items": [
                (
                    "new",
                    gettext_lazy("New"),
                    self.counts["new"],
                    f"{index}?status=received",
                ),
                (
                    "due_soon",
                    gettext_lazy("Due within 3 working days"),
                    self.counts["due_soon"],
                    f"{index}?due={desk.Due.DUE_SOON}",
                ),
                (
                    "overdue",
                    gettext_lazy("Overdue"),
                    self.counts["overdue"],
                    f"{index}?due={desk.Due.OVERDUE}",
                ),
                (
                    "opinions",
                    gettext_lazy("Opinions to give"),
                    self.counts["opinions"],
                    f"{index}?role=opinion",
                ),
                *feedback_items,
            ]
        }


@hooks.register("construct_homepage_panels")
def add_desk_panel(request: HttpRequest, panels: list[Any]) -> None:
    if permissions.is_desk_user(request.user):
        counts = desk.counters(request.user)
        if feedback.is_feedback_user(request.user):
            counts["feedback"] = (
                feedback.visible_feedback(request.user)
                .filter(status=FeedbackStatus.NEW)
                .count()
            )
        panels.append(DeskPanel(counts))


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """IT staff watch the outbox (read only)."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and permissions.sees_everything(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return "view" in actions and permissions.sees_everything(user)


register_permission_policy(Notification, OutboxPermissionPolicy(Notification))


class OutboxIndexView(generic.IndexView):
    any_permission_required = ["view"]
    list_filter = ["status", "channel"]
    default_ordering = "-created_at"

    columns = [
        Column("dossier", label=gettext_lazy("Dossier")),
        Column(
            "channel", label=gettext_lazy("Channel"), accessor="get_channel_display"
        ),
        Column("recipient", label=gettext_lazy("Recipient")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("attempts", label=gettext_lazy("Attempts")),
        DateColumn("created_at", label=gettext_lazy("Written")),
        DateColumn("sent_at", label=gettext_lazy("Sent")),
        Column("last_error", label=gettext_lazy("Last error")),
    ]

    def get_base_queryset(self) -> Any:
        return Notification.objects.select_related("dossier")


class OutboxViewSet(ModelViewSet):
    """Settings → "Thông báo gửi người nộp": the outbox, for IT staff."""

    model = Notification
    name = "dossier_outbox"
    url_prefix = "thong-bao-ho-so"
    icon = "mail"
    menu_label = gettext_lazy("Notices to applicants")
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = OutboxIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["recipient", "dossier__code"]
    search_backend_name = None
    form_fields = ["status"]

    def get_urlpatterns(self) -> list[Any]:
        from django.urls import path

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


hooks.register("register_admin_viewset", OutboxViewSet)
