"""Demo online services: the plan's seven priority services, with realistic
fields and an upload per dossier component (``demo_services.json``), and one
service for every provincial agency that has none (the plan's rule for 2020),
built from its procedure's dossier components. Re-running changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forms_library.online import versions
from forms_library.online.fields import FieldType
from forms_library.online.models import OnlineFormField, OnlineServicePage
from procedure_pages.models import ProcedurePage
from sites.models import AdministrativeUnit, UnitKind

DATA = Path(__file__).with_name("demo_services.json")
PRIVACY = (
    "Thông tin trong hồ sơ chỉ được dùng để giải quyết thủ tục này và chỉ cán bộ "
    "của cơ quan tiếp nhận (và cơ quan được hỏi ý kiến, trong phạm vi cần thiết) "
    "được xem, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
)


def _field(spec: dict[str, Any], order: int = 0) -> OnlineFormField:
    show_if = spec.get("show_if") or ["", ""]
    return OnlineFormField(
        label=spec["label"],
        field_type=spec["type"],
        required=bool(spec.get("required", False)),
        help_text=spec.get("help", ""),
        choices="\n".join(spec.get("choices", [])),
        accept=spec.get("accept", ""),
        max_size_mb=spec.get("max_size_mb"),
        max_files=spec.get("max_files", 1),
        show_if_field=show_if[0],
        show_if_value=show_if[1],
        sort_order=order,
    )


def create_service(
    procedure: ProcedurePage, fields: list[dict[str, Any]], intro: str = ""
) -> OnlineServicePage:
    """An online service page under ``procedure``, published, with ``fields``."""
    page = OnlineServicePage(
        title=f"Nộp hồ sơ trực tuyến: {procedure.title}"[:255],
        intro=intro,
        privacy_notice=PRIVACY,
    )
    page.form_fields = [_field(spec, order) for order, spec in enumerate(fields)]
    procedure.add_child(instance=page)
    page.save_revision().publish()
    versions.current_version(page)
    return page


def generic_fields(
    procedure: ProcedurePage, applicant: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The applicant, then one upload per dossier component of the procedure."""
    fields = list(applicant)
    fields.append({"type": FieldType.STEP, "label": "Thành phần hồ sơ"})
    seen = set()
    for block in procedure.documents or []:
        name = str(block.value.get("name", "")).strip()[:200]
        if not name or name in seen:
            continue
        seen.add(name)
        fields.append(
            {"type": FieldType.FILE, "label": name, "required": True, "max_files": 3}
        )
    if len(fields) == len(applicant) + 1:
        fields.append(
            {"type": FieldType.FILE, "label": "Đơn đề nghị", "required": True}
        )
    return fields


def has_service(procedure: ProcedurePage) -> bool:
    return OnlineServicePage.objects.child_of(procedure).exists()


def seed(report: Callable[[str], None] = print) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    applicant = data["applicant"]
    created = 0
    for service in data["services"]:
        procedure = ProcedurePage.objects.filter(code=service["code"]).first()
        if procedure is None or has_service(procedure):
            continue
        create_service(
            procedure, applicant + service["fields"], service.get("intro", "")
        )
        created += 1
    for unit in AdministrativeUnit.objects.filter(kind=UnitKind.DEPARTMENT):
        led = ProcedurePage.objects.filter(lead_agency__unit=unit).order_by(
            "-level", "code"
        )
        if not led.exists() or any(has_service(p) for p in led[:50]):
            continue
        procedure = led.first()
        assert procedure is not None  # noqa: S101 - exists() above
        create_service(
            procedure,
            generic_fields(procedure, applicant),
            f"Nộp hồ sơ trực tuyến thủ tục của {unit.name}.",
        )
        created += 1
    total = OnlineServicePage.objects.count()
    report(f"created  {created} online services ({total} in all)")
