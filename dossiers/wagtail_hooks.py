"""Admin: the calendar's announced changes, agency codes and slip formats as
snippets; citizens' dossiers kept out of Wagtail's generic form submissions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from dossiers.models import CalendarDay, Dossier, ReceivingAgencyCode, SlipFormat
from forms_library.online.models import OnlineServicePage


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
