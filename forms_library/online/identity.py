"""Vietnamese identity numbers and mobile numbers, checked by structure.

CCCD (căn cước công dân, 12 digits, Circular 07/2016/TT-BCA and 59/2021/TT-BCA):
``PPP`` the province (or abroad) where the birth was registered, ``G`` century
and sex (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s…), ``YY`` the year of
birth, then six random digits. The province codes are those of the 63 provinces
that issued the numbers; cards issued before the 2025 merger keep them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CCCD_PROVINCES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
CENTURY_START = {0: 1900, 1: 1900, 2: 2000, 3: 2000}
# Mobile prefixes in use since the 2018 renumbering (03x, 05x, 07x, 08x, 09x).
MOBILE = re.compile(r"^0(3|5|7|8|9)\d{8}$")
SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_cccd(value: str) -> str:
    return SEPARATORS.sub("", value or "")


def validate_cccd(value: str) -> str:
    """The 12-digit number, or ``ValidationError`` saying what is wrong."""
    number = normalise_cccd(value)
    if not (number.isascii() and number.isdigit() and len(number) == 12):
        raise ValidationError(
            _("A citizen ID number (CCCD) has exactly 12 digits."), code="cccd_length"
        )
    if number[:3] not in CCCD_PROVINCES:
        raise ValidationError(
            _("The first three digits of a CCCD must be a province code."),
            code="cccd_province",
        )
    century = CENTURY_START.get(int(number[3]))
    year = None if century is None else century + int(number[4:6])
    if year is None or year > timezone.localdate().year:
        raise ValidationError(
            _("The 4th to 6th digits of this CCCD give an impossible year of birth."),
            code="cccd_year",
        )
    return number


def normalise_phone(value: str) -> str:
    number = SEPARATORS.sub("", value or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) == 11:
        number = "0" + number[2:]
    return number


def validate_mobile(value: str) -> str:
    """A Vietnamese mobile number as ``0xxxxxxxxx`` (10 digits)."""
    number = normalise_phone(value)
    if not (number.isascii() and MOBILE.match(number)):
        raise ValidationError(
            _(
                "Enter a Vietnamese mobile number of 10 digits starting with 03, "
                "05, 07, 08 or 09 (e.g. 0912345678)."
            ),
            code="phone",
        )
    return number
