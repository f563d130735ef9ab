from __future__ import annotations

import random
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators.number_words import (
    MAX_NUMBER,
    Style,
    date_to_words,
    decimal_to_words,
    parse_date_words,
    parse_decimal,
    parse_number,
    to_words,
)
from extractors.validators.text import strip_combining

STYLES: tuple[Style, ...] = ("north", "south")

# Domain spec, Appendix: number words in the northern canonical form.
APPENDIX_NUMBERS = [
    (0, "không"),
    (11, "mười một"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (105, "một trăm linh năm"),
    (1990, "một nghìn chín trăm chín mươi"),
    (2005, "hai nghìn không trăm linh năm"),
    (2020, "hai nghìn không trăm hai mươi"),
]


# ------------------------------------------------------------------------------------------------------------ generate


@pytest.mark.parametrize(("n", "words"), APPENDIX_NUMBERS)
def test_appendix_vectors_generate(n: int, words: str) -> None:
    assert to_words(n) == words


@pytest.mark.parametrize(("n", "words"), APPENDIX_NUMBERS)
def test_appendix_vectors_parse(n: int, words: str) -> None:
    assert parse_number(words) == n


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (10, "mười"),
        (14, "mười bốn"),
        (20, "hai mươi"),
        (31, "ba mươi mốt"),
        (104, "một trăm linh bốn"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (314, "ba trăm mười bốn"),
        (1000, "một nghìn"),
        (10_000, "mười nghìn"),
        (100_000, "một trăm nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (2_000_000, "hai triệu"),
        (1977, "một nghìn chín trăm bảy mươi bảy"),
        (86, "tám mươi sáu"),
        (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
        (3_080_901, "ba triệu không trăm tám mươi nghìn chín trăm linh một"),
        (
            999_999_999,
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
        ),
    ],
)
def test_generate_more(n: int, words: str) -> None:
    assert to_words(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (105, "một trăm lẻ năm"),
        (1990, "một ngàn chín trăm chín mươi"),
        (2005, "hai ngàn không trăm lẻ năm"),
        (24, "hai mươi tư"),
    ],
)
def test_generate_south(n: int, words: str) -> None:
    assert to_words(n, style="south") == words


@pytest.mark.parametrize("n", [-1, MAX_NUMBER + 1])
def test_generate_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        to_words(n)


def test_generated_words_are_nfc() -> None:
    for n in (0, 7, 25, 1990, 123_456_789):
        text = to_words(n)
        assert unicodedata.normalize("NFC", text) == text


# ---------------------------------------------------------------------------------------------------------------- parse


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("hai ngàn không trăm hai mươi", 2020),
        ("một trăm lẻ năm", 105),
        ("hai mươi bốn", 24),  # bốn after mươi
        ("hai mươi nhăm", 25),
        ("mười tư", 14),
        ("mười bốn", 14),
        ("hai mươi một", 21),
        ("bẩy", 7),
        ("bảy mươi bẩy", 77),
        ("hai chục", 20),
        ("một chục", 10),
        ("một trăm linh tư", 104),
        ("hai nghìn lẻ năm", 2005),  # shortened, without "không trăm"
        ("HAI MƯƠI LĂM", 25),
        ("Hai Mươi Lăm", 25),
        ("hai mươi, lăm", 25),
        ("  hai   mươi   lăm  ", 25),
        ("mừơi lăm", 15),  # tone mark on the other vowel
        ("hai muoi lam", 25),  # diacritics lost
        ("mot nghin chin tram chin muoi", 1990),
        ("hai nghin khong tram linh nam", 2005),
        ("muoi", 10),
        ("2020", 2020),
        ("một triệu hai trăm nghìn", 1_200_000),
    ],
)
def test_parse_tolerant(text: str, n: int) -> None:
    assert parse_number(text) == n


def test_parse_nfd_and_tone_placement() -> None:
    words = "một nghìn chín trăm chín mươi chín"
    assert parse_number(unicodedata.normalize("NFD", words)) == 1999
    # hòa/hoà style: the tone mark moved to the other vowel of the diphthong, in NFD and in NFC.
    moved = unicodedata.normalize("NFC", "mu\u031b\u0300o\u031bi")  # "mừơi"
    assert moved != "mười"
    assert parse_number(moved + " lăm") == 15


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "xin chào",
        "hai mươi lăm con gà",
        "lăm",  # lăm only after mười/mươi
        "mốt",  # mốt only after mươi
        "nghìn",
        "trăm",
        "linh năm",  # linh needs a hundreds or thousand group before it
        "một mươi",
        "hai nghìn hai",  # colloquial 2200 or 2002: ambiguous
        "một nghìn một triệu",  # scales out of order
        "không trăm năm",
        "hai mươi không",
        "hai phẩy năm",  # a decimal is not a whole number
        "12a",
    ],
)
def test_parse_garbage(text: str | None) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("style", STYLES)
def test_round_trip_0_to_2100(style: Style) -> None:
    failures = [n for n in range(2101) if parse_number(to_words(n, style=style)) != n]
    assert failures == []


@pytest.mark.parametrize("style", STYLES)
def test_round_trip_0_to_2100_without_diacritics(style: Style) -> None:
    failures = [n for n in range(2101) if parse_number(strip_combining(to_words(n, style=style))) != n]
    assert failures == []


@pytest.mark.parametrize("style", STYLES)
def test_round_trip_seeded_sample_up_to_1e9(style: Style) -> None:
    rng = random.Random(20240801)
    sample = [rng.randrange(MAX_NUMBER + 1) for _ in range(3000)]
    assert [n for n in sample if parse_number(to_words(n, style=style)) != n] == []


@given(st.integers(min_value=0, max_value=MAX_NUMBER), st.sampled_from(STYLES))
def test_round_trip_property(n: int, style: Style) -> None:
    assert parse_number(to_words(n, style=style)) == n
    assert parse_number(to_words(n, style=style).upper()) == n


# -------------------------------------------------------------------------------------------------------------- decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("bốn trăm chín mươi chín phẩy bốn", Decimal("499.4")),
        ("phẩy không năm", Decimal("0.05")),
        ("không phẩy không năm", Decimal("0.05")),
        ("mười hai phẩy hai mươi lăm", Decimal("12.25")),
        ("mười hai phẩy hai lăm", Decimal("12.25")),  # digit by digit, colloquial lăm
        ("ba trăm mười bốn", Decimal("314")),
        ("chín mươi ba phẩy không", Decimal("93.0")),
        ("bon tram chin muoi chin phay bon", Decimal("499.4")),
        ("499,4", Decimal("499.4")),
    ],
)
def test_parse_decimal(text: str, value: Decimal) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", [None, "", "phẩy", "hai phẩy ba phẩy bốn", "mét vuông", "hai phẩy gà"])
def test_parse_decimal_garbage(text: str | None) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("499.4"), "bốn trăm chín mươi chín phẩy bốn"),
        (Decimal("0.05"), "không phẩy không năm"),
        (Decimal("93.0"), "chín mươi ba"),
        (Decimal("314"), "ba trăm mười bốn"),
        (Decimal("12.25"), "mười hai phẩy hai mươi lăm"),
    ],
)
def test_decimal_to_words(value: Decimal, words: str) -> None:
    assert decimal_to_words(value) == words


@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity")])
def test_decimal_to_words_rejects(value: Decimal) -> None:
    with pytest.raises(ValueError):
        decimal_to_words(value)


@given(st.decimals(min_value=0, max_value=999_999, places=3, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(value: Decimal) -> None:
    assert parse_decimal(decimal_to_words(value)) == value


# ---------------------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Appendix
        ("Ngày mồng năm, tháng năm, năm hai ngàn lẻ năm", date(2005, 5, 5)),
        ("Ngày một, tháng một, năm một ngàn chín trăm chín mươi", date(1990, 1, 1)),
        # §2.3
        ("Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi", date(2020, 3, 15)),
        ("Ngày năm, tháng năm, năm hai nghìn", date(2000, 5, 5)),
        ("ngày năm tháng năm năm hai nghìn", date(2000, 5, 5)),  # no commas
        ("Ngày mùng một, tháng giêng, năm hai nghìn không trăm mười", date(2010, 1, 1)),
        ("Ngày ba mươi mốt, tháng chạp, năm một nghìn chín trăm chín mươi chín", date(1999, 12, 31)),
        ("Ngày hai mươi tư, tháng tư, năm hai nghìn không trăm linh bốn", date(2004, 4, 24)),
        ("Ngày hai mươi lăm, tháng mười hai, năm hai nghìn không trăm hai mươi lăm", date(2025, 12, 25)),
        ("NGÀY MƯỜI LĂM, THÁNG BA, NĂM HAI NGHÌN KHÔNG TRĂM HAI MƯƠI", date(2020, 3, 15)),
        ("ngay muoi lam, thang ba, nam hai nghin khong tram hai muoi", date(2020, 3, 15)),
        (
            "Ngày, tháng, năm sinh: 15/03/2020 ghi bằng chữ: "
            "Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi.",
            date(2020, 3, 15),
        ),
        ("mười lăm, tháng ba, năm hai nghìn không trăm hai mươi", date(2020, 3, 15)),  # no "Ngày"
        ("Ngày năm, tháng mười, năm hai nghìn không trăm mười lăm", date(2015, 10, 5)),
    ],
)
def test_parse_date_words(text: str, expected: date) -> None:
    assert parse_date_words(text) == expected


def test_parse_date_words_nfd() -> None:
    text = unicodedata.normalize("NFD", "Ngày mồng năm, tháng năm, năm hai ngàn lẻ năm")
    assert parse_date_words(text) == date(2005, 5, 5)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Ngày ba mươi, tháng hai, năm hai nghìn",  # 30 February
        "Ngày mười lăm, tháng mười ba, năm hai nghìn",
        "Ngày mười lăm, năm hai nghìn",  # no month
        "Ngày mười lăm, tháng ba",  # no year
        "Ngày, tháng, năm sinh",
        "Ngày xin chào, tháng ba, năm hai nghìn",
    ],
)
def test_parse_date_words_none(text: str | None) -> None:
    assert parse_date_words(text) is None


def test_date_to_words_spec_example() -> None:
    assert date_to_words(date(2020, 3, 15)) == "Ngày mười lăm, tháng ba, năm hai nghìn không trăm hai mươi"
    assert date_to_words(date(1990, 1, 1)) == "Ngày một, tháng một, năm một nghìn chín trăm chín mươi"


def test_date_to_words_month_four_is_tu() -> None:
    assert date_to_words(date(2004, 4, 4)) == "Ngày bốn, tháng tư, năm hai nghìn không trăm linh bốn"
    assert date_to_words(date(2004, 4, 24), style="south").startswith("Ngày hai mươi tư, tháng tư, năm hai ngàn")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(STYLES))
def test_date_round_trip(d: date, style: Style) -> None:
    assert parse_date_words(date_to_words(d, style=style)) == d
    assert parse_date_words(strip_combining(date_to_words(d, style=style))) == d
