"""The one-stop desk in Wagtail's admin: the inbox (a ``ModelViewSet`` index with
filters, search and CSV/XLSX export), the dossier (answers, files, timeline,
opinions, the actions its state allows), file downloads and the slips.

Every view starts from ``permissions.visible_dossiers``: a dossier of another
unit is not found (404), whatever the route — list, URL, file, export, slip.
"""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.db.models import QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from dossiers import desk, permissions, receipts, slips
from dossiers.enums import TRANSITIONS, DossierStatus
from dossiers.models import (
    APPLICANT_FILE_ROLES,
    Dossier,
    DossierFile,
    DossierFileRole,
    DossierRating,
)
from forms_library.online.models import OnlineServicePage
from forms_library.services import attachment_response
from forms_library.validation.scanners import is_servable_status
from procedure_pages.models import ProcedurePage
from sites.models import AdministrativeUnit

# Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DeskPermissionPolicy(ModelPermissionPolicy):
    """Desk members and IT staff may view (and export) dossiers; nobody adds,
    edits or deletes them here: they change through the desk's actions only.
    Which dossiers is ``permissions.visible_dossiers``'s answer."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and permissions.is_desk_user(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return "view" in actions and permissions.is_desk_user(user)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        return (
            action == "view"
            and permissions.visible_dossiers(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user: Any, action: str) -> Any:
        if action != "view":
            return Dossier.objects.none()
        return permissions.visible_dossiers(user)


permission_policy = DeskPermissionPolicy(Dossier)
register_permission_policy(Dossier, permission_policy)


def procedures_with_online_service(request: HttpRequest | None) -> QuerySet[Any]:
    """The procedures that can have dossiers (those with an online service):
    one query, whatever the number of dossiers."""
    parents = OnlineServicePage.objects.annotate(
        parent_path=Substr("path", 1, Length("path") - ProcedurePage.steplen)
    ).values("parent_path")
    return ProcedurePage.objects.filter(path__in=parents).order_by("title")


class Role:
    RECEIVED = "received"
    OPINION = "opinion"
    ALL = "all"


def listed_dossiers(user: Any, role: str) -> QuerySet[Dossier]:
    """The inbox's dossiers for ``role`` (always within what the user may see)."""
    if permissions.sees_everything(user):
        return Dossier.objects.all()
    if role == Role.OPINION:
        return permissions.opinion_dossiers(user)
    if role == Role.ALL:
        return permissions.visible_dossiers(user)
    return permissions.received_dossiers(user)


class DossierFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=DossierStatus.choices
    )
    procedure = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Procedure"), queryset=procedures_with_online_service
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Received"), widget=DateRangePickerWidget
    )
    due = django_filters.ChoiceFilter(
        label=gettext_lazy("Deadline"),
        choices=[
            (desk.Due.DUE_SOON, gettext_lazy("Due within 3 working days")),
            (desk.Due.OVERDUE, gettext_lazy("Overdue")),
        ],
        method="filter_due",
    )
    # Which list: the unit's own dossiers (the default), those it was asked an
    # opinion on, or both. The view builds its base queryset from it (one
    # index range per list, rather than an OR no index serves).
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("List"),
        choices=[
            (Role.RECEIVED, gettext_lazy("Received by my unit")),
            (Role.OPINION, gettext_lazy("Opinion asked of my unit")),
            (Role.ALL, gettext_lazy("Both")),
        ],
        empty_label=None,
        method="filter_role",
    )

    class Meta:
        model = Dossier
        fields = ["status", "procedure", "submit_time", "due", "role"]

    def filter_due(self, queryset: Any, name: str, value: str) -> Any:
        return desk.filter_due(queryset, value)

    def filter_role(self, queryset: Any, name: str, value: str) -> Any:
        return queryset  # applied by DossierIndexView.get_base_queryset


class StatusColumn(Column):
    cell_template_name = "dossiers/admin/status_cell.html"


class DueColumn(Column):
    cell_template_name = "dossiers/admin/due_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> Any:
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue()
        context["stopped"] = instance.clock_stopped_on is not None
        return context


def csv_safe(value: Any) -> Any:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class DossierIndexView(generic.IndexView):
    """The inbox: the unit's dossiers and those it was asked about."""

    any_permission_required = ["view"]
    filterset_class = DossierFilterSet
    default_ordering = "-submit_time"
    export_headings = {
        "code": gettext_lazy("Dossier code"),
        "applicant_name": gettext_lazy("Applicant"),
        "procedure.code": gettext_lazy("Procedure code"),
        "procedure.title": gettext_lazy("Procedure"),
        "unit.name": gettext_lazy("Receiving unit"),
        "get_status_display": gettext_lazy("Status"),
        "submit_time": gettext_lazy("Received"),
        "appointment_date": gettext_lazy("Appointment date"),
        "is_late": gettext_lazy("Late"),
        "assigned_to": gettext_lazy("Assigned to"),
    }
    list_export = list(export_headings)
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {"csv": csv_safe},
    }
    custom_field_preprocess = {
        "is_late": {
            "csv": lambda v: _("yes") if v else _("no"),
            "xlsx": lambda v: _("yes") if v else _("no"),
        },
        "assigned_to": {"csv": csv_safe, "xlsx": lambda v: str(v or "")},
    }

    def get_base_queryset(self) -> QuerySet[Dossier]:
        role = self.request.GET.get("role") or Role.RECEIVED
        return (
            listed_dossiers(self.request.user, role)
            .select_related("procedure", "unit", "assigned_to")
            .defer("form_data")
        )

    def get_filterset_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def get_filename(self) -> str:
        return f"ho-so-{timezone.localdate():%Y%m%d}"

    def get_page_title(self) -> str:
        return _("One-stop desk")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "code",
                label=gettext_lazy("Dossier code"),
                url_name="dossiers_desk:detail",
                sort_key="code",
            ),
            Column("applicant_name", label=gettext_lazy("Applicant")),
            # The code keeps rows short; the dossier page has the full name.
            Column(
                "procedure",
                label=gettext_lazy("Procedure code"),
                accessor="procedure.code",
            ),
            Column("unit", label=gettext_lazy("Receiving unit")),
            StatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
            DateColumn(
                "submit_time", label=gettext_lazy("Received"), sort_key="submit_time"
            ),
            DueColumn(
                "appointment_date",
                label=gettext_lazy("Appointment date"),
                sort_key="appointment_date",
            ),
            Column("assigned_to", label=gettext_lazy("Assigned to")),
        ]


class DossierViewSet(ModelViewSet):
    """Admin menu "Hồ sơ một cửa": the inbox; the dossier pages are ours."""

    model = Dossier
    name = "dossiers_desk"
    url_prefix = "ho-so-mot-cua"
    icon = "folder-inverse"
    menu_label = gettext_lazy("One-stop desk")
    menu_order = 50
    add_to_admin_menu = True
    index_view_class = DossierIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["code", "applicant_name"]
    search_backend_name = None
    list_per_page = 25
    form_fields = ["status"]

    @property
    def export_filename(self) -> str:
        return "ho-so"

    def get_urlpatterns(self) -> list[Any]:
        # The index and its results only: dossiers are never added, edited or
        # deleted as models, they change through the desk's actions.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", DossierDetailView.as_view(), name="detail"),
            path("<int:pk>/action/<str:action>/", act, name="action"),
            path("<int:pk>/files/<int:file_pk>/", download, name="file"),
            path("<int:pk>/phieu/<str:kind>.pdf", slip_pdf, name="slip"),
        ]


def dossier_for(request: HttpRequest, pk: int) -> Dossier:
    """The dossier if the user may see it; 404 otherwise (never 403)."""
    queryset = permissions.visible_dossiers(request.user).select_related(
        "procedure", "unit", "unit__site_profile", "assigned_to"
    )
    return get_object_or_404(queryset, pk=pk)


class ActionForm(forms.Form):
    """The fields any desk action may use; each action reads its own."""

    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    internal_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.all(), required=False
    )
    due_date = forms.DateField(required=False)
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True), required=False
    )


# What each action's form shows (the template reads these).
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "accept": ("message",),
    "refuse": ("message",),
    "request_supplement": ("message",),
    "ask_opinion": ("unit", "message", "due_date", "files"),
    "answer_opinion": ("message", "files"),
    "approve": ("message", "internal_note"),
    "reject": ("message", "internal_note"),
    "extend": ("due_date", "message"),
    "attach_result": ("files", "message"),
    "return": ("message",),
    "assign": ("assignee",),
    "note": ("message",),
}
ACTION_LABELS = {
    "accept": gettext_lazy("Accept and process"),
    "refuse": gettext_lazy("Refuse to receive"),
    "request_supplement": gettext_lazy("Request a supplement"),
    "ask_opinion": gettext_lazy("Ask an agency for its opinion"),
    "answer_opinion": gettext_lazy("Give the opinion"),
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Reject"),
    "extend": gettext_lazy("New appointment date (apology slip)"),
    "attach_result": gettext_lazy("Attach the result"),
    "return": gettext_lazy("Result returned to the applicant"),
    "assign": gettext_lazy("Assign"),
    "note": gettext_lazy("Internal note"),
}
MESSAGE_LABELS = {
    "refuse": gettext_lazy("Reason (shown to the applicant)"),
    "reject": gettext_lazy("Reason (shown to the applicant)"),
    "request_supplement": gettext_lazy("Documents requested (shown to the applicant)"),
    "ask_opinion": pgettext_lazy("opinion", "Question"),
    "answer_opinion": gettext_lazy("Opinion"),
    "extend": gettext_lazy("Reason for the delay (shown to the applicant)"),
    "attach_result": gettext_lazy("Decision, result (shown to the applicant)"),
    "note": gettext_lazy("Note (staff only)"),
}


class DossierDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "dossiers/admin/detail.html"
    header_icon = "folder-open-inverse"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.dossier = dossier_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Dossier %(code)s") % {"code": self.dossier.code}

    def get_page_subtitle(self) -> str:
        return str(self.dossier.procedure)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("dossiers_desk:index"), "label": _("One-stop desk")},
            {"url": "", "label": self.dossier.code},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dossier = self.dossier
        lead = permissions.is_lead(user, dossier)
        my_units = permissions.desk_units(user).all
        opinions = dossier.opinion_requests.select_related(
            "unit", "asked_by", "answered_by"
        )
        files = dossier.files.select_related("opinion")
        events = dossier.events.select_related("user")
        if not lead:
            # A co-processing agency: the applicant's dossier and its own
            # requests, never the lead unit's notes or other agencies' opinions.
            opinions = opinions.filter(unit__in=my_units)
            files = files.filter(role__in=APPLICANT_FILE_ROLES) | files.filter(
                opinion__unit__in=my_units
            )
            events = events.filter(public=True)
        allowed = desk.allowed(user, dossier)
        answers = dossier.form_data.get("answers", {})
        every_file = list(files.order_by("pk"))
        for item in every_file:
            item.servable = is_servable_status(item.scan_status)
        labels = dossier.form_data.get("labels", {})
        context.update(
            dossier=dossier,
            lead=lead,
            answers=[
                (labels.get(name, name), value)
                for name, value in answers.items()
                if value not in (None, "", [])
            ],
            files=[
                f for f in files.order_by("pk") if f.role != DossierFileRole.OPINION
            ],
            opinion_files=[
                f for f in files.order_by("pk") if f.role == DossierFileRole.OPINION
            ],
            events=list(events),
            opinions=list(opinions),
            supplements=list(dossier.supplement_requests.all()) if lead else [],
            actions=[
                {
                    "name": name,
                    "label": ACTION_LABELS.get(name, name),
                    "fields": ACTION_FIELDS.get(name, ("message",)),
                    "needs_reason": TRANSITIONS[name].needs_reason,
                    "message_label": MESSAGE_LABELS.get(
                        name, gettext_lazy("Message (shown to the applicant)")
                    ),
                }
                for name in allowed
            ],
            units=AdministrativeUnit.objects.exclude(pk=dossier.unit_id).order_by(
                "kind", "name"
            )
            if "ask_opinion" in allowed
            else [],
            suggested_units=_suggested_units(dossier)
            if "ask_opinion" in allowed
            else [],
            members=permissions.desk_members(dossier.unit_id)
            if "assign" in allowed
            else [],
            slips=slips.available(dossier, slips.STAFF_SLIPS) if lead else [],
            slip_labels={kind: receipts.slip(kind).title for kind in slips.STAFF_SLIPS},
            overdue=dossier.is_overdue(),
            today=timezone.localdate(),
            # The applicant's satisfaction rating: read only, the lead unit's.
            rating=DossierRating.objects.filter(dossier=dossier).first()
            if lead
            else None,
        )
        return context


def _suggested_units(dossier: Dossier) -> list[AdministrativeUnit]:
    """The procedure's co-processing agencies' units (cơ quan phối hợp)."""
    return list(
        AdministrativeUnit.objects.filter(
            agencies__procedures_co_processed=dossier.procedure_id
        )
        .exclude(pk=dossier.unit_id)
        .distinct()
    )


def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST one desk action; back to the dossier with what happened."""
    if request.method != "POST":
        raise Http404
    dossier = dossier_for(request, pk)
    form = ActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if form.errors:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
        return redirect("dossiers_desk:detail", pk=pk)
    try:
        desk.perform(
            request.user,
            dossier,
            action,
            desk.ActionData(
                message=data.get("message") or "",
                internal_note=data.get("internal_note") or "",
                unit=data.get("unit"),
                due_date=data.get("due_date"),
                assignee=data.get("assignee"),
                files=request.FILES.getlist("files"),
            ),
        )
    except desk.services.TransitionNotAllowed as refused:
        messages.error(
            request,
            _("This action is not allowed now. Allowed: %(actions)s.")
            % {
                "actions": ", ".join(
                    str(ACTION_LABELS.get(a, a)) for a in refused.allowed
                )
                or "—"
            },
        )
    except desk.InvalidAction as invalid:
        for texts in invalid.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(action)s: done.") % {"action": ACTION_LABELS.get(action, action)},
        )
    return redirect("dossiers_desk:detail", pk=pk)


def download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A dossier's file, for those who may see it (and only once scanned clean
    when a scanner is configured)."""
    dossier = dossier_for(request, pk)
    item = get_object_or_404(
        DossierFile.objects.select_related("opinion"), pk=file_pk, dossier=dossier
    )
    if not permissions.is_lead(request.user, dossier):
        mine = permissions.desk_units(request.user).all
        own_opinion = item.opinion is not None and item.opinion.unit_id in mine
        if item.role not in APPLICANT_FILE_ROLES and not own_opinion:
            raise Http404
    if not is_servable_status(item.scan_status):
        raise Http404
    storage = storages["private"]
    response = attachment_response(
        storage.open(item.stored_name, "rb"), item.display_name, size=item.size
    )
    response["Cache-Control"] = "private, no-store"
    return response


def slip_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    dossier = dossier_for(request, pk)
    if kind not in slips.STAFF_SLIPS or not permissions.is_lead(request.user, dossier):
        raise Http404
    data = slips.pdf(request, dossier, kind)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slips.filename(dossier, kind)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


desk_viewset = DossierViewSet()
