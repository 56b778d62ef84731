"""Freezing a page's form fields into an immutable :class:`OnlineFormVersion`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from forms_library.online.fields import (
    FieldSpec,
    FieldType,
    FormDefinition,
    StepSpec,
    split_choices,
)
from forms_library.online.models import (
    OnlineFormField,
    OnlineFormVersion,
    OnlineServicePage,
)

EXAMPLES: dict[str, Any] = {
    FieldType.TEXT: "Nguyễn Văn An",
    FieldType.TEXTAREA: "Trình bày ngắn gọn nội dung đề nghị.",
    FieldType.EMAIL: "nguyenvanan@example.com",
    FieldType.PHONE: "0912345678",
    FieldType.CCCD: "004090001234",
    FieldType.DATE: "1990-01-15",
    FieldType.NUMBER: "120",
    FieldType.CHECKBOX: True,
    FieldType.ADDRESS: "Số 12 phố Hoàng Đình Giong, Phường Thục Phán, Cao Bằng",
}
DEFAULT_STEP_TITLE = "Thông tin hồ sơ"


def _example(spec: FieldSpec) -> Any:
    if spec.type == FieldType.CHOICE:
        return spec.choices[0] if spec.choices else None
    if spec.type == FieldType.MULTICHOICE:
        return spec.choices[:1]
    return EXAMPLES.get(spec.type)


def _resolve(name_or_label: str, specs: list[FieldSpec]) -> str | None:
    wanted = name_or_label.strip()
    for spec in specs:
        if wanted in (spec.name, spec.label):
            return spec.name
    return None


def compile_fields(fields: list[OnlineFormField], title: str = "") -> FormDefinition:
    """The definition of a page's fields: ``step`` fields start steps, a
    ``heading`` starts a section whose condition applies to the fields below it
    (until the next heading or step); a field's own condition wins."""
    steps: list[StepSpec] = []
    seen: list[FieldSpec] = []
    section_condition: dict[str, str] | None = None

    def condition(field: OnlineFormField) -> dict[str, str] | None:
        if not field.show_if_field:
            return None
        target = _resolve(field.show_if_field, seen)
        return {"field": target, "equals": field.show_if_value} if target else None

    for field in fields:
        name = field.clean_name or field.get_field_clean_name()
        if field.field_type == FieldType.STEP:
            steps.append(
                StepSpec(title=field.label, fields=[], show_if=condition(field))
            )
            section_condition = None
            continue
        if not steps:
            steps.append(StepSpec(title=title or DEFAULT_STEP_TITLE, fields=[]))
        own = condition(field)
        if field.field_type == FieldType.HEADING:
            section_condition = own
        is_file = field.field_type == FieldType.FILE
        spec = FieldSpec(
            name=name,
            label=field.label,
            type=field.field_type,
            required=field.required and field.field_type != FieldType.HEADING,
            help=field.help_text,
            choices=split_choices(field.choices)
            if field.field_type in (FieldType.CHOICE, FieldType.MULTICHOICE)
            else [],
            accept=[c.strip() for c in field.accept.split(",") if c.strip()]
            if is_file
            else [],
            max_bytes=(field.max_size_mb or 10) * 1024 * 1024 if is_file else None,
            max_files=(field.max_files or 1) if is_file else None,
            show_if=own or section_condition,
        )
        if is_file and not spec.accept:
            from forms_library.online.fields import DEFAULT_ACCEPT

            spec.accept = list(DEFAULT_ACCEPT)
        spec.example = _example(spec)
        steps[-1].fields.append(spec)
        seen.append(spec)
    return FormDefinition(steps=[step for step in steps if step.fields])


def definition_of(page: OnlineServicePage) -> FormDefinition:
    # The editor's order (pk breaks ties between unsorted rows, on any database).
    fields = page.form_fields.all().order_by("sort_order", "pk")
    return compile_fields(list(fields), page.title)


def _digest(definition: FormDefinition) -> str:
    text = json.dumps(definition.as_json(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def current_version(page: OnlineServicePage) -> OnlineFormVersion:
    """The version matching the page's fields now, created when they changed."""
    definition = definition_of(page)
    digest = _digest(definition)
    existing = OnlineFormVersion.objects.filter(page=page, digest=digest).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return OnlineFormVersion.objects.create(
                    page=page,
                    number=number,
                    digest=digest,
                    definition=definition.as_json(),
                )
        except IntegrityError:
            existing = OnlineFormVersion.objects.filter(
                page=page, digest=digest
            ).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not freeze the online form version.")


def definition(version: OnlineFormVersion) -> FormDefinition:
    return FormDefinition.from_json(version.definition)
