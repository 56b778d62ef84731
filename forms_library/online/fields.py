"""Field types of online forms and the frozen definition built from them.

The definition is plain data (JSON in ``OnlineFormVersion.definition``), the
same shape as ``GET /api/v3/services/{code}`` (PORTAL.md §7), so the HTML form,
the API and a dossier's snapshot all read one thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldType(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Mobile phone number")
    CCCD = "cccd", _("Citizen ID number (CCCD)")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Single choice")
    MULTICHOICE = "multichoice", _("Multiple choice")
    CHECKBOX = "checkbox", _("Checkbox")
    ADDRESS = "address", _("Address (province, commune)")
    FILE = "file", _("File upload (dossier component)")
    HEADING = "heading", _("Heading and help text")
    STEP = "step", _("New step")


# Types that hold no answer.
NO_ANSWER = {FieldType.HEADING, FieldType.STEP}
DEFAULT_ACCEPT = ("pdf", "jpeg", "png")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class FieldSpec:
    """One field of a frozen form (the attributes ``FormBuilder`` reads)."""

    name: str
    label: str
    type: str
    required: bool = False
    help: str = ""
    choices: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    max_bytes: int | None = None
    max_files: int | None = None
    show_if: dict[str, str] | None = None
    example: Any = None

    # The names wagtail.contrib.forms' FormBuilder uses.
    @property
    def clean_name(self) -> str:
        return self.name

    @property
    def field_type(self) -> str:
        return self.type

    @property
    def help_text(self) -> str:
        return self.help

    @property
    def default_value(self) -> str:
        return ""

    @property
    def has_answer(self) -> bool:
        return self.type not in NO_ANSWER

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldSpec:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


@dataclass
class StepSpec:
    title: str
    fields: list[FieldSpec]
    show_if: dict[str, str] | None = None


@dataclass
class FormDefinition:
    """A whole form: its steps, each with its fields, in order."""

    steps: list[StepSpec]

    def all_fields(self) -> list[FieldSpec]:
        return [spec for step in self.steps for spec in step.fields]

    def answer_fields(self) -> list[FieldSpec]:
        return [spec for spec in self.all_fields() if spec.has_answer]

    def field(self, name: str) -> FieldSpec | None:
        return next((s for s in self.all_fields() if s.name == name), None)

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "title": step.title,
                "show_if": step.show_if,
                "fields": [asdict(spec) for spec in step.fields],
            }
            for step in self.steps
        ]

    @classmethod
    def from_json(cls, steps: list[dict[str, Any]]) -> FormDefinition:
        return cls(
            steps=[
                StepSpec(
                    title=step["title"],
                    show_if=step.get("show_if"),
                    fields=[FieldSpec.from_dict(f) for f in step["fields"]],
                )
                for step in steps
            ]
        )


def split_choices(raw: str) -> list[str]:
    """Choices as editors type them: one per line (or comma separated)."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0]:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def condition_holds(condition: dict[str, str] | None, answers: dict[str, Any]) -> bool:
    """``show_if`` against the answers so far: ``{"field", "equals"}``.

    A multiple choice holds when one of its values equals; a checkbox compares
    as "true"/"false"; an unanswered field holds nothing.
    """
    if not condition:
        return True
    value = answers.get(condition.get("field", ""))
    expected = str(condition.get("equals", ""))
    if isinstance(value, bool):
        return ("true" if value else "false") == expected.lower()
    if isinstance(value, list):
        return expected in [str(item) for item in value]
    return value is not None and str(value) == expected


def visible_fields(
    definition: FormDefinition, answers: dict[str, Any]
) -> list[FieldSpec]:
    """Answer fields shown for these answers (conditions of step, section and
    field all hold)."""
    shown: list[FieldSpec] = []
    for step in definition.steps:
        if not condition_holds(step.show_if, answers):
            continue
        shown += [
            spec
            for spec in step.fields
            if spec.has_answer and condition_holds(spec.show_if, answers)
        ]
    return shown
