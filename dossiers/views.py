"""Tracking, receipts, supplements and withdrawal: the citizen's pages.

No account: a dossier opens with its code and a second factor (rate-limited),
or with the unguessable token of the QR code and the receipt's link.
"""

from __future__ import annotations

import contextlib
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from dossiers import ratings, receipts, services, slips
from dossiers.enums import DossierStatus, allowed_actions
from dossiers.models import (
    RATING_COMMENT_MAX,
    Dossier,
    DossierFileRole,
    DossierRating,
    RatingReason,
)
from forms_library.online.fields import FieldSpec, FieldType
from forms_library.online.uploads import delete_stored, store_citizen_file
from forms_library.services import attachment_response
from forms_library.validation.scanners import is_servable_status

TRACK_GROUP = "dossiers-lookup"
RATING_GROUP = "dossiers-rating"
SUPPLEMENT_MAX_FILES = 10
SUPPLEMENT_SPEC = FieldSpec(
    name="supplement",
    label="Tài liệu bổ sung",
    type=FieldType.FILE,
    accept=["pdf", "jpeg", "png", "docx", "doc", "xlsx", "odt"],
    max_files=SUPPLEMENT_MAX_FILES,
)


def rate_limited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    response = TemplateResponse(
        request, "dossiers/too_many.html", {}, status=HTTPStatus.TOO_MANY_REQUESTS
    )
    response["Retry-After"] = "60"
    return response


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    # The token in the URL never leaves the site; "no-referrer" would also make
    # browsers send "Origin: null" with the page's own forms (supplement,
    # withdrawal), which Django's CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def track_limited(request: HttpRequest, group: str = TRACK_GROUP) -> bool:
    return is_ratelimited(
        request,
        group=group,
        key="ip",
        rate=settings.DOSSIERS_TRACK_RATE,
        method=ALL,
        increment=True,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.method == "POST":
        if track_limited(request):
            return rate_limited(request)
        code = request.POST.get("code", "")[:64]
        dossier = services.find_for_tracking(code, request.POST.get("factor", ""))
        if dossier is not None:
            return HttpResponseRedirect(dossier.get_absolute_url())
        context.update(code=code, not_found=True)
        return private(
            TemplateResponse(
                request, "dossiers/track.html", context, status=HTTPStatus.NOT_FOUND
            )
        )
    return TemplateResponse(request, "dossiers/track.html", context)


def _dossier(token: str) -> Dossier:
    dossier = services.by_token(token)
    if dossier is None:
        raise Http404
    return dossier


@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    return private(_status_page(request, dossier))


def _status_page(
    request: HttpRequest,
    dossier: Dossier,
    errors: list[str] | None = None,
    status_code: int = 200,
    rating_form: ratings.RatingInput | None = None,
    rating_message: str = "",
) -> HttpResponse:
    actions = allowed_actions(dossier.status, "citizen")
    rating = DossierRating.objects.filter(dossier_id=dossier.pk).first()
    result_ready = dossier.status in (
        DossierStatus.RESULT_READY,
        DossierStatus.RETURNED,
    )
    context = {
        "result_ready": result_ready,
        "result_files": list(dossier.files.filter(role=DossierFileRole.RESULT))
        if result_ready and dossier.returns_online
        else [],
        "profile": getattr(dossier.unit, "site_profile", None),
        "slips": [
            (kind, receipts.slip(kind).title)
            for kind in slips.available(dossier, slips.APPLICANT_SLIPS)
        ],
        "dossier": dossier,
        "timeline": services.timeline(dossier),
        "supplement_request": services.open_supplement_request(dossier),
        "can_withdraw": "withdraw" in actions,
        "can_answer": "answer_supplement" in actions,
        "errors": errors or [],
        "statuses": DossierStatus,
        "rating": rating,
        "can_rate": rating is None and dossier.status in ratings.RATABLE,
        "rating_form": rating_form or ratings.RatingInput(),
        "rating_message": rating_message,
        "rating_scores": [(n, ratings.SCORE_LABELS[n]) for n in ratings.SCORES[::-1]],
        "rating_reasons": RatingReason.choices,
        "stars": ratings.SCORES,
        "rating_comment_max": RATING_COMMENT_MAX,
        "limits": _("Up to %(count)d files: PDF, JPG, PNG, Word, Excel or ODT.")
        % {"count": SUPPLEMENT_MAX_FILES},
    }
    return TemplateResponse(
        request, "dossiers/status.html", context, status=status_code
    )


@require_safe
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    return private(
        TemplateResponse(
            request, "dossiers/receipt.html", receipts.context(request, dossier)
        )
    )


@require_safe
def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    response = HttpResponse(
        receipts.pdf(request, dossier), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="bien-nhan-{dossier.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


@require_safe
def qr(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    svg = receipts.qr_svg(receipts.status_url(request, dossier), scale=6)
    response = HttpResponse(
        f'<?xml version="1.0" encoding="utf-8"?>{svg}'.replace(
            "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1
        ),
        content_type="image/svg+xml",
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    return private(response)


@require_http_methods(["POST"])
def supplement(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    if "answer_supplement" not in allowed_actions(dossier.status, "citizen"):
        return HttpResponseRedirect(dossier.get_absolute_url())
    uploads = request.FILES.getlist("files")[: SUPPLEMENT_MAX_FILES + 1]
    answer = request.POST.get("answer", "").strip()
    errors: list[str] = []
    if len(uploads) > SUPPLEMENT_MAX_FILES:
        errors.append(
            _("Send at most %(count)d files.") % {"count": SUPPLEMENT_MAX_FILES}
        )
    if not uploads and not answer:
        errors.append(_("Attach the requested documents or write an answer."))
    stored = []
    if not errors:
        for upload in uploads:
            try:
                stored.append(store_citizen_file(upload, SUPPLEMENT_SPEC))
            except ValidationError as error:
                errors += [str(m) for m in error.messages]
    if errors:
        delete_stored([s.stored_name for s in stored])
        return private(_status_page(request, dossier, errors, HTTPStatus.BAD_REQUEST))
    try:
        services.answer_supplement(dossier, answer, stored)
    except services.TransitionNotAllowed:
        delete_stored([s.stored_name for s in stored])
    return HttpResponseRedirect(dossier.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    dossier = _dossier(token)
    allowed = "withdraw" in allowed_actions(dossier.status, "citizen")
    if request.method == "POST" and allowed:
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") == "yes":
            with contextlib.suppress(services.TransitionNotAllowed):
                services.withdraw(dossier, reason or _("Withdrawn by the applicant."))
            return HttpResponseRedirect(dossier.get_absolute_url())
    return private(
        TemplateResponse(
            request, "dossiers/withdraw.html", {"dossier": dossier, "allowed": allowed}
        )
    )


@require_safe
def result_file(request: HttpRequest, token: str, file_pk: int) -> HttpResponse:
    """The result document, online, when the procedure returns results online
    (toàn trình) and the result is ready."""
    dossier = _dossier(token)
    ready = dossier.status in (DossierStatus.RESULT_READY, DossierStatus.RETURNED)
    if not (ready and dossier.returns_online):
        raise Http404
    item = dossier.files.filter(role=DossierFileRole.RESULT, pk=file_pk).first()
    if item is None or not is_servable_status(item.scan_status):
        raise Http404
    response = attachment_response(
        storages["private"].open(item.stored_name, "rb"),
        item.display_name,
        size=item.size,
    )
    return private(response)


@require_safe
def slip_pdf(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    """The applicant's slips: request to supplement, refusal, apology."""
    dossier = _dossier(token)
    if kind not in slips.APPLICANT_SLIPS:
        raise Http404
    data = slips.pdf(request, dossier, kind)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slips.filename(dossier, kind)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


@require_http_methods(["POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant rates a finished dossier: once, 1–5 with reasons."""
    if track_limited(request, RATING_GROUP):
        return rate_limited(request)
    dossier = _dossier(token)
    data = ratings.parse(
        request.POST.get("score", ""),
        request.POST.getlist("reasons"),
        request.POST.get("comment", "")[: RATING_COMMENT_MAX + 1],
    )
    if data.errors:
        messages = [m for texts in data.errors.values() for m in texts]
        return private(
            _status_page(
                request,
                dossier,
                status_code=HTTPStatus.BAD_REQUEST,
                rating_form=data,
                rating_message=" ".join(messages),
            )
        )
    try:
        ratings.rate(dossier, data)
    except ratings.RatingRefused as refused:
        return private(
            _status_page(
                request,
                dossier,
                status_code=HTTPStatus.CONFLICT,
                rating_message=refused.message,
            )
        )
    return HttpResponseRedirect(dossier.get_absolute_url() + "#danh-gia")
