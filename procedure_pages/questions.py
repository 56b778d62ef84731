"""Questions and answers per procedure (hỏi đáp): asking, moderating, showing.

- A citizen asks on ``<procedure>/hoi-dap/`` (name, an e-mail address or a
  phone number, the question); the question waits, unseen, for the moderators
  of the site that answers for the procedure (``moderating_site``: its lead
  agency's site, else the site it lives on).
- A moderator answers and publishes it (or hides it) in the admin
  (``procedure_pages.question_admin``); only published questions with an
  answer are shown on the procedure page and found by the search, as part of
  the procedure's own record (one result per procedure).
- The asker's contact and name are never shown and never indexed.

A question changes what visitors see only once it has been moderated, so
saving or deleting a moderated one (published or hidden) purges the page cache
of every site showing the procedure and re-syncs its search record
(``procedure_pages.documents``); a new question touches neither.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.core import cache as page_cache
from cms.core.portal import portal_site
from procedure_pages.models import (
    QUESTION_MAX_LENGTH,
    ProcedurePage,
    ProcedureQuestion,
    QuestionStatus,
)

# Below a procedure's address (``ProcedurePage`` routes).
ASK_PATH = "hoi-dap/"
QUESTION_MIN_LENGTH = 10
# What a procedure's search record takes from its questions and answers.
INDEXED_MAX_CHARS = 5000
PUBLISHED_ATTRIBUTE = "published_questions"
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# A Vietnamese number: 10 digits (mobiles) or 11 (landlines with area code).
PHONE = re.compile(r"^0\d{9,10}$")


def normalise_phone(value: str) -> str:
    number = PHONE_SEPARATORS.sub("", value)
    if number.startswith("+84"):
        number = "0" + number[3:]
    return number


def validate_contact(value: str) -> str:
    """An e-mail address or a Vietnamese phone number, normalised."""
    value = value.strip()
    if not value:
        raise ValidationError(
            _("Enter an e-mail address or a phone number."), code="required"
        )
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("Enter a valid e-mail address, e.g. ten@example.com."),
                code="email",
            ) from None
        return value
    number = normalise_phone(value)
    if not (number.isascii() and PHONE.match(number)):
        raise ValidationError(
            _(
                "Enter a valid e-mail address or a Vietnamese phone number of "
                "10 or 11 digits starting with 0 (e.g. 0912345678)."
            ),
            code="phone",
        )
    return number


class QuestionForm(forms.ModelForm):
    """What a citizen fills in; the honeypot and the rate limit are the view's."""

    asker_name = forms.CharField(label=_("Your name"), max_length=100)
    contact = forms.CharField(
        label=_("E-mail or phone number"),
        max_length=254,
        help_text=_("Only the agency sees it, to reach you; it is never published."),
    )
    question = forms.CharField(
        label=_("Your question"),
        min_length=QUESTION_MIN_LENGTH,
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most %(limit)d characters.") % {"limit": QUESTION_MAX_LENGTH},
    )

    class Meta:
        model = ProcedureQuestion
        fields = ["asker_name", "contact", "question"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = _("This field is required.")
            if name == "contact":
                field.error_messages["required"] = _(
                    "Enter an e-mail address or a phone number."
                )
            if field.help_text:  # the ids the template gives help and errors
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is None:
                continue
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"id_{name}_error {described}".strip()
            widget.attrs["aria-invalid"] = "true"

    def clean_asker_name(self) -> str:
        return " ".join(self.cleaned_data["asker_name"].split())

    def clean_contact(self) -> str:
        return validate_contact(self.cleaned_data["contact"])


def moderating_site(procedure: ProcedurePage) -> Site:
    """The site whose moderators answer for ``procedure``: its lead agency's
    unit's site, else the site the procedure lives on (the portal for a
    tier's shared procedures)."""
    agency = procedure.lead_agency
    if agency is not None and agency.unit_id is not None:
        site = Site.objects.filter(profile__unit_id=agency.unit_id).first()
        if site is not None:
            return site
    site = procedure.get_site() or portal_site()
    if site is None:
        site = Site.objects.get(is_default_site=True)
    return site


def ask(procedure: ProcedurePage, form: QuestionForm) -> ProcedureQuestion:
    """Record a valid question; it waits for moderation."""
    question = form.save(commit=False)
    question.procedure = procedure
    question.site = moderating_site(procedure)
    question.status = QuestionStatus.NEW
    question.save()
    return question


def published(procedure: ProcedurePage) -> QuerySet[ProcedureQuestion]:
    """What visitors see: published questions that have an answer, oldest
    first."""
    return (
        ProcedureQuestion.objects.filter(
            procedure=procedure, status=QuestionStatus.PUBLISHED
        )
        .exclude(answer="")
        .only("pk", "procedure_id", "question", "answer", "answered_at", "created_at")
        .order_by("created_at", "pk")
    )


def published_prefetch() -> Prefetch:
    """Each procedure's published questions in one query per batch, as the
    list ``procedure.published_questions``."""
    return Prefetch(
        "questions",
        queryset=ProcedureQuestion.objects.filter(status=QuestionStatus.PUBLISHED)
        .exclude(answer="")
        .only("pk", "procedure_id", "question", "answer")
        .order_by("created_at", "pk"),
        to_attr=PUBLISHED_ATTRIBUTE,
    )


def indexed_text(procedure: ProcedurePage) -> str:
    """The published questions and answers as the search sees them: their
    text only (never who asked nor how to reach them)."""
    questions = getattr(procedure, PUBLISHED_ATTRIBUTE, None)
    if questions is None:
        questions = list(published(procedure))
    text = " ".join(f"{q.question} {q.answer}" for q in questions)
    return text[:INDEXED_MAX_CHARS]


def record_answer(
    question: ProcedureQuestion, user: Any, previous_answer: str
) -> ProcedureQuestion:
    """Note who answered and when, once the answer text changes; then save."""
    if question.answer.strip() and question.answer != previous_answer:
        question.answered_by = user if getattr(user, "pk", None) else None
        question.answered_at = timezone.now()
    question.save()
    return question


def is_moderated(question: ProcedureQuestion) -> bool:
    """Published or hidden: it may be (or have been) shown and indexed."""
    return question.status != QuestionStatus.NEW


def purge_procedure(procedure_id: int) -> None:
    """Drop the cached pages of every site that shows the procedure."""
    if not page_cache.enabled():
        return
    procedure = ProcedurePage.objects.filter(pk=procedure_id).first()
    if procedure is None:
        return
    site_ids = page_cache.sites_showing(procedure)
    page_cache.purge_on_commit(page_cache.site_scope(pk) for pk in site_ids)
    page_cache.purge_front_end(procedure, site_ids)


def question_changed(sender: Any, instance: ProcedureQuestion, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete``: a moderated question changes the page."""
    if is_moderated(instance):
        purge_procedure(instance.procedure_id)


def connect() -> None:
    """Connected in ``ProcedurePagesConfig.ready()``."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(
        question_changed, sender=ProcedureQuestion, dispatch_uid="question-saved"
    )
    post_delete.connect(
        question_changed, sender=ProcedureQuestion, dispatch_uid="question-deleted"
    )


def unanswered(questions: QuerySet[ProcedureQuestion]) -> QuerySet[ProcedureQuestion]:
    return questions.filter(status=QuestionStatus.NEW)
