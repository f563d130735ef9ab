"""Gazetteer: known unit names, candidates by letters, and addresses checked and restored in context."""

from __future__ import annotations

import socket
import time
from collections import Counter
from typing import Any

import pytest

from extractors import gazetteer
from extractors.gazetteer import candidates, check_address, known, lookup
from extractors.gazetteer import lexicon as lexicon_module
from extractors.gazetteer.keys import canon, fold_key
from extractors.values import parse, tidy_address

# Written out by hand (not read from the data): the 63 provinces before 12/06/2025 and the 34 after (spec §5).
LEGACY_PROVINCES = (
    "Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La",
    "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh",
    "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định",
    "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng",
    "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Long An", "Tiền Giang",
    "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)  # fmt: skip
NEW_PROVINCES = (
    "Hà Nội", "Cao Bằng", "Tuyên Quang", "Điện Biên", "Lai Châu", "Sơn La", "Lào Cai", "Thái Nguyên", "Lạng Sơn",
    "Quảng Ninh", "Bắc Ninh", "Phú Thọ", "Hải Phòng", "Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", "Đồng Nai",
    "Hồ Chí Minh", "Tây Ninh", "Đồng Tháp", "Vĩnh Long", "An Giang", "Cần Thơ", "Cà Mau",
)  # fmt: skip


def test_the_hand_written_province_lists_are_complete() -> None:
    assert len(set(LEGACY_PROVINCES)) == 63
    assert len(set(NEW_PROVINCES)) == 34


@pytest.mark.parametrize("name", LEGACY_PROVINCES)
def test_every_legacy_province_is_known(name: str) -> None:
    assert known(name)
    assert any(u.level == "province" and u.era == "legacy" for u in lookup(name))
    checked = check_address(f"Tỉnh {name}")
    assert not checked.doubtful and checked.text == f"Tỉnh {name}"


@pytest.mark.parametrize("name", NEW_PROVINCES)
def test_every_2025_province_is_known(name: str) -> None:
    assert known(name)
    assert any(u.level == "province" and u.era == "2025" for u in lookup(name))


def test_the_tables_hold_both_eras_in_full() -> None:
    units = lexicon_module.load().units
    latest = {"legacy": "2025-01-04", "2025": "2025-10-18"}  # vietnam-provinces 0.6.0 and 2025.10.1
    primary = Counter((u.era, u.level) for u in units if u.source == "vp" and latest[u.era] in u.seen.split(","))
    assert primary == {
        ("legacy", "province"): 63,
        ("legacy", "district"): 696,
        ("legacy", "commune"): 10051,
        ("2025", "province"): 34,
        ("2025", "commune"): 3321,
    }
    assert Counter(u.type for u in units if u.era == "2025" and u.level == "commune" and u.source == "vp") == {
        "xã": 2621,
        "phường": 687,
        "đặc khu": 13,
    }
    unit = next(u for u in lookup("Cái Bè") if u.level == "district")
    assert (unit.name, unit.type, unit.parent, unit.era) == ("Huyện Cái Bè", "huyện", "82", "legacy")


def test_stored_lookup_keys_match_the_code() -> None:
    """The table carries canon/fold keys for a fast load; after changing keys.py, rebuild the table."""
    for unit in lexicon_module.load().units:
        assert (unit.canon, unit.fold) == (canon(unit.bare), fold_key(unit.bare)), unit


def test_known_is_exact_with_diacritics_up_to_spelling_conventions() -> None:
    assert known("Cần Thơ") and known("Cái Bè") and known("Bình Thủy")
    assert not known("Căn Thơ") and not known("Cái Bệ") and not known("Bính Thúy")
    assert known("Hoà Bình") and known("Hòa Bình")  # tone placement is a convention, not a misread
    assert known("Bà Rịa-Vũng Tàu") and known("Bà Rịa Vũng Tàu")
    assert not known("Tân Xổm")


def test_candidates_by_letters_then_by_one_edit() -> None:
    assert candidates("Căn Thơ") == ["Cần Thơ"]
    assert candidates("Cai Be") == ["Cái Bè"]
    assert "Hoằng Đông" in candidates("Hoằng Đong") and "Hoằng Đồng" in candidates("Hoằng Đong")
    assert candidates("Cần Thơo") == ["Cần Thơ"]  # no name with these letters: one edit away
    assert candidates("Qxzqxz Wvvw") == []


def test_a_misread_province_is_restored() -> None:
    checked = check_address("Quận Ninh Kiều, TP. Căn Thơ")
    assert checked.text == "Quận Ninh Kiều, TP. Cần Thơ"
    assert checked.doubtful
    assert [(r.read, r.restored, r.level) for r in checked.restorations] == [("Căn Thơ", "Cần Thơ", "province")]


def test_names_are_restored_in_context() -> None:
    checked = check_address("Quận Bính Thúy, TP. Căn Thơ")
    assert checked.text == "Quận Bình Thủy, TP. Cần Thơ"
    assert checked.doubtful
    assert {(r.read, r.restored) for r in checked.restorations} == {("Bính Thúy", "Bình Thủy"), ("Căn Thơ", "Cần Thơ")}
    assert check_address("Thôn 4, Huyện Cái Bệ, Tỉnh Tiền Giang").text == "Thôn 4, Huyện Cái Bè, Tỉnh Tiền Giang"
    duy = check_address("Xã Duy Trình, Huyện Duy Xuyên, Tỉnh Quảng Nam")
    assert duy.text == "Xã Duy Trinh, Huyện Duy Xuyên, Tỉnh Quảng Nam" and duy.doubtful


def test_a_name_from_another_province_is_not_proposed() -> None:
    """Duy Trinh is a commune of Quảng Nam: under Duy Tiên (Hà Nam) "Duy Trình" is unknown, not restored."""
    checked = check_address("Xã Duy Trình, Huyện Duy Tiên, Tỉnh Hà Nam")
    assert checked.text == "Xã Duy Trình, Huyện Duy Tiên, Tỉnh Hà Nam"
    assert checked.doubtful and not checked.restorations
    assert checked.segments[0].status == "unknown"


def test_a_known_name_is_never_rewritten_even_out_of_context() -> None:
    """The legacy sources spell the district "Mù Căng Chải" and its town "Mù Cang Chải": keep what is printed."""
    checked = check_address("Xã La Pán Tẩn, Huyện Mù Cang Chải, Tỉnh Yên Bái")
    assert checked.text == "Xã La Pán Tẩn, Huyện Mù Cang Chải, Tỉnh Yên Bái"
    assert checked.doubtful and not checked.restorations
    assert (checked.segments[1].status, checked.segments[1].candidates) == ("elsewhere", ("Mù Căng Chải",))
    assert checked.segments[0].status == "known"  # looked for in the province instead
    moved = check_address("Xã Duy Trinh, Huyện Duy Tiên, Tỉnh Hà Nam")  # a real commune, of another province
    assert moved.text == "Xã Duy Trinh, Huyện Duy Tiên, Tỉnh Hà Nam"
    assert moved.doubtful and moved.segments[0].status == "elsewhere"


@pytest.mark.parametrize(
    "address",
    [
        "Thôn 4, Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giang",  # legacy three levels, a province merged in 2025
        "Phường 13, Quận Bình Thạnh, TP. Hồ Chí Minh",
        "Ấp Mỹ Lợi, Xã Mỹ Lợi A, Huyện Cái Bè, Tỉnh Tiền Giang",
        "Xã Thuỵ Lâm, Huyện Đông Anh, Thành phố Hà Nội",  # new-style tone placement, kept as printed
        "Phường Phước Long B, Quận 9, TP. Hồ Chí Minh",  # district dissolved in 2021, still on valid cards
        "Phường Cửa Nam, Thành phố Hà Nội",  # two levels, from 01/07/2025
        "Đặc khu Phú Quốc, Tỉnh An Giang",
        "Xã Hoằng Đồng, Huyện Hoằng Hóa, Tỉnh Thanh Hóa",
        "Lý Nhân, Tỉnh Hà Nam",  # a district written without its unit word
        "Số 12 Đường Bính Thúy, Phường An Thới, Quận Bình Thủy, Thành phố Cần Thơ",  # street part not checked
    ],
)
def test_valid_addresses_are_accepted_as_printed(address: str) -> None:
    checked = check_address(address)
    assert checked.text == address
    assert not checked.doubtful
    assert not checked.restorations


def test_an_unknown_commune_is_doubtful_and_left_as_read() -> None:
    checked = check_address("Xã Tân Xổm, Huyện Cái Bè, Tỉnh Tiền Giang")
    assert checked.text == "Xã Tân Xổm, Huyện Cái Bè, Tỉnh Tiền Giang"
    assert checked.doubtful
    assert [s.status for s in checked.segments] == ["unknown", "known", "known"]


def test_two_names_with_the_same_letters_are_left_as_read() -> None:
    """Hoằng Hóa district has both Xã Hoằng Đông and Xã Hoằng Đồng: "Hoằng Đong" cannot be decided."""
    checked = check_address("Xã Hoằng Đong, Huyện Hoằng Hóa, Tỉnh Thanh Hóa")
    assert checked.text == "Xã Hoằng Đong, Huyện Hoằng Hóa, Tỉnh Thanh Hóa"
    assert checked.doubtful and not checked.restorations
    assert checked.segments[0].status == "ambiguous"
    assert set(checked.segments[0].candidates) == {"Hoằng Đông", "Hoằng Đồng"}


def test_a_bare_district_is_checked_in_its_position() -> None:
    checked = check_address("Lý Nhàn, Tỉnh Hà Nam")
    assert checked.text == "Lý Nhân, Tỉnh Hà Nam" and checked.doubtful
    assert checked.segments[0].level == "district"


def test_a_dropped_comma_between_units_is_restored() -> None:
    checked = check_address("Xã Má Lé Huyện Đồng Văn Tỉnh Hà Giang")
    assert checked.text == "Xã Má Lé, Huyện Đồng Văn, Tỉnh Hà Giang" and not checked.doubtful
    own_name = check_address("Xã Tân Xã Huyện Thạch Thất, Thành phố Hà Nội")  # "Tân Xã" holds a unit word
    assert own_name.text == "Xã Tân Xã, Huyện Thạch Thất, Thành phố Hà Nội" and not own_name.doubtful


def test_garbage_in_the_province_position_is_doubtful() -> None:
    assert check_address("HUY").doubtful


def test_parse_place_restores_and_marks_doubtful() -> None:
    parsed = parse("place", "Quận Bính Thúy. TP. Căn Thơ")
    assert parsed.value == "Quận Bình Thủy, TP. Cần Thơ"
    assert parsed.doubtful and parsed.valid
    assert parsed.read_as == "Quận Bính Thúy, TP. Căn Thơ"
    ok = parse("place", "Xã Thục Luyện, Huyện Thanh Sơn, Tỉnh Phú Thọ")
    assert not ok.doubtful and ok.read_as is None


def test_tidy_leaves_a_bare_name_that_starts_like_a_unit_word() -> None:
    assert tidy_address("Quan Hóa, Tỉnh Thanh Hóa") == ("Quan Hóa, Tỉnh Thanh Hóa", False)
    assert tidy_address("Số nhà 12, Phường 9") == ("Số nhà 12, Phường 9", False)  # "nhà" is no lower-case name


def test_names_of_units_merged_before_the_last_snapshot_stay_valid() -> None:
    """Older snapshots (2020, 2021, 2023) keep the names printed on documents of their time."""
    for address in (
        "Phường Văn Miếu, Quận Đống Đa, Thành phố Hà Nội",  # part of Văn Miếu - Quốc Tử Giám since 2025
        "Phường Trại Cau, Quận Lê Chân, Thành phố Hải Phòng",
        "Xã Thủy Sơn, Huyện Thủy Nguyên, Thành phố Hải Phòng",  # Thủy Nguyên became a city on 01/01/2025
        "Tỉnh Thừa Thiên Huế",
    ):
        checked = check_address(address)
        assert checked.text == address and not checked.doubtful, address
    (hanoi,) = [u for u in lookup("Văn Miếu") if u.level == "commune" and u.parent == "006"]  # Quận Đống Đa
    assert hanoi.seen == "2020-02-25,2021-02-03,2023-05-07"  # gone from the 2025-01-04 snapshot


def test_lookups_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the gazetteer must not open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(lexicon_module, "_LEXICON", None)  # load the tables again, under the patch
    assert known("Cần Thơ")
    assert candidates("Căn Thơ") == ["Cần Thơ"]
    assert check_address("Quận Bính Thúy, TP. Căn Thơ").text == "Quận Bình Thủy, TP. Cần Thơ"
    assert check_address("Xã Hoằng Đong, Huyện Hoằng Hóa, Tỉnh Thanh Hóa").doubtful
    assert parse("place", "Huyện Cái Bệ, Tỉnh Tiền Giang").value == "Huyện Cái Bè, Tỉnh Tiền Giang"


def test_load_is_fast_and_lookups_are_cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "_LEXICON", None)
    start = time.perf_counter()
    lexicon_module.load()
    loaded = time.perf_counter() - start
    assert loaded < 0.5  # about 50 ms on the project's machine; generous for a busy CI
    start = time.perf_counter()
    for _ in range(1000):
        known("Cái Bè")
    assert (time.perf_counter() - start) / 1000 < 1e-4
    assert gazetteer.load() is lexicon_module.load()
