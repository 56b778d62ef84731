"""The form builder of online services, on ``wagtail.contrib.forms``.

Wagtail's ``FormBuilder`` maps a field type to ``create_<type>_field``; we add
the portal's types (phone, CCCD, address, file, heading…) and build one form per
step from a frozen :class:`~forms_library.online.fields.FormDefinition`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from forms_library.online.address import AddressField
from forms_library.online.fields import FieldSpec
from forms_library.online.identity import validate_cccd, validate_mobile

TEXT_MAX_LENGTH = 255
TEXTAREA_MAX_LENGTH = 5000


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return validate_mobile(value) if value else value


class CccdField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return validate_cccd(value) if value else value


class HeadingWidget(forms.Widget):
    template_name = "forms_library/online/widgets/heading.html"


class HeadingField(forms.Field):
    """A heading with help text: shown in the form, holds no answer."""

    widget = HeadingWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(required=False, disabled=True)
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "forms_library/online/widgets/files.html"


class DossierFileField(forms.Field):
    """Uploads for one dossier component. Files are validated and kept on the
    server as soon as they arrive (``online.drafts``), so the form field itself
    never holds them and a file is never asked twice."""

    widget = MultipleFileInput

    def __init__(self, *, spec: FieldSpec, **kwargs: Any) -> None:
        self.spec = spec
        kwargs["required"] = False
        super().__init__(**kwargs)

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial


class OnlineFormBuilder(FormBuilder):
    """Builds the Django form of one step from the fields of a frozen form."""

    def __init__(self, fields: Iterable[FieldSpec]) -> None:
        super().__init__(list(fields))

    def get_field_options(self, field: FieldSpec) -> dict[str, Any]:
        options = super().get_field_options(field)
        options["initial"] = None
        return options

    def create_text_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.CharField(max_length=TEXT_MAX_LENGTH, **options)

    def create_textarea_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.CharField(
            max_length=TEXTAREA_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            **options,
        )

    def create_email_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.EmailField(
            widget=forms.EmailInput(attrs={"autocomplete": "email"}), **options
        )

    def create_phone_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return PhoneField(
            max_length=20,
            widget=forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
            ),
            **options,
        )

    def create_cccd_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return CccdField(
            max_length=20,
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            **options,
        )

    def create_date_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            **options,
        )

    def create_number_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.DecimalField(
            max_digits=18,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            **options,
        )

    def create_choice_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.ChoiceField(
            choices=[(c, c) for c in field.choices],
            widget=forms.RadioSelect,
            **options,
        )

    def create_multichoice_field(
        self, field: FieldSpec, options: dict[str, Any]
    ) -> Any:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in field.choices],
            widget=forms.CheckboxSelectMultiple,
            **options,
        )

    def create_checkbox_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return forms.BooleanField(**options)

    def create_address_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return AddressField(**options)

    def create_file_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return DossierFileField(spec=field, **options)

    def create_heading_field(self, field: FieldSpec, options: dict[str, Any]) -> Any:
        return HeadingField(label=field.label, help_text=options["help_text"])

    def get_form_class(self) -> type[forms.Form]:
        return type("OnlineStepForm", (StepForm,), self.formfields)


class StepForm(BaseForm):
    """One step of an online form."""

    required_css_class = "required"
    # The server decides (conditions hide fields; "back" and "save" skip checks).
    use_required_attribute = False
    error_css_class = "has-error"


def file_limits_text(spec: FieldSpec) -> str:
    from forms_library.online.uploads import accept_labels, max_bytes_for

    return str(
        _("Allowed: %(types)s; up to %(size)s MB per file, %(count)s file(s).")
        % {
            "types": accept_labels(spec),
            "size": max_bytes_for(spec) // (1024 * 1024),
            "count": spec.max_files or 1,
        }
    )
