"""The online form builder's field types: CCCD and mobile numbers by structure,
addresses from the current list of units, conditions, steps and versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from forms_library.online import address
from forms_library.online.answers import clean_all, clean_step
from forms_library.online.builder import OnlineFormBuilder
from forms_library.online.fields import (
    FieldSpec,
    FieldType,
    FormDefinition,
    StepSpec,
    condition_holds,
)
from forms_library.online.identity import validate_cccd, validate_mobile
from forms_library.online.models import OnlineFormField
from forms_library.online.versions import compile_fields


@pytest.mark.parametrize(
    "number", ["004090001234", "001203004567", "079 3 05 123456", "096195999999"]
)
def test_valid_cccd_numbers(number):
    assert validate_cccd(number) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("00409000123", "cccd_length"),
        ("0040900012345", "cccd_length"),
        ("00409000123a", "cccd_length"),
        ("٠٠٤٠٩٠٠٠١٢٣٤", "cccd_length"),  # Arabic-Indic digits
        ("003090001234", "cccd_province"),  # 003 was never a province code
        ("099090001234", "cccd_province"),
        ("004490001234", "cccd_year"),  # century digit 4 = born in the 2100s
        ("004299001234", "cccd_year"),  # born in 2099
    ],
)
def test_invalid_cccd_numbers(number, code):
    with pytest.raises(ValidationError) as error:
        validate_cccd(number)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84-388-123-456", "0388123456"),
        ("(058) 123.4567", "0581234567"),
    ],
)
def test_mobile_numbers_are_normalised(raw, normalised):
    assert validate_mobile(raw) == normalised


@pytest.mark.parametrize("raw", ["0212345678", "091234567", "09123456789", "phone"])
def test_not_a_mobile_number(raw):
    with pytest.raises(ValidationError):
        validate_mobile(raw)


def test_addresses_use_the_2025_units():
    assert len(address.provinces()) == 34
    details, province, ward = address.parse_address(
        "Số 1, ngõ 2, Phường Thục Phán, Tỉnh Cao Bằng"
    )
    assert (details, address.province_name(province)) == ("Số 1, ngõ 2", "Cao Bằng")
    assert address.ward_name(province, ward) == "Phường Thục Phán"
    with pytest.raises(ValidationError):
        address.parse_address("Số 1, Phường Hợp Giang, Cao Bằng")  # merged in 2025
    with pytest.raises(ValidationError):
        address.parse_address("Phường Thục Phán, Cao Bằng")


def spec(name, type_, **extra):
    return FieldSpec(name=name, label=name.title(), type=type_, **extra)


def test_the_builder_makes_one_field_per_type():
    fields = [
        spec(t.value, t.value, choices=["A", "B"])
        for t in FieldType
        if t != FieldType.STEP
    ]
    form = OnlineFormBuilder(fields).get_form_class()()
    assert list(form.fields) == [f.name for f in fields]
    assert form.fields["heading"].required is False


def test_conditions_hide_fields_and_what_they_require():
    step = StepSpec(
        title="Một",
        fields=[
            spec("proxy", FieldType.CHOICE, choices=["Có", "Không"], required=True),
            spec(
                "proxy_name",
                FieldType.TEXT,
                required=True,
                show_if={"field": "proxy", "equals": "Có"},
            ),
        ],
    )
    hidden = clean_step(step, {"proxy": "Không", "proxy_name": "x"}, {})
    shown = clean_step(step, {"proxy": "Có"}, {})

    assert hidden.is_valid and hidden.answers == {"proxy": "Không"}
    assert list(shown.errors) == ["proxy_name"]


def test_a_hidden_step_is_skipped_entirely():
    definition = FormDefinition(
        steps=[
            StepSpec("Một", [spec("post", FieldType.CHECKBOX)]),
            StepSpec(
                "Hai",
                [spec("street", FieldType.TEXT, required=True)],
                show_if={"field": "post", "equals": "true"},
            ),
        ]
    )
    answers, errors = clean_all(definition, {})
    assert errors == {} and answers == {"post": False}
    _answers, errors = clean_all(definition, {"post": "on"})
    assert list(errors) == ["street"]


def test_condition_values():
    assert condition_holds({"field": "a", "equals": "x"}, {"a": ["y", "x"]})
    assert condition_holds({"field": "a", "equals": "true"}, {"a": True})
    assert not condition_holds({"field": "a", "equals": "x"}, {})
    assert condition_holds(None, {})


def test_steps_sections_and_conditions_compile():
    fields = [
        OnlineFormField(
            label="Hình thức nhận", field_type="choice", choices="Tại chỗ\nBưu điện"
        ),
        OnlineFormField(
            label="Giao hàng",
            field_type="step",
            show_if_field="Hình thức nhận",
            show_if_value="Bưu điện",
        ),
        OnlineFormField(label="Người nhận", field_type="heading"),
        OnlineFormField(label="Địa chỉ nhận", field_type="address", required=True),
        OnlineFormField(
            label="Tệp",
            field_type="file",
            accept="pdf, docx",
            max_size_mb=2,
            max_files=3,
        ),
    ]
    definition = compile_fields(fields, "Trang")

    assert [s.title for s in definition.steps] == ["Trang", "Giao hàng"]
    assert definition.steps[1].show_if == {
        "field": "hinh_thuc_nhan",
        "equals": "Bưu điện",
    }
    upload = definition.field("tep")
    assert (upload.accept, upload.max_bytes, upload.max_files) == (
        ["pdf", "docx"],
        2 * 1024 * 1024,
        3,
    )
    assert definition.field("dia_chi_nhan").example.endswith("Cao Bằng")
    assert definition.field("nguoi_nhan").example is None
