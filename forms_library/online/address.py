"""Addresses: street details, commune (xã, phường, đặc khu) and province.

The list of units is the ``vietnam-provinces`` package's data (the 34 provinces
and 3,321 communes since the 1 July 2025 reorganisation), read offline from the
installed package. An answer is one string, ``"<details>, <commune>, <province>"``
(PORTAL.md §7), so the form and the API store the same thing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, Ward

DETAILS_MAX_LENGTH = 200


@lru_cache(maxsize=1)
def provinces() -> list[tuple[int, str]]:
    """(code, name) of every province, by name."""
    return sorted(
        ((int(p.code), p.name) for p in Province.iter_all()), key=lambda p: p[1]
    )


@lru_cache(maxsize=1)
def _wards_by_province() -> dict[int, list[tuple[int, str]]]:
    grouped: dict[int, list[tuple[int, str]]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(int(ward.province_code), []).append(
            (int(ward.code), ward.name)
        )
    for wards in grouped.values():
        wards.sort(key=lambda w: w[1])
    return grouped


def wards(province_code: int | None) -> list[tuple[int, str]]:
    return list(_wards_by_province().get(province_code or -1, []))


def province_name(code: int) -> str | None:
    return dict(provinces()).get(code)


def ward_name(province_code: int, code: int) -> str | None:
    return dict(wards(province_code)).get(code)


def default_province() -> int:
    return int(getattr(settings, "ONLINE_DEFAULT_PROVINCE_CODE", 4))


def _plain(name: str) -> str:
    """Province names are matched with or without "Thành phố"/"Tỉnh"."""
    lowered = name.strip().lower()
    for prefix in ("thành phố ", "tỉnh "):
        if lowered.startswith(prefix):
            return lowered[len(prefix) :]
    return lowered


def format_address(details: str, province_code: int, ward_code: int) -> str:
    return ", ".join(
        part
        for part in (
            details.strip(),
            ward_name(province_code, ward_code) or "",
            province_name(province_code) or "",
        )
        if part
    )


def parse_address(text: str) -> tuple[str, int, int]:
    """``"<details>, <commune>, <province>"`` → (details, province, commune codes).

    Raises ``ValidationError`` unless the last two parts name a current commune
    of a current province.
    """
    parts = [part.strip() for part in (text or "").split(",")]
    if len(parts) < 3 or not parts[0]:
        raise ValidationError(
            _(
                "Write the address as: house number and street or village, "
                "commune, province."
            ),
            code="address_format",
        )
    province = next(
        (code for code, name in provinces() if _plain(name) == _plain(parts[-1])),
        None,
    )
    if province is None:
        raise ValidationError(
            _("“%(name)s” is not a province of Vietnam."),
            code="address_province",
            params={"name": parts[-1][:80]},
        )
    ward = next(
        (code for code, name in wards(province) if name.lower() == parts[-2].lower()),
        None,
    )
    if ward is None:
        raise ValidationError(
            _("“%(name)s” is not a commune of %(province)s."),
            code="address_ward",
            params={"name": parts[-2][:80], "province": province_name(province)},
        )
    details = ", ".join(parts[:-2])
    if len(details) > DETAILS_MAX_LENGTH:
        raise ValidationError(
            _("The street address is too long."), code="address_too_long"
        )
    return details, province, ward


class AddressWidget(forms.MultiWidget):
    """Province, commune and details. Without JavaScript the commune list is the
    chosen province's (the form's "update the list of communes" button posts
    the step back); with JavaScript it follows the province at once."""

    template_name = "forms_library/online/widgets/address.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.Select(attrs={"data-address": "province"}),
            forms.Select(attrs={"data-address": "ward"}),
            forms.TextInput(
                attrs={"data-address": "details", "autocomplete": "street-address"}
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if not value:
            return [default_province(), None, ""]
        try:
            details, province, ward = parse_address(str(value))
        except ValidationError:
            return [default_province(), None, str(value)]
        return [province, ward, details]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        if not isinstance(value, list):
            value = self.decompress(value)
        try:
            province = int(value[0]) if value and value[0] else default_province()
        except (TypeError, ValueError):
            province = default_province()
        self.widgets[0].choices = provinces()  # type: ignore[attr-defined]
        self.widgets[1].choices = [  # type: ignore[attr-defined]
            ("", _("— choose a commune —")),
            *wards(province),
        ]
        context = super().get_context(name, [province, *value[1:]], attrs)
        context["widget"]["province_code"] = province
        return context


class AddressField(forms.MultiValueField):
    """One address answer, cleaned to the canonical string."""

    widget = AddressWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.TypedChoiceField(coerce=int, choices=provinces(), required=False),
            forms.IntegerField(required=False),
            forms.CharField(max_length=DETAILS_MAX_LENGTH, required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> str:
        # The province list always has a choice, so "nothing entered" is a
        # commune and details left blank.
        cleaned = super().clean(value)
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned

    def compress(self, data_list: list[Any]) -> str:
        if not data_list or not any(data_list[1:]):
            return ""
        province, ward, details = (list(data_list) + [None, None, ""])[:3]
        if not province or province_name(int(province)) is None:
            raise ValidationError(_("Choose a province."), code="address_province")
        if not ward or ward_name(int(province), int(ward)) is None:
            raise ValidationError(
                _(
                    "Choose the commune in the list (update the list after changing "
                    "the province)."
                ),
                code="address_ward",
            )
        if not (details or "").strip():
            raise ValidationError(
                _("Enter the house number and street, or the village."),
                code="address_details",
            )
        return format_address(details, int(province), int(ward))
