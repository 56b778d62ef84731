"""Admin: the questions citizens ask about procedures, answered and published by
the moderators of the site that answers for each procedure.

Like the form templates, questions are managed per site (``GroupSitePermission``
with ``change_procedurequestion`` and ``delete_procedurequestion``, which
provisioning grants to each site's moderators through
``register_site_permissions``; migration 0004 to the existing sites): a
moderator lists, opens and answers only the questions of their own site(s);
another site's question is "not found", whatever id is typed. Superusers see
them all. Nobody adds one here: citizens ask on the procedure page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from procedure_pages import questions
from procedure_pages.models import ProcedureQuestion, QuestionStatus
from sites.permissions import OwnSiteObjectMixin, SiteScopedPermissionPolicy


class QuestionPermissionPolicy(SiteScopedPermissionPolicy):
    refused_actions = frozenset({"add"})


permission_policy = QuestionPermissionPolicy(ProcedureQuestion)
register_permission_policy(ProcedureQuestion, permission_policy)
MODERATE = ["change", "delete"]


def moderated_questions(user: Any) -> QuerySet[ProcedureQuestion]:
    """The questions ``user`` may answer: those of the sites they moderate."""
    return permission_policy.instances_user_has_any_permission_for(user, MODERATE)


def unanswered_count(user: Any) -> int:
    if not permission_policy.user_has_any_permission(user, MODERATE):
        return 0
    return questions.unanswered(moderated_questions(user)).count()


class QuestionAdminForm(WagtailAdminModelForm):
    """Publishing needs an answer; a moderated question is not sent back to
    "waiting" (it may be in the search index and the page cache)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None and self.instance.status != QuestionStatus.NEW:
            field.choices = [
                choice for choice in field.choices if choice[0] != QuestionStatus.NEW
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answer = (cleaned.get("answer") or "").strip()
        if cleaned.get("status") == QuestionStatus.PUBLISHED and not answer:
            self.add_error(
                "answer", forms.ValidationError(_("Answer the question to publish it."))
            )
        return cleaned


class QuestionIndexView(generic.IndexView):
    """Waiting questions first, newest first."""

    def get_base_queryset(self) -> QuerySet[ProcedureQuestion]:
        return (
            moderated_questions(self.request.user)
            .select_related("procedure")
            .annotate(
                waiting=Case(
                    When(status=QuestionStatus.NEW, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("waiting", "-created_at", "-pk")
        )

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "question",
                label=_("Question"),
                url_name=self.edit_url_name,
                accessor=str,
            ),
            Column(
                "procedure",
                label=_("Procedure"),
                accessor=lambda q: q.procedure.code,
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda q: q.status == QuestionStatus.NEW,
            ),
            DateColumn("created_at", label=_("Asked on")),
        ]


class QuestionEditView(OwnSiteObjectMixin, generic.EditView):
    """Answering: who answered and when are noted with the answer."""

    def get_object(self, queryset: Any = None) -> ProcedureQuestion:
        question = super().get_object(queryset)
        self.previous_answer = question.answer
        return question

    def save_instance(self) -> ProcedureQuestion:
        return questions.record_answer(
            self.form.save(commit=False), self.request.user, self.previous_answer
        )

    def get_page_subtitle(self) -> str:
        return f"{self.object.procedure.code} – {self.object}"


class QuestionDeleteView(OwnSiteObjectMixin, generic.DeleteView):
    site_actions = ("delete",)


class QuestionHistoryView(OwnSiteObjectMixin, generic.HistoryView):
    pass


class QuestionUsageView(OwnSiteObjectMixin, generic.UsageView):
    pass


class ProcedureQuestionViewSet(ModelViewSet):
    """*Hỏi đáp*: the questions of the moderator's site(s)."""

    model = ProcedureQuestion
    icon = "help"
    menu_label = _("Questions and answers")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "hoi-dap"
    name = "procedure_questions"
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    history_view_class = QuestionHistoryView
    usage_view_class = QuestionUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["status"]
    search_fields = ["question", "answer", "procedure__code"]
    search_backend_name = None  # the database's own filter: not a search index

    def get_edit_handler(self) -> ObjectList:
        return ObjectList(
            [
                FieldPanel("procedure", read_only=True),
                MultiFieldPanel(
                    [
                        FieldPanel("asker_name", read_only=True),
                        FieldPanel("contact", read_only=True),
                        FieldPanel("created_at", read_only=True),
                    ],
                    heading=_("Who asked (never published)"),
                ),
                FieldPanel("question"),
                FieldPanel("answer"),
                FieldPanel("status"),
            ],
            base_form_class=QuestionAdminForm,
        ).bind_to_model(ProcedureQuestion)


question_viewset = ProcedureQuestionViewSet()
