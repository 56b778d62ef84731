"""The one query-string helper: typed filters in, links with the others kept out."""

import pytest
from django.db import models
from django.http import QueryDict

from cms.core import querystring
from cms.core.querystring import encode, integer, one_of, page_number, parse, text


class Colour(models.TextChoices):
    RED = "do", "Đỏ"
    BLUE = "xanh", "Xanh"


class Grade(models.IntegerChoices):
    ONE = 1, "Một"
    TWO = 2, "Hai"


SPEC = {
    "sector": integer(min_value=1),
    "colour": one_of(Colour),
    "grade": one_of(Grade, cast=int),
    "name": text(max_length=10),
}


def test_valid_values_are_converted_to_their_types():
    chosen = parse(QueryDict("sector=12&colour=xanh&grade=2&name=Hộ tịch"), SPEC)

    assert chosen == {"sector": 12, "colour": "xanh", "grade": 2, "name": "Hộ tịch"}
    assert chosen["colour"] is Colour.BLUE
    assert chosen["grade"] is Grade.TWO


@pytest.mark.parametrize(
    "query",
    [
        "sector=abc",
        "sector=0",  # below min_value
        "sector=-3",
        "sector=%2B3",  # "+3"
        "sector=1_000",
        "sector=١٢",  # Arabic-Indic digits: int() takes them, a link never has them
        "sector=1.5",
        "colour=tim",
        "colour=DO",
        "grade=9",
        "grade=x",
        "sector=&colour=&grade=&name=",
        "sector=%20%20",
        "",
    ],
)
def test_bad_or_blank_values_are_left_out(query):
    assert parse(QueryDict(query), SPEC) == {}


def test_a_bad_value_does_not_discard_the_good_ones():
    chosen = parse(QueryDict("sector=x&colour=do&grade=7&name=abc"), SPEC)
    assert chosen == {"colour": "do", "name": "abc"}


def test_values_are_stripped_cut_and_undeclared_parameters_ignored():
    chosen = parse(QueryDict("sector=%2012%20&name=0123456789ABC&other=1"), SPEC)
    assert chosen == {"sector": 12, "name": "0123456789"}


def test_the_last_of_a_repeated_parameter_counts():
    assert parse(QueryDict("sector=1&sector=2"), SPEC) == {"sector": 2}


def test_a_plain_mapping_works_too():
    assert parse({"grade": "1", "colour": None}, SPEC) == {"grade": Grade.ONE}


def test_integer_bounds():
    level = integer(min_value=1, max_value=4)
    assert parse({"level": "4"}, {"level": level}) == {"level": 4}
    assert parse({"level": "5"}, {"level": level}) == {}
    assert parse({"level": "0"}, {"level": level}) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        (3, 3),
        ("0", 1),
        (-2, 1),
        ("abc", 1),
        ("2.5", 1),
        (True, 1),
        ("500", 100),
        (500, 100),
    ],
)
def test_page_number(value, expected):
    assert page_number(value, max_page=100) == expected


def test_page_number_without_a_ceiling():
    assert page_number("500") == 500


def test_encode_keeps_other_parameters_and_applies_changes():
    params = QueryDict("q=giấy phép&sector=Hộ tịch&level=2&page=3")

    assert encode(params, drop=("page",)) == (
        "q=gi%E1%BA%A5y+ph%C3%A9p&sector=H%E1%BB%99+t%E1%BB%8Bch&level=2"
    )
    assert encode(params, {"level": 3}, drop=("page",)) == (
        "q=gi%E1%BA%A5y+ph%C3%A9p&sector=H%E1%BB%99+t%E1%BB%8Bch&level=3"
    )
    assert encode(params, {"sector": None, "level": ""}, drop=("page",)) == (
        "q=gi%E1%BA%A5y+ph%C3%A9p"
    )
    assert encode(params, {"page": 4}) == (
        "q=gi%E1%BA%A5y+ph%C3%A9p&sector=H%E1%BB%99+t%E1%BB%8Bch&level=2&page=4"
    )


def test_encode_replaces_a_repeated_parameter_and_leaves_the_request_alone():
    params = QueryDict("tier=tinh&tier=xa&q=a")
    assert encode(params, {"tier": "huyen"}) == "tier=huyen&q=a"
    assert params.getlist("tier") == ["tinh", "xa"]
    assert encode(QueryDict(""), {"q": None}) == ""


def test_both_listings_read_their_filters_with_it():
    """The catalogue and the search declare their filters as converters."""
    from procedure_pages.services import FILTERS, parse_filters
    from search.backends.base import QUERY_FILTERS, SearchFilters

    assert all(callable(convert) for _field, convert in FILTERS.values())
    assert set(QUERY_FILTERS) >= {"sector", "agency", "tier", "level", "online_kind"}
    assert parse_filters(QueryDict("level=5&tier=xa&sector=x")) == {"tier": "xa"}
    filters = SearchFilters.from_query(QueryDict("level=5&tier=xa&sector=%20"), 7)
    assert filters.active() == {"tier": "xa"} and filters.site_id == 7
    assert querystring.MAX_TEXT_LENGTH == 255
