"""The desk's state machine: every allowed and every forbidden transition of the
one table, who may take each, and what each leaves behind (state, event,
applicant's timeline without internal notes)."""

from __future__ import annotations

import secrets

import pytest

from dossiers import desk as desk_services
from dossiers import services
from dossiers.enums import TRANSITIONS, Actor, DossierStatus
from dossiers.models import Dossier, DossierEvent, OpinionRequest
from tests.dossiers.conftest import pdf_upload, submit_permit

pytestmark = pytest.mark.django_db

DESK_ACTIONS = [
    name
    for name, t in TRANSITIONS.items()
    if t.actors & {Actor.STAFF, Actor.LEADER, Actor.CO_PROCESSOR}
]


def clone(template: Dossier, status: str) -> Dossier:
    """A dossier like ``template``, standing in ``status`` (table tests only)."""
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Dossier._meta.concrete_fields
        if not f.primary_key
    }
    fields.update(
        code=f"T-{secrets.token_hex(4).upper()}",
        public_token=secrets.token_urlsafe(32),
        idempotency_key=None,
        status=status,
    )
    return Dossier.objects.create(**fields)


def data_for(action: str, dossier: Dossier, desk) -> desk_services.ActionData:
    import datetime

    data = desk_services.ActionData(message="Lý do, nội dung.")
    if action == "ask_opinion":
        data.unit = desk.environment.profile.unit
    if action == "extend":
        base = max(dossier.appointment_date, datetime.date.today())
        data.due_date = base + datetime.timedelta(days=10)
    if action == "attach_result":
        data.files = [pdf_upload("giay-phep.pdf", "Giấy phép")]
    if action == "assign":
        data.assignee = desk.sxd_staff
    return data


def user_for(action: str, desk):
    actors = TRANSITIONS[action].actors
    if Actor.CO_PROCESSOR in actors:
        return desk.stnmt_staff
    if Actor.LEADER in actors and Actor.STAFF not in actors:
        return desk.sxd_leader
    return desk.sxd_staff


@pytest.mark.parametrize("action", DESK_ACTIONS)
def test_every_state_allows_exactly_the_tables_actions(client, desk, action):
    template = submit_permit(client)
    transition = TRANSITIONS[action]
    for status in DossierStatus.values:
        dossier = clone(template, status)
        if action == "answer_opinion":
            OpinionRequest.objects.create(
                dossier=dossier, unit=desk.environment.profile.unit, question="?"
            )
        user = user_for(action, desk)
        before = dossier.events.count()
        data = data_for(action, dossier, desk)
        if status in transition.sources:
            event = desk_services.perform(user, dossier, action, data)
            dossier.refresh_from_db()
            assert dossier.status == (transition.target or status), (action, status)
            assert (event.from_status, event.to_status, event.user) == (
                status,
                dossier.status,
                user,
            )
            assert event.actor in transition.actors
            assert event.public == transition.public
        else:
            with pytest.raises(services.TransitionNotAllowed) as refused:
                desk_services.perform(user, dossier, action, data)
            assert action not in refused.value.allowed
            dossier.refresh_from_db()
            assert dossier.status == status, (action, status)
            assert dossier.events.count() == before


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_only_leaders_decide(client, desk, action):
    dossier = clone(submit_permit(client), DossierStatus.PROCESSING)
    with pytest.raises(services.TransitionNotAllowed) as refused:
        desk_services.perform(
            desk.sxd_staff, dossier, action, desk_services.ActionData(message="x")
        )
    assert "approve" not in refused.value.allowed
    assert "request_supplement" in refused.value.allowed
    event = desk_services.perform(
        desk.sxd_leader, dossier, action, desk_services.ActionData(message="Lý do")
    )
    assert event.actor == Actor.LEADER


def test_other_units_and_it_staff_cannot_act(client, desk):
    dossier = submit_permit(client)
    for user in (desk.syt_staff, desk.syt_leader, desk.it_admin, desk.stnmt_staff):
        with pytest.raises(services.TransitionNotAllowed) as refused:
            desk_services.perform(user, dossier, "accept", desk_services.ActionData())
        assert refused.value.allowed == []
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


@pytest.mark.parametrize("action", ["refuse", "reject", "request_supplement"])
def test_a_reason_is_required(client, desk, action):
    status = DossierStatus.RECEIVED if action == "refuse" else DossierStatus.PROCESSING
    dossier = clone(submit_permit(client), status)
    user = desk.sxd_leader
    with pytest.raises(desk_services.InvalidAction):
        desk_services.perform(user, dossier, action, desk_services.ActionData())
    dossier.refresh_from_db()
    assert dossier.status == status


def test_a_co_processing_agency_answers_once_and_only_when_asked(client, desk):
    dossier = submit_permit(client)
    staff = desk.sxd_staff
    desk_services.perform(staff, dossier, "accept", desk_services.ActionData())
    with pytest.raises(services.TransitionNotAllowed):
        desk_services.perform(
            desk.stnmt_staff,
            dossier,
            "answer_opinion",
            desk_services.ActionData(message="Phù hợp"),
        )
    desk_services.perform(
        staff,
        dossier,
        "ask_opinion",
        desk_services.ActionData(
            message="Đề nghị cho ý kiến về quy hoạch.",
            unit=desk.environment.profile.unit,
        ),
    )
    # Not twice at once to the same agency.
    with pytest.raises(desk_services.InvalidAction):
        desk_services.perform(
            staff,
            dossier,
            "ask_opinion",
            desk_services.ActionData(
                message="Nhắc lại", unit=desk.environment.profile.unit
            ),
        )
    desk_services.perform(
        desk.stnmt_staff,
        dossier,
        "answer_opinion",
        desk_services.ActionData(message="Lô đất phù hợp quy hoạch sử dụng đất."),
    )
    request = OpinionRequest.objects.get(dossier=dossier)
    assert request.answer == "Lô đất phù hợp quy hoạch sử dụng đất."
    assert request.answered_by == desk.stnmt_staff
    with pytest.raises(services.TransitionNotAllowed):
        desk_services.perform(
            desk.stnmt_staff,
            dossier,
            "answer_opinion",
            desk_services.ActionData(message="Lần hai"),
        )


def test_the_applicant_timeline_has_no_internal_notes(client, desk):
    dossier = submit_permit(client)
    staff = desk.sxd_staff
    desk_services.perform(
        staff,
        dossier,
        "accept",
        desk_services.ActionData(message="Đã tiếp nhận.", internal_note="BÍ MẬT-1"),
    )
    desk_services.perform(
        staff, dossier, "note", desk_services.ActionData(message="BÍ MẬT-2")
    )
    desk_services.perform(
        staff,
        dossier,
        "ask_opinion",
        desk_services.ActionData(
            message="BÍ MẬT-3", unit=desk.environment.profile.unit
        ),
    )
    desk_services.perform(
        staff, dossier, "assign", desk_services.ActionData(assignee=desk.sxd_leader)
    )

    items = services.timeline(dossier)
    assert [i.action for i in items] == ["submit", "accept"]
    assert items[1].note == "Đã tiếp nhận."
    page = client.get(dossier.get_absolute_url(), HTTP_HOST="soxaydung.tinh.localhost")
    text = page.content.decode()
    assert "Đã tiếp nhận." in text
    assert "BÍ MẬT" not in text
    api = client.post(
        "/api/v3/dossiers/track",
        {"code": dossier.code, "factor": "5678"},
        content_type="application/json",
        HTTP_HOST="soxaydung.tinh.localhost",
    )
    assert "BÍ MẬT" not in api.content.decode()
    # Staff keep every event: who, when, from, to, what.
    actions = list(
        DossierEvent.objects.filter(dossier=dossier).values_list("action", "user")
    )
    assert actions == [
        ("submit", None),
        ("accept", staff.pk),
        ("note", staff.pk),
        ("ask_opinion", staff.pk),
        ("assign", staff.pk),
    ]
    dossier.refresh_from_db()
    assert dossier.assigned_to == desk.sxd_leader


def test_a_staff_result_file_goes_through_the_upload_validator(client, desk):
    dossier = clone(submit_permit(client), DossierStatus.APPROVED)
    hostile = pdf_upload("giay-phep.pdf").__class__("giay-phep.pdf", b"<html><script>")
    with pytest.raises(desk_services.InvalidAction) as invalid:
        desk_services.perform(
            desk.sxd_staff,
            dossier,
            "attach_result",
            desk_services.ActionData(files=[hostile]),
        )
    assert "files" in invalid.value.errors
    with pytest.raises(desk_services.InvalidAction):
        desk_services.perform(
            desk.sxd_staff, dossier, "attach_result", desk_services.ActionData()
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
