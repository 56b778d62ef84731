"""The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả):
a printable page and a PDF (WeasyPrint, fonts embedded) with a QR code that
opens the dossier's status through its unguessable token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from dossiers.models import Dossier, SlipFormat

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
REFUSAL = "refusal"
APOLOGY = "apology"
CONTROL = "control"
# Defaults until an editor records the current texts (Snippets › Mẫu phiếu): the
# standard slips of the one-stop mechanism (Circular 01/2018/TT-VPCP's forms,
# kept by Circular 03/2025/TT-VPCP). The texts change with the decrees: check
# them against the text in force and record them as data.
DEFAULT_SLIPS: dict[str, tuple[str, str, str]] = {
    RECEIPT: (
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "Mẫu số 01",
        "Thông tư số 03/2025/TT-VPCP",
    ),
    SUPPLEMENT: (
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Mẫu số 02",
        "Thông tư số 03/2025/TT-VPCP",
    ),
    REFUSAL: (
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "Mẫu số 03",
        "Thông tư số 03/2025/TT-VPCP",
    ),
    APOLOGY: (
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "Mẫu số 04",
        "Thông tư số 03/2025/TT-VPCP",
    ),
    CONTROL: (
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "Mẫu số 05",
        "Thông tư số 03/2025/TT-VPCP",
    ),
}


@dataclass
class Slip:
    title: str
    form_number: str
    legal_basis: str


def slip(kind: str) -> Slip:
    row = SlipFormat.objects.filter(kind=kind).first()
    if row is not None:
        return Slip(row.title, row.form_number, row.legal_basis)
    return Slip(*DEFAULT_SLIPS[kind])


def status_url(request: HttpRequest, dossier: Dossier) -> str:
    return request.build_absolute_uri(dossier.get_absolute_url())


def qr_svg(url: str, scale: int = 3) -> SafeString:
    """An inline SVG QR code (segno escapes nothing we give it but the URL,
    which we built)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale))  # noqa: S308


def context(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    url = status_url(request, dossier)
    files = list(dossier.files.filter(role="component"))
    components: dict[str, dict[str, Any]] = {}
    for item in files:
        entry = components.setdefault(item.field, {"label": item.label, "files": []})
        entry["files"].append(item)
    profile = getattr(dossier.unit, "site_profile", None)
    return {
        "dossier": dossier,
        "slip": slip(RECEIPT),
        "status_url": url,
        "qr": qr_svg(url),
        "components": list(components.values()),
        "profile": profile,
    }


def pdf(request: HttpRequest, dossier: Dossier) -> bytes:
    import weasyprint

    html = render_to_string(
        "dossiers/receipt_pdf.html", context(request, dossier), request
    )
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/")
    ).write_pdf()
