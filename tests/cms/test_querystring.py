"""The one query-string helper: typed filters in, links with the others kept out."""

import pytest
from django.db import models
from django.http import QueryDict
from django.utils import translation

from cms.core import querystring
from cms.core.querystring import (
    InvalidParameter,
    check_query,
    encode,
    integer,
    one_of,
    page_number,
    parse,
    text,
)


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
    assert parse_filters(QueryDict("level=2&tier=xa&sector=")) == {
        "tier": "xa",
        "level": 2,
    }
    filters = SearchFilters.from_query(QueryDict("level=3&tier=xa&sector=%20"), 7)
    assert filters.active() == {"tier": "xa", "level": 3} and filters.site_id == 7
    assert querystring.MAX_TEXT_LENGTH == 255
    # Both read strictly: a value they cannot use is a 400 naming it.
    with pytest.raises(InvalidParameter) as raised:
        parse_filters(QueryDict("level=5&tier=xa"))
    assert raised.value.name == "level"
    with pytest.raises(InvalidParameter) as raised:
        SearchFilters.from_query(QueryDict("tier=xa&level=%C2%B2"), 7)
    assert raised.value.name == "level"


# -- strict mode: the parameter and the reason ----------------------------------


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        ("sector=abc", "sector", "whole number"),
        ("sector=%C2%B2", "sector", "digits 0 to 9"),
        ("sector=١٢", "sector", "digits 0 to 9"),
        ("sector=0", "sector", "at least 1"),
        ("sector=" + "9" * 30, "sector", "at most 9223372036854775807"),
        ("colour=tim", "colour", "one of: do, xanh"),
        ("grade=9", "grade", "one of: 1, 2"),
        ("colour=do&colour=tim", "colour", "one of"),  # every value is checked
    ],
)
def test_strict_parsing_names_the_parameter_and_why(query, name, reason):
    with pytest.raises(InvalidParameter) as raised:
        parse(QueryDict(query), SPEC, strict=True)

    assert raised.value.name == name
    with translation.override("en"):
        # Worded when shown, in the language of the response.
        assert reason in raised.value.message
        assert f"“{name}”" in raised.value.message


def test_strict_parsing_accepts_good_and_blank_values():
    chosen = parse(QueryDict("sector=12&colour=&grade=2"), SPEC, strict=True)
    assert chosen == {"sector": 12, "grade": Grade.TWO}


def test_text_can_refuse_instead_of_cutting():
    spec = {"q": text(max_length=5, cut=False)}
    assert parse({"q": "12345"}, spec, strict=True) == {"q": "12345"}
    with pytest.raises(InvalidParameter):
        parse({"q": "123456"}, spec, strict=True)


def test_the_message_is_vietnamese_by_default():
    with translation.override("vi"), pytest.raises(InvalidParameter) as raised:
        parse(QueryDict("grade=x"), SPEC, strict=True)
    assert raised.value.message == (
        "Tham số “grade” không hợp lệ: phải là số nguyên viết bằng các chữ số "
        "từ 0 đến 9."
    )


# -- what no parameter may hold, whatever the page ---------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("q=%00", "q"),
        ("q=a%00b", "q"),
        ("q=%1B%5B31m", "q"),
        ("q=%ED%A0%80", "q"),  # a lone surrogate: broken UTF-8
        ("q=%C0%AE", "q"),  # overlong encoding
        ("q=" + "a" * 2001, "q"),
        ("site=%C2%B2", "site"),
        ("anything=%D9%A1%D9%A2", "anything"),
        ("child_of=" + "1" * 30, "child_of"),
        ("x=-" + "9" * 19, "x"),
        ("offset=1000000001", "offset"),
        ("offset=-1", "offset"),
        ("limit=abc", "limit"),
        ("page=1e9", "page"),
        ("per_page=%EF%BC%91", "per_page"),
        ("a%00b=1", "a\\x00b"),
    ],
)
def test_check_query_refuses_what_no_page_can_use(query, name):
    with pytest.raises(InvalidParameter) as raised:
        check_query(QueryDict(query))
    assert raised.value.name == name


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=gi%E1%BA%A5y+ph%C3%A9p+x%C3%A2y+d%E1%BB%B1ng",
        "q=m%C2%B2",  # "m²": text, not a number
        "q=1.004227&page=3&offset=20&limit=10&per_page=50&id=7",
        "q=" + "a" * 2000,
        "site=hoaan.localhost&agency=9223372036854775807",
        "tier=&level=",
    ],
)
def test_check_query_lets_ordinary_queries_through(query):
    check_query(QueryDict(query))


def test_under_the_api_an_id_is_a_number():
    check_query(QueryDict("id=all"))  # the admin's bulk actions
    check_query(QueryDict("id=7"), api=True)
    with pytest.raises(InvalidParameter) as raised:
        check_query(QueryDict("id=abc"), api=True)
    assert raised.value.name == "id"
