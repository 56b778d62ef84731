"""The public feedback page (``/phan-anh-kien-nghi/`` on every site): the form,
the lookup by code and second factor, and the item's status and answer.

Every response is ``private, no-store`` (and the form carries a CSRF token), so
no shared cache ever keeps a page of it; nothing of it is indexed.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from dossiers import feedback
from dossiers.models import Feedback, FeedbackStatus, FeedbackTopic
from dossiers.views import private, rate_limited
from forms_library.online.identity import normalise_phone
from forms_library.online.views import HONEYPOT

SUBMIT_GROUP = "feedback-submit"
LOOKUP_GROUP = "feedback-lookup"
PHONE = re.compile(r"0\d{8,10}")
DOSSIER_CODE = re.compile(r"[A-Z0-9.\-]{1,64}")


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Your feedback is about"),
        choices=FeedbackTopic.choices,
        widget=forms.RadioSelect,
        initial=FeedbackTopic.SERVICE,
    )
    name = forms.CharField(label=_("Full name"), max_length=255)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    dossier_code = forms.CharField(
        label=_("Dossier code (if any)"), max_length=64, required=False
    )
    procedure = forms.CharField(
        label=_("Procedure concerned (if any)"), max_length=255, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(
        label=_("Content"),
        max_length=feedback.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_phone(self) -> str:
        value = normalise_phone(self.cleaned_data.get("phone", ""))
        if value and not (value.isascii() and PHONE.fullmatch(value)):
            raise ValidationError(
                _("Enter a phone number of digits only, e.g. 0912345678.")
            )
        return value

    def clean_dossier_code(self) -> str:
        value = self.cleaned_data.get("dossier_code", "").strip().upper()
        if value and not DOSSIER_CODE.fullmatch(value):
            raise ValidationError(_("A dossier code has letters, digits, . and -."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone") or data.get("email")) and not (
            self.errors.get("phone") or self.errors.get("email")
        ):
            raise ValidationError(
                _("Give a phone number or an e-mail address so we can answer you.")
            )
        return data


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    return is_ratelimited(
        request, group=group, key="ip", rate=rate, method=ALL, increment=True
    )


def _page(
    request: HttpRequest,
    form: FeedbackForm | None = None,
    status: int = HTTPStatus.OK,
    **context: Any,
) -> HttpResponse:
    try:
        unit_name = feedback.feedback_unit().name
    except feedback.NoFeedbackUnit:
        unit_name = ""
    context.update(form=form or FeedbackForm(), honeypot=HONEYPOT, unit_name=unit_name)
    return private(
        TemplateResponse(request, "dossiers/feedback/page.html", context, status=status)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    """The form (GET) and its submission (POST)."""
    if request.method != "POST":
        return _page(request)
    if request.POST.get(HONEYPOT):
        return private(
            HttpResponse(_("Request refused."), status=HTTPStatus.BAD_REQUEST)
        )
    rate = str(
        getattr(settings, "FEEDBACK_SUBMIT_RATE", "") or settings.ONLINE_SUBMIT_RATE
    )
    if _limited(request, SUBMIT_GROUP, rate):
        return rate_limited(request)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page(request, form, HTTPStatus.BAD_REQUEST)
    try:
        done = feedback.submit(form.cleaned_data, request.get_host().split(":")[0])
    except feedback.NoFeedbackUnit:
        return _page(request, form, HTTPStatus.SERVICE_UNAVAILABLE, unavailable=True)
    return private(
        TemplateResponse(
            request,
            "dossiers/feedback/submitted.html",
            {
                "item": done.feedback,
                "pin": done.pin,
                "status_url": request.build_absolute_uri(
                    done.feedback.get_absolute_url()
                ),
            },
            status=HTTPStatus.CREATED,
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Code + second factor → the item's page; the same answer for a wrong code
    and a wrong factor."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("feedback:page") + "#tra-cuu")
    if _limited(request, LOOKUP_GROUP, str(settings.DOSSIERS_TRACK_RATE)):
        return rate_limited(request)
    code = request.POST.get("code", "")[:64]
    item = feedback.find_for_tracking(code, request.POST.get("factor", ""))
    if item is not None:
        return HttpResponseRedirect(item.get_absolute_url())
    return _page(request, status=HTTPStatus.NOT_FOUND, code=code, not_found=True)


@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    item: Feedback | None = feedback.by_token(token)
    if item is None:
        raise Http404
    return private(
        TemplateResponse(
            request,
            "dossiers/feedback/status.html",
            {"item": item, "answered": item.status == FeedbackStatus.ANSWERED},
        )
    )
