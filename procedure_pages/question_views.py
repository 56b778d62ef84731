"""``<procedure>/hoi-dap/``: the published questions and answers of a procedure
and the form to ask one (no JavaScript needed).

The form lives on a page of its own: a CSRF token on the procedure page would
keep that page (the most visited one) out of the page cache for every
anonymous visitor (``cms.core.cache``). This page is never stored, since it
uses a token; the procedure page links to it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from procedure_pages import questions
from procedure_pages.models import ProcedurePage

HONEYPOT = "website"
RATE_GROUP = "procedure-question"
# Questions recorded per client address (``PROCEDURE_QUESTION_RATE``).
DEFAULT_RATE = "10/h"
SENT_PATH = "da-gui/"


def _rate_limited(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key="ip",
        rate=getattr(settings, "PROCEDURE_QUESTION_RATE", DEFAULT_RATE),
        method="POST",
        increment=True,
    )


def _context(page: ProcedurePage, request: HttpRequest, **extra: Any) -> dict:
    # The procedure's address on this site (a tier's shared procedure is
    # served in every unit's catalogue), whichever route was asked.
    procedure_path = request.path[: request.path.rfind(questions.ASK_PATH)]
    context = page.get_context(request)
    context.update(
        published_questions=list(questions.published(page)),
        honeypot=HONEYPOT,
        procedure_path=procedure_path,
        ask_path=procedure_path + questions.ASK_PATH,
        **extra,
    )
    return context


def ask(page: ProcedurePage, request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: the form again with its errors (what was typed
    kept), or the thank-you page."""
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return HttpResponse(_("Request refused."), status=HTTPStatus.BAD_REQUEST)
        form = questions.QuestionForm(request.POST)
        if form.is_valid():
            if _rate_limited(request):
                response = TemplateResponse(
                    request,
                    "procedure_pages/questions_too_many.html",
                    {"page": page},
                    status=HTTPStatus.TOO_MANY_REQUESTS,
                )
                response["Retry-After"] = "3600"
                return response
            questions.ask(page, form)
            return HttpResponseRedirect(request.path + SENT_PATH)
    elif request.method in ("GET", "HEAD"):
        form = questions.QuestionForm()
    else:
        return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
    return TemplateResponse(
        request, "procedure_pages/questions.html", _context(page, request, form=form)
    )


def sent(page: ProcedurePage, request: HttpRequest) -> HttpResponse:
    """The thank-you page: the question is published once answered."""
    return TemplateResponse(
        request,
        "procedure_pages/questions.html",
        _context(page, request, sent=True),
    )
