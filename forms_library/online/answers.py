"""Validating answers, a step at a time (HTML) or all at once (API, final check).

One path for both: answers become form data, each step's form built by
``OnlineFormBuilder`` cleans them, and conditions (``show_if``) are evaluated on
the server, so a hidden field is neither required nor kept.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from forms_library.online.address import parse_address
from forms_library.online.builder import OnlineFormBuilder
from forms_library.online.fields import (
    FieldSpec,
    FieldType,
    FormDefinition,
    StepSpec,
    condition_holds,
)


@dataclass
class StepResult:
    form: forms.Form
    answers: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def to_json(value: Any) -> Any:
    """A cleaned value as JSON (dates ISO, numbers as text)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value)
        )
    return value


def form_data(spec: FieldSpec, value: Any) -> dict[str, Any]:
    """An answer as the data a step form reads (``name`` or ``name_0``…)."""
    if value in (None, "", []):
        return {}
    if spec.type == FieldType.ADDRESS:
        try:
            details, province, ward = parse_address(str(value))
        except ValidationError:
            return {f"{spec.name}_2": str(value)}
        return {
            f"{spec.name}_0": str(province),
            f"{spec.name}_1": str(ward),
            f"{spec.name}_2": details,
        }
    if spec.type == FieldType.MULTICHOICE:
        return {
            spec.name: [str(v) for v in value]
            if isinstance(value, list)
            else [str(value)]
        }
    if spec.type == FieldType.CHECKBOX:
        return (
            {spec.name: "on"}
            if value is True or str(value).lower() in ("true", "on", "1")
            else {}
        )
    return {spec.name: str(value)}


def answers_as_data(
    definition: FormDefinition, answers: dict[str, Any]
) -> MultiValueDict:
    data: MultiValueDict[str, Any] = MultiValueDict()
    for spec in definition.answer_fields():
        for key, value in form_data(spec, answers.get(spec.name)).items():
            data.setlist(key, value if isinstance(value, list) else [value])
    return data


def step_form_class(step: StepSpec) -> type[forms.Form]:
    return OnlineFormBuilder(step.fields).get_form_class()


def clean_step(
    step: StepSpec,
    data: Any,
    previous: dict[str, Any],
    file_counts: dict[str, int] | None = None,
) -> StepResult:
    """Clean one step's data; conditions see ``previous`` answers plus this step's.

    Valid answers are returned even when other fields have errors, so nothing
    the citizen typed correctly is lost.
    """
    form = step_form_class(step)(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    answers = {
        spec.name: to_json(cleaned[spec.name])
        for spec in step.fields
        if spec.has_answer and spec.type != FieldType.FILE and spec.name in cleaned
    }
    merged = {**previous, **answers}
    errors: dict[str, list[str]] = {}
    for spec in step.fields:
        if not spec.has_answer:
            continue
        if not condition_holds(step.show_if, merged) or not condition_holds(
            spec.show_if, merged
        ):
            answers.pop(spec.name, None)
            continue
        if spec.type == FieldType.FILE:
            count = (file_counts or {}).get(spec.name, 0)
            if spec.required and count == 0:
                errors[spec.name] = [_("Attach this document.")]
            elif spec.max_files and count > spec.max_files:
                errors[spec.name] = [
                    _("At most %(count)d file(s) for this document.")
                    % {"count": spec.max_files}
                ]
            continue
        if spec.name in form.errors:
            errors[spec.name] = [str(m) for m in form.errors[spec.name]]
    for name, messages in errors.items():
        if name not in form.errors:
            form.add_error(name, messages)
    return StepResult(form=form, answers=answers, errors=errors)


def clean_all(
    definition: FormDefinition,
    data: Any,
    file_counts: dict[str, int] | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every step in order (hidden steps skipped): all answers, all errors."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for step in definition.steps:
        if not condition_holds(step.show_if, answers):
            continue
        result = clean_step(step, data, answers, file_counts)
        answers.update(result.answers)
        errors.update(result.errors)
    return answers, errors


def visible_steps(definition: FormDefinition, answers: dict[str, Any]) -> list[int]:
    return [
        index
        for index, step in enumerate(definition.steps)
        if condition_holds(step.show_if, answers)
    ]


def api_data(
    definition: FormDefinition, post: Any
) -> tuple[MultiValueDict, dict[str, list[str]]]:
    """The API's multipart fields as form data (an address is one string), and
    the errors of answers that cannot even be read (an unknown address)."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    errors: dict[str, list[str]] = {}
    for spec in definition.answer_fields():
        if spec.type == FieldType.FILE or spec.name not in post:
            continue
        values = post.getlist(spec.name)
        if spec.type == FieldType.MULTICHOICE:
            data.setlist(spec.name, values)
            continue
        value = values[-1] if values else ""
        if spec.type == FieldType.CHECKBOX:
            if value.strip().lower() in ("true", "on", "1", "yes"):
                data[spec.name] = "on"
            continue
        if spec.type == FieldType.ADDRESS and value.strip():
            try:
                parse_address(value)
            except ValidationError as error:
                errors[spec.name] = [str(m) for m in error.messages]
                continue
            for key, part in form_data(spec, value).items():
                data[key] = part
            continue
        data[spec.name] = value
    return data, errors


def display_value(spec: FieldSpec, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if spec.type == FieldType.CHECKBOX:
        return _("Yes") if value else _("No")
    if spec.type == FieldType.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
