"""Login throttling with django-axes: how a client is identified and what a
locked-out visitor sees.

Failed logins are counted per account and per client address (settings
``AXES_LOCKOUT_PARAMETERS``); either count reaching ``AXES_FAILURE_LIMIT``
within ``AXES_COOLOFF_TIME`` refuses every further login, the right password
included. An unknown user name is counted and locked exactly like a real one,
and the locked-out answer is the same, so lockouts reveal nothing about which
accounts exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

LOCKED_OUT_STATUS = 429


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind the reverse proxy the
    header it sets (``RATELIMIT_IP_META_KEY``, the one setting django-ratelimit
    reads too, e.g. ``HTTP_X_REAL_IP``)."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
    address = request.META.get(key) or request.META.get("REMOTE_ADDR") or ""
    # A header may list several addresses; the proxy's own entry is the last.
    return str(address).split(",")[-1].strip()


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return gettext(
        "Too many failed sign-in attempts. Signing in is blocked for "
        "%(minutes)d minutes; please try again later. If you have forgotten "
        "your password, reset it or ask the system administrators."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, with the lockout
    message in place of the form's errors, and status 429.

    Nothing in it depends on the account (not even the user name typed), so an
    attacker learns nothing from it.
    """
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    template = getattr(original_response, "template_name", None)
    form = context.get("form")
    if form is None or template is None:
        return HttpResponse(
            message,
            status=LOCKED_OUT_STATUS,
            content_type="text/plain; charset=utf-8",
        )
    form.errors.clear()
    form.errors[NON_FIELD_ERRORS] = form.error_class([message])
    if "username" in form.fields:
        form.data = form.data.copy()
        form.data["username"] = ""
    response = TemplateResponse(request, template, context, status=LOCKED_OUT_STATUS)
    return response.render()
