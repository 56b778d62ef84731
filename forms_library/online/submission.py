"""Turning a finished application into a dossier (through ``online.handoff``).

Both entry points end here: the last step of the HTML form (a draft) and
``POST /api/v3/dossiers/``. Everything is validated again against the frozen
version, and the idempotency key makes a double click, a refresh or a replayed
request give the one dossier already created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Site

from forms_library.online import answers as answer_rules
from forms_library.online import drafts, handoff, versions
from forms_library.online.fields import FieldType, FormDefinition
from forms_library.online.models import OnlineDraft, OnlineServicePage
from forms_library.online.uploads import (
    StoredFile,
    delete_stored,
    store_citizen_file,
)
from procedure_pages.handling import units_handling
from sites.models import AdministrativeUnit

IDEMPOTENCY_KEY_MAX = 200


@dataclass
class ReceivingUnit:
    unit: AdministrativeUnit
    host: str

    @property
    def name(self) -> str:
        return self.unit.name


@dataclass
class Outcome:
    """A submission's result: a dossier, or errors per field."""

    result: handoff.SubmissionResult | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def receiving_units(procedure: Any) -> list[ReceivingUnit]:
    """Units that receive dossiers of ``procedure`` and have a site (by name)."""
    units = units_handling(procedure).select_related("site_profile__site")
    found = []
    for unit in units:
        profile = getattr(unit, "site_profile", None)
        if profile is not None:
            found.append(ReceivingUnit(unit=unit, host=profile.site.hostname))
    return found


def default_unit(
    request: HttpRequest, units: list[ReceivingUnit]
) -> ReceivingUnit | None:
    """The unit of the site the citizen is on, when it receives the procedure;
    the only one when there is one."""
    site = Site.find_for_request(request)
    profile = getattr(site, "profile", None) if site is not None else None
    if profile is not None:
        for candidate in units:
            if candidate.unit.pk == profile.unit_id:
                return candidate
    return units[0] if len(units) == 1 else None


def unit_by_host(units: list[ReceivingUnit], host: str) -> ReceivingUnit | None:
    host = (host or "").strip().lower()
    return next((u for u in units if u.host.lower() == host), None)


def _labels(definition: FormDefinition) -> dict[str, str]:
    return {spec.name: spec.label for spec in definition.answer_fields()}


def submit_draft(draft_pk: int, unit: ReceivingUnit) -> Outcome:
    """Submit a draft once: a second call gives the first call's dossier."""
    with transaction.atomic():
        draft = (
            OnlineDraft.objects.select_for_update()
            .select_related("version", "page")
            .get(pk=draft_pk)
        )
        if draft.submitted_code:
            return Outcome(result=_replayed(draft))
        definition = versions.definition(draft.version)
        data = answer_rules.answers_as_data(definition, draft.answers)
        answers, errors = answer_rules.clean_all(
            definition, data, drafts.file_counts(draft)
        )
        if errors:
            return Outcome(errors=errors)
        visible = {
            spec.name for spec in definition.answer_fields() if spec.name in answers
        }
        visible |= _visible_file_fields(definition, answers)
        files = [f for f in drafts.stored_files(draft) if f.field in visible]
        page = draft.page.specific
        result = handoff.submit(
            handoff.OnlineSubmission(
                page=page,
                procedure=page.procedure,
                version=draft.version,
                unit=unit.unit,
                answers=answers,
                files=files,
                idempotency_key=f"draft:{draft.key}",
                channel="web",
                labels=_labels(definition),
            )
        )
        draft.submitted_code = result.code
        draft.submitted_url = result.tracking_path
        draft.unit = unit.unit
        draft.save(update_fields=["submitted_code", "submitted_url", "unit"])
        # Files of hidden fields were not sent: they go with the draft.
        unused = [f for f in drafts.stored_files(draft) if f.field not in visible]
        transaction.on_commit(lambda: delete_stored([f.stored_name for f in unused]))
        return Outcome(result=result)


def _visible_file_fields(
    definition: FormDefinition, answers: dict[str, Any]
) -> set[str]:
    from forms_library.online.fields import visible_fields

    return {
        spec.name
        for spec in visible_fields(definition, answers)
        if spec.type == FieldType.FILE
    }


def _replayed(draft: OnlineDraft) -> handoff.SubmissionResult:
    return handoff.SubmissionResult(
        code=draft.submitted_code,
        appointment_date=None,
        tracking_path=draft.submitted_url,
        status="",
        created=False,
    )


def submit_api(
    page: OnlineServicePage,
    post: Any,
    files: Any,
    unit_host: str,
    idempotency_key: str,
) -> Outcome:
    """``POST /api/v3/dossiers/``: validate everything, store files, submit.

    A replayed request (same idempotency key) gets the first one's dossier
    before anything is validated or stored again.
    """
    key = idempotency_key[:IDEMPOTENCY_KEY_MAX]
    earlier = handoff.replayed(key)
    if earlier is not None:
        return Outcome(result=earlier)
    version = versions.current_version(page)
    definition = versions.definition(version)
    units = receiving_units(page.procedure)
    unit = unit_by_host(units, unit_host)
    errors: dict[str, list[str]] = {}
    if unit is None:
        errors["unit"] = [
            _("Choose one of the receiving units of this procedure: %(hosts)s.")
            % {"hosts": ", ".join(u.host for u in units) or "—"}
        ]
    data, read_errors = answer_rules.api_data(definition, post)
    counts = {
        spec.name: len(files.getlist(spec.name))
        for spec in definition.answer_fields()
        if spec.type == FieldType.FILE
    }
    answers, field_errors = answer_rules.clean_all(definition, data, counts)
    errors.update(field_errors)
    errors.update(read_errors)
    stored: list[StoredFile] = []
    visible = _visible_file_fields(definition, answers)
    if not errors:
        # Store nothing until every answer is right; then a failing file
        # removes the ones stored before it.
        for spec in definition.answer_fields():
            if spec.name not in visible:
                continue
            for upload in files.getlist(spec.name):
                try:
                    stored.append(store_citizen_file(upload, spec))
                except ValidationError as error:
                    errors.setdefault(spec.name, []).extend(
                        str(m) for m in error.messages
                    )
    if errors:
        delete_stored([s.stored_name for s in stored])
        return Outcome(errors=errors)
    assert unit is not None  # noqa: S101 - errors were returned above
    try:
        result = handoff.submit(
            handoff.OnlineSubmission(
                page=page,
                procedure=page.procedure,
                version=version,
                unit=unit.unit,
                answers=answers,
                files=stored,
                idempotency_key=key,
                channel="api",
                labels=_labels(definition),
            )
        )
    except BaseException:
        delete_stored([s.stored_name for s in stored])
        raise
    if not result.created:
        # A replay: the first request's files are the dossier's.
        delete_stored([s.stored_name for s in stored])
    return Outcome(result=result)
