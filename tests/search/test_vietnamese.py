"""The Vietnamese text module on its own: folding, repair, spelling, highlight."""

import pytest

from search.vietnamese import (
    closest_word,
    edit_distance,
    fold,
    highlight,
    is_syllable,
    normalise,
    repair,
    repair_word,
    word_prefixes,
)


def test_fold_removes_tones_and_modifiers_and_maps_d_bar():
    assert fold("Cấp Giấy phép Xây dựng") == "cap giay phep xay dung"
    assert fold("ĐĂNG KÝ đất đai") == "dang ki dat dai"
    assert fold("Người") == "nguoi"


def test_fold_treats_final_i_and_y_spellings_alike():
    assert fold("đăng ký") == fold("đăng kí")
    assert fold("lý lịch") == fold("lí lịch")
    # "quy" and "uy" are not the one-letter "y" vowel and stay.
    assert fold("quy định") == "quy dinh"


def test_normalise_uses_one_tone_placement():
    assert normalise("Hòa giải") == normalise("hoà giải") == "hoà giải"
    assert normalise("thủy") == normalise("thuỷ")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("thur tucj", "thủ tục"),
        ("giaays pheps xaay dungwj", "giấy phép xây dựng"),
        ("ddawng kys keets hoon", "đăng ký kết hôn"),
        ("nguwowif", "người"),
        ("quyeenf suwr dungj ddaats", "quyền sử dụng đất"),
        ("tachs thuwar", "tách thửa"),
    ],
)
def test_telex_typed_without_input_method_is_repaired(typed, meant):
    assert repair(typed) == normalise(meant)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("thu3 tu5c", "thủ tục"),
        ("gia6y phe1p xa6y du7ng5", "giây phép xây dựng"),
        ("d9a8ng ky1 ke61t ho6n", "đăng ký kết hôn"),
        ("ca61p ho65 chie6u1", "cấp hộ chiếu"),
    ],
)
def test_vni_typed_without_input_method_is_repaired(typed, meant):
    assert repair(typed) == normalise(meant)


@pytest.mark.parametrize(
    "word", ["xay", "giay", "gpxd", "qsdđ", "gplx", "1.004227", "43/2011", "bitcoin"]
)
def test_words_that_are_not_keystrokes_are_left_alone(word):
    assert repair_word(word) is None


def test_syllable_shape():
    assert is_syllable("nghieng")
    assert is_syllable("quyen")
    assert not is_syllable("thur")
    assert not is_syllable("xaay")


def test_edit_distance_and_closest_word():
    assert edit_distance("dung", "dumg") == 1
    assert edit_distance("phapp", "phap") == 1
    assert edit_distance("giay", "giya") == 1  # transposition
    assert closest_word("dumg", ["dung", "dong", "doanh"]) == "dung"
    assert closest_word("ab", ["ac"]) is None  # too short to correct


def test_highlight_marks_folded_matches_and_escapes_html():
    marked = highlight("Cấp giấy phép <xây> dựng", ["giay", "xay"])
    assert marked == "Cấp <mark>giấy</mark> phép &lt;<mark>xây</mark>&gt; dựng"


def test_word_prefixes_allow_typing_from_any_word():
    assert word_prefixes("Cấp giấy phép xây dựng")[:2] == [
        "cap giay phep xay dung",
        "giay phep xay dung",
    ]
