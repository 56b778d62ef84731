"""The feedback inbox in Wagtail's admin (*Phản ánh, kiến nghị*): the items
routed to the user's desk units (every one for IT staff), filters by status
and topic, and the item's page where the receiving unit's desk sets the status
and writes the answer. Every route starts from ``feedback.visible_feedback``:
another unit's item is not found (404), whatever the URL.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from dossiers import feedback
from dossiers.models import Feedback, FeedbackStatus


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """View only, as a model: items change through the item page's form."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and feedback.is_feedback_user(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return "view" in actions and feedback.is_feedback_user(user)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        return (
            action == "view"
            and feedback.visible_feedback(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user: Any, action: str) -> Any:
        if action != "view":
            return Feedback.objects.none()
        return feedback.visible_feedback(user)


register_permission_policy(Feedback, FeedbackPermissionPolicy(Feedback))


class StatusColumn(Column):
    cell_template_name = "dossiers/admin/status_cell.html"


class FeedbackIndexView(generic.IndexView):
    any_permission_required = ["view"]
    list_filter = ["status", "topic"]
    default_ordering = "-created_at"

    def get_base_queryset(self) -> QuerySet[Feedback]:
        return feedback.visible_feedback(self.request.user).select_related("unit")

    def get_page_title(self) -> str:
        return _("Feedback and recommendations")

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "code",
                label=gettext_lazy("Feedback code"),
                url_name="dossier_feedback:detail",
                sort_key="code",
            ),
            Column("subject", label=gettext_lazy("Subject")),
            Column("topic", label=gettext_lazy("Topic"), accessor="get_topic_display"),
            Column("unit", label=gettext_lazy("Receiving unit")),
            StatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
            DateColumn("created_at", label=gettext_lazy("Sent"), sort_key="created_at"),
        ]


def item_for(request: HttpRequest, pk: int) -> Feedback:
    """The item if the user may see it; 404 otherwise (never 403)."""
    queryset = feedback.visible_feedback(request.user).select_related("unit")
    return get_object_or_404(queryset, pk=pk)


class ChangeForm(forms.Form):
    status = forms.ChoiceField(choices=FeedbackStatus.choices)
    answer = forms.CharField(
        required=False, max_length=feedback.ANSWER_MAX, widget=forms.Textarea
    )
    internal_note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea
    )


class FeedbackDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "dossiers/admin/feedback_detail.html"
    header_icon = "mail"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.item = item_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Feedback %(code)s") % {"code": self.item.code}

    def get_page_subtitle(self) -> str:
        return self.item.subject

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("dossier_feedback:index"),
                "label": _("Feedback and recommendations"),
            },
            {"url": "", "label": self.item.code},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        handles = feedback.can_handle(self.request.user, item)
        statuses = dict(FeedbackStatus.choices)
        context.update(
            item=item,
            handles=handles,
            next_statuses=[
                (value, statuses[value])
                for value in feedback.NEXT_STATUSES.get(item.status, ())
            ]
            if handles
            else [],
            events=list(item.events.select_related("user")),
            statuses=statuses,
        )
        return context


def change(request: HttpRequest, pk: int) -> HttpResponse:
    """POST a status and an answer; back to the item with what happened."""
    if request.method != "POST":
        raise Http404
    item = item_for(request, pk)
    if not feedback.can_handle(request.user, item):
        raise Http404
    form = ChangeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("dossier_feedback:detail", pk=pk)
    data = form.cleaned_data
    try:
        feedback.change(
            item,
            request.user,
            data["status"],
            answer=data.get("answer") or "",
            internal_note=data.get("internal_note") or "",
        )
    except feedback.InvalidChange as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("dossier_feedback:detail", pk=pk)


class FeedbackViewSet(ModelViewSet):
    """Admin menu "Phản ánh, kiến nghị": the inbox; the item pages are ours."""

    model = Feedback
    name = "dossier_feedback"
    url_prefix = "phan-anh-kien-nghi"
    icon = "mail"
    menu_label = gettext_lazy("Feedback and recommendations")
    menu_order = 55
    add_to_admin_menu = True
    index_view_class = FeedbackIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["code", "subject", "name"]
    search_backend_name = None
    list_per_page = 25
    form_fields = ["status"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", FeedbackDetailView.as_view(), name="detail"),
            path("<int:pk>/change/", change, name="change"),
        ]


feedback_viewset = FeedbackViewSet()
