"""Demo dossiers: one in every state, submitted to the construction permit
service and moved on through the transition table (as the desk will)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from dossiers import services
from dossiers.enums import Actor, DossierStatus
from dossiers.models import Dossier, ReceivingAgencyCode
from forms_library import samples
from forms_library.online import demo as online_demo
from forms_library.online import versions
from forms_library.online.fields import FieldType
from forms_library.online.handoff import OnlineSubmission
from forms_library.online.models import OnlineServicePage
from forms_library.online.submission import receiving_units
from forms_library.online.uploads import store_citizen_file
from procedure_pages.models import ProcedurePage
from sites.models import AdministrativeUnit

DEMO_CODE = "1.009972"
# Illustrative national codes (Circular 10/2016/TT-BTTTT format) for a few units.
AGENCY_CODES = {"Sở Xây dựng": "000.00.19.H12", "Sở Y tế": "000.00.21.H12"}
# State → actions from "received" that reach it.
PATHS: dict[str, list[tuple[str, str]]] = {
    DossierStatus.RECEIVED: [],
    DossierStatus.PROCESSING: [("accept", "")],
    DossierStatus.SUPPLEMENT_REQUESTED: [("accept", "")],
    DossierStatus.APPROVED: [("accept", ""), ("approve", "")],
    DossierStatus.REJECTED: [
        ("accept", ""),
        ("reject", "Công trình không phù hợp quy hoạch chi tiết được duyệt."),
    ],
    DossierStatus.RESULT_READY: [
        ("accept", ""),
        ("approve", ""),
        ("attach_result", ""),
    ],
    DossierStatus.RETURNED: [
        ("accept", ""),
        ("approve", ""),
        ("attach_result", ""),
        ("return", ""),
    ],
    DossierStatus.REFUSED: [("refuse", "Hồ sơ không thuộc thẩm quyền giải quyết.")],
    DossierStatus.WITHDRAWN: [],
}
ACTORS = {"approve": Actor.LEADER, "reject": Actor.LEADER}
NAMES = [
    "Nông Văn Dũng",
    "Hoàng Thị Mai",
    "Lương Văn Hùng",
    "Bế Thị Hoa",
    "Đàm Văn Lực",
    "Triệu Thị Lan",
    "Lục Văn Sơn",
    "Ma Thị Hằng",
    "Nguyễn Văn Bình",
]


def _answers(definition: Any, index: int) -> dict[str, Any]:
    answers = {
        spec.name: spec.example
        for spec in definition.answer_fields()
        if spec.type != FieldType.FILE and spec.example is not None
    }
    for spec in definition.answer_fields():
        if spec.type == FieldType.TEXT and "họ và tên" in spec.label.lower():
            answers[spec.name] = NAMES[index % len(NAMES)]
        if spec.type == FieldType.PHONE:
            answers[spec.name] = f"09120{index:05d}"
        if spec.type == FieldType.CHECKBOX:
            answers[spec.name] = False
    return answers


def _files(definition: Any, answers: dict[str, Any]) -> list[Any]:
    from forms_library.online.fields import visible_fields

    stored = []
    for spec in visible_fields(definition, answers):
        if spec.type != FieldType.FILE:
            continue
        data = samples.text_pdf_bytes([spec.label, "Tài liệu mẫu của bản trình diễn."])
        upload = ContentFile(data, name=f"{spec.label[:60]}.pdf")
        stored.append(store_citizen_file(upload, spec))
    return stored


def seed(report: Callable[[str], None] = print) -> None:
    online_demo.seed(report)
    for name, code in AGENCY_CODES.items():
        unit = AdministrativeUnit.objects.filter(name=name).first()
        if unit is not None:
            ReceivingAgencyCode.objects.get_or_create(
                unit=unit, defaults={"code": code}
            )
    procedure = ProcedurePage.objects.filter(code=DEMO_CODE).first()
    page = OnlineServicePage.objects.child_of(procedure).first() if procedure else None
    if (
        page is None
        or Dossier.objects.filter(idempotency_key__startswith="demo:").exists()
    ):
        return
    version = versions.current_version(page)
    definition = versions.definition(version)
    units = receiving_units(page.procedure)
    if not units:
        return
    for index, (state, path) in enumerate(PATHS.items()):
        answers = _answers(definition, index)
        result = services.receive(
            OnlineSubmission(
                page=page,
                procedure=page.procedure,
                version=version,
                unit=units[0].unit,
                answers=answers,
                files=_files(definition, answers),
                idempotency_key=f"demo:{state}",
                channel="web",
                labels={s.name: s.label for s in definition.answer_fields()},
            )
        )
        dossier = Dossier.objects.get(code=result.code)
        for action, note in path:
            services.apply_action(
                dossier, action, actor=ACTORS.get(action, Actor.STAFF), note=note
            )
        if state == DossierStatus.SUPPLEMENT_REQUESTED:
            services.request_supplement(
                dossier, "Đề nghị bổ sung bản vẽ mặt cắt công trình (tỷ lệ 1/100)."
            )
        if state == DossierStatus.WITHDRAWN:
            services.withdraw(dossier, "Tôi nộp nhầm thủ tục.")
    report(f"created  {len(PATHS)} demo dossiers, one in every state")
