"""Demo of the one-stop desk: staff and leader accounts for a few units, and
dossiers in every state moved on by those accounts through the desk's services
(some overdue, one waiting for an opinion, one extended with an apology).

Accounts get a password generated on the first run and kept in ``var/`` (never
committed); every run prints them, like ``ensure_demo_admin``.
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from dossiers import desk, permissions, services, workdays
from dossiers.enums import DossierStatus
from dossiers.models import Dossier, DossierEvent, ReceivingAgencyCode
from forms_library import samples
from forms_library.online import demo as online_demo
from forms_library.online import versions
from forms_library.online.fields import FieldType, visible_fields
from forms_library.online.handoff import OnlineSubmission
from forms_library.online.models import OnlineServicePage
from forms_library.online.submission import receiving_units
from forms_library.online.uploads import store_citizen_file
from procedure_pages.models import ProcedurePage
from sites.models import AdministrativeUnit, UnitKind

PERMIT_CODE = "1.009972"
LAND_CODE = "1.003003"
# Illustrative national codes (Circular 10/2016/TT-BTTTT format) for a few units.
AGENCY_CODES = {"Sở Xây dựng": "000.00.19.H12", "Sở Y tế": "000.00.21.H12"}
KEY_PREFIX = "demo-desk:"
# Units with demo accounts: (unit name, login prefix).
ACCOUNTS = [
    ("Sở Xây dựng", "soxaydung"),
    ("Sở Y tế", "soyte"),
    ("Sở Tài nguyên và Môi trường", "sotainguyen"),
    ("Huyện Hòa An", "hoaan"),
]
ACCOUNTS_FILE = "demo-desk-passwords.json"
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
    "Hà Thị Thu",
    "Phùng Văn Khánh",
    "La Thị Nga",
]
# Each demo dossier: the steps that bring it where it is. A step is an action
# (by staff unless it is a leader's), "backdate:<days>" (received that many
# days ago) or "withdraw".
SCENARIOS: list[tuple[str, list[str]]] = [
    ("received", []),
    ("processing", ["accept"]),
    ("supplement", ["accept", "request_supplement"]),
    ("opinion", ["accept", "ask_opinion"]),
    ("approved", ["accept", "approve"]),
    ("rejected", ["accept", "reject"]),
    ("result_ready", ["accept", "approve", "attach_result"]),
    ("returned", ["accept", "approve", "attach_result", "return"]),
    ("refused", ["refuse"]),
    ("withdrawn", ["withdraw"]),
    ("overdue", ["backdate:45", "accept"]),
    ("overdue_new", ["backdate:40"]),
    ("extended", ["accept", "extend"]),
]
SMALL_SCENARIOS = ["received", "processing", "supplement", "result_ready", "overdue"]
MESSAGES = {
    "request_supplement": "Đề nghị bổ sung bản vẽ mặt cắt công trình (tỷ lệ 1/100).",
    "ask_opinion": "Đề nghị Sở cho ý kiến về sự phù hợp với quy hoạch sử dụng đất "
    "của lô đất xây dựng.",
    "reject": "Công trình không phù hợp quy hoạch chi tiết được duyệt.",
    "refuse": "Hồ sơ không thuộc thẩm quyền giải quyết.",
    "extend": "Cần thêm thời gian kiểm tra thực địa do mưa lũ kéo dài.",
    "attach_result": "Giấy phép số 125/GPXD do Giám đốc Sở ký.",
}
LEADER_ACTIONS = {"approve", "reject"}


@dataclass
class DeskAccounts:
    staff: Any
    leader: Any


def _passwords() -> dict[str, str]:
    path = settings.VAR_DIR / ACCOUNTS_FILE
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    return {}


def _save_passwords(passwords: dict[str, str]) -> None:
    path = settings.VAR_DIR / ACCOUNTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(passwords, indent=1, ensure_ascii=False))
    path.chmod(0o600)


def seed_accounts(report: Callable[[str], None]) -> dict[str, DeskAccounts]:
    """Staff and leader accounts of the demo units; prints their logins."""
    user_model = get_user_model()
    passwords = _passwords()
    accounts: dict[str, DeskAccounts] = {}
    lines = []
    for unit_name, prefix in ACCOUNTS:
        unit = AdministrativeUnit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        unit_desk = permissions.ensure_desk(unit)
        users = []
        for role, group, title in (
            ("canbo", unit_desk.staff_group, "Cán bộ một cửa"),
            ("lanhdao", unit_desk.leaders_group, "Lãnh đạo"),
        ):
            username = f"{prefix}.{role}"
            user = user_model.objects.filter(username=username).first()
            if user is None:
                password = passwords.get(username) or secrets.token_urlsafe(9)
                user = user_model.objects.create_user(
                    username,
                    f"{username}@caobang.localhost",
                    password,
                    first_name=title,
                    last_name=unit.name,
                )
                passwords[username] = password
            user.groups.add(group)
            users.append(user)
            lines.append(
                f"  {username:<22} {passwords.get(username, '(unchanged)'):<14} "
                f"{title}, {unit.name}"
            )
        accounts[unit_name] = DeskAccounts(staff=users[0], leader=users[1])
    _save_passwords(passwords)
    if lines:
        report("One-stop desk accounts (user, password, role):")
        for line in lines:
            report(line)
    return accounts


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


def _pdf(name: str, lines: list[str]) -> ContentFile:
    return ContentFile(samples.text_pdf_bytes(lines), name=f"{name[:60]}.pdf")


def _png(name: str) -> ContentFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (240, 360), (220, 226, 235)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{name[:60]}.png")


def _files(definition: Any, answers: dict[str, Any]) -> list[Any]:
    stored = []
    for spec in visible_fields(definition, answers):
        if spec.type != FieldType.FILE:
            continue
        if spec.accept and "pdf" not in spec.accept:
            upload = _png(spec.label)
        else:
            upload = _pdf(spec.label, [spec.label, "Tài liệu mẫu của bản trình diễn."])
        stored.append(store_citizen_file(upload, spec))
    return stored


def _backdate(dossier: Dossier, days: int) -> None:
    """Received ``days`` days ago, with the appointment date of that day."""
    received = timezone.now() - datetime.timedelta(days=days)
    procedure = dossier.procedure
    appointment = workdays.appointment_date(
        received,
        procedure.processing_days if procedure.processing_days is not None else 15,
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        submit_time=received,
        appointment_date=appointment,
        original_appointment_date=appointment,
    )
    DossierEvent.objects.filter(dossier=dossier).update(
        at=F("at") - datetime.timedelta(days=days)
    )
    dossier.refresh_from_db()


def _service_of(unit: AdministrativeUnit) -> OnlineServicePage | None:
    """An online service the unit receives dossiers of (the permit for the
    Sở Xây dựng, the land certificate for a district, the first it leads)."""
    for code in (PERMIT_CODE, LAND_CODE):
        procedure = ProcedurePage.objects.filter(code=code).first()
        if procedure is None:
            continue
        if any(r.unit.pk == unit.pk for r in receiving_units(procedure)):
            return OnlineServicePage.objects.child_of(procedure).first()
    led = ProcedurePage.objects.filter(lead_agency__unit=unit).order_by("code")
    for procedure in led[:50]:
        page = OnlineServicePage.objects.child_of(procedure).first()
        if page is not None:
            return page
    return None


def _run(
    dossier: Dossier,
    steps: list[str],
    accounts: DeskAccounts,
    opinion_unit: AdministrativeUnit | None,
) -> None:
    for step in steps:
        if step.startswith("backdate:"):
            _backdate(dossier, int(step.split(":")[1]))
            continue
        if step == "withdraw":
            services.withdraw(dossier, "Tôi nộp nhầm thủ tục.")
            continue
        if step == "ask_opinion" and opinion_unit is None:
            continue
        user = accounts.leader if step in LEADER_ACTIONS else accounts.staff
        data = desk.ActionData(message=MESSAGES.get(step, ""))
        if step == "ask_opinion":
            data.unit = opinion_unit
        if step == "extend":
            data.due_date = workdays.add_working_days(
                max(
                    dossier.appointment_date or timezone.localdate(),
                    timezone.localdate(),
                ),
                10,
            )
        if step == "attach_result":
            data.files = [_pdf("Giay phep", ["GIẤY PHÉP", dossier.code])]
        desk.perform(user, dossier, step, data)
        dossier.refresh_from_db()


def seed(report: Callable[[str], None] = print) -> None:
    online_demo.seed(report)
    for name, code in AGENCY_CODES.items():
        unit = AdministrativeUnit.objects.filter(name=name).first()
        if unit is not None:
            ReceivingAgencyCode.objects.get_or_create(
                unit=unit, defaults={"code": code}
            )
    for unit in AdministrativeUnit.objects.filter(desk__isnull=True):
        permissions.ensure_desk(unit)
    accounts = seed_accounts(report)
    if Dossier.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        return
    opinion_unit = AdministrativeUnit.objects.filter(
        name="Sở Tài nguyên và Môi trường"
    ).first()
    created = 0
    index = 0
    for unit_name, unit_accounts in accounts.items():
        unit = AdministrativeUnit.objects.get(name=unit_name)
        if unit.kind == UnitKind.DEPARTMENT and unit_name != "Sở Xây dựng":
            scenarios = [s for s in SCENARIOS if s[0] in SMALL_SCENARIOS]
        else:
            scenarios = SCENARIOS
        if unit_name == "Sở Tài nguyên và Môi trường":
            continue  # it answers opinions in the demo
        page = _service_of(unit)
        if page is None:
            continue
        version = versions.current_version(page)
        definition = versions.definition(version)
        for name, steps in scenarios:
            answers = _answers(definition, index)
            index += 1
            result = services.receive(
                OnlineSubmission(
                    page=page,
                    procedure=page.procedure,
                    version=version,
                    unit=unit,
                    answers=answers,
                    files=_files(definition, answers),
                    idempotency_key=f"{KEY_PREFIX}{unit.code}:{name}",
                    channel="web",
                    labels={s.name: s.label for s in definition.answer_fields()},
                )
            )
            dossier = Dossier.objects.select_related("procedure").get(code=result.code)
            _run(dossier, steps, unit_accounts, opinion_unit)
            created += 1
    states = Dossier.objects.filter(idempotency_key__startswith=KEY_PREFIX)
    overdue = states.filter(desk.overdue_q()).count()
    report(
        f"created  {created} demo dossiers in "
        f"{states.values('status').distinct().count()} of "
        f"{len(DossierStatus.values)} states ({overdue} overdue)"
    )
