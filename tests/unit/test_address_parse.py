"""Address parsing with the spaCy pipeline: units and codes, OCR tolerance, validation by document date, no network."""

from __future__ import annotations

import socket
from datetime import date
from typing import Any

import pytest

from extractors.gazetteer import check_address
from extractors.gazetteer import parse as parse_module
from extractors.gazetteer.address import strip_junk_prefix
from extractors.gazetteer.document_pass import annotate_addresses
from extractors.gazetteer.lexicon import load
from extractors.gazetteer.parse import current_units, parse_address, validate
from extractors.validators.text import fold
from extractors.values import parse
from models.results import Document, Field


def _codes(text: str, era: str) -> dict[str, str | None]:
    parsed = parse_address(text)
    return {
        level: (unit.code if (unit := parsed.unit(level, era)) is not None else None)  # type: ignore[arg-type]
        for level in ("commune", "district", "province")
    }


def _provinces(era: str) -> list[Any]:
    return [u for u in load().units if u.era == era and u.level == "province" and u.source != "alias"]


@pytest.mark.parametrize("era", ["legacy", "2025"])
def test_every_province_name_parses_to_its_code(era: str) -> None:
    units = _provinces(era)
    assert len({u.code for u in units}) == (63 if era == "legacy" else 34)
    for unit in units:
        for text in (unit.name, unit.bare, fold(unit.name), f"Xã Bình An, {unit.name}"):
            parsed = parse_address(text)
            codes = {u.code for u in parsed.units.get("province", ()) if u.era == era}
            assert unit.code in codes, (text, codes)


@pytest.mark.parametrize(
    ("text", "era", "expected"),
    [
        ("Xã Má Lé, Huyện Đồng Văn, Tỉnh Hà Giang", "legacy", ("00718", "026", "02")),
        ("xa ma le, huyen dong van, tinh ha giang", "legacy", ("00718", "026", "02")),  # no diacritics
        ("Xa Ma Le Huyen Dong Van Ha Giang", "legacy", ("00718", "026", "02")),  # no commas, no unit word
        ("Xã Má Lé Huyện Đồng Văn Tỉnh Hà Giang", "legacy", ("00718", "026", "02")),
        ("Số 12 đường Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", "legacy", ("26740", "760", "79")),  # abbreviations
        ("P.5, Q.3, TP. HCM", "legacy", ("27151", "770", "79")),
        ("Phường 13, Quận Bình Thạnh, TP. Hồ Chí Minh", "legacy", ("26905", "765", "79")),
        ("Thị trấn Cái Bè Huyện Cái Bè Tỉnh Tiền Giang", "legacy", ("28360", "819", "82")),
        ("TT. Cái Bè, H. Cái Bè, Tiền Giang", "legacy", ("28360", "819", "82")),
        ("Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giamg", "legacy", ("28504", "820", "82")),  # one-letter OCR errors
        ("Xã Lonq Trung, Huyện Cai Lậy, Tỉnh Tiền Giang", "legacy", ("28504", "820", "82")),
        ("Xã Long Trung, Huyện Cai Lạy, Tính Tiền Giang", "legacy", ("28504", "820", "82")),
        ("Phường Cửa Nam, Thành phố Hà Nội", "2025", ("00073", None, "01")),  # two levels, after the reform
        ("Đặc khu Phú Quốc, Tỉnh An Giang", "2025", (None, None, "91")),
    ],
)
def test_addresses_parse_to_their_units(text: str, era: str, expected: tuple[str | None, ...]) -> None:
    codes = _codes(text, era)
    assert (codes["commune"], codes["district"], codes["province"])[: len(expected)] == expected or (
        expected[0] is None and (codes["district"], codes["province"]) == expected[1:]
    )


def test_special_zone_has_its_commune_code() -> None:
    parsed = parse_address("Đặc khu Phú Quốc, Tỉnh An Giang")
    commune = parsed.unit("commune", "2025")
    assert commune is not None and commune.type == "đặc khu"


def test_street_part_is_kept_as_printed() -> None:
    parsed = parse_address("Số 12 đường Lê Lợi, P. Bến Nghé, Q.1, TP.HCM")
    assert parsed.street == "Số 12 đường Lê Lợi"
    assert (parsed.commune, parsed.district, parsed.province) == ("P. Bến Nghé", "Q.1", "TP.HCM")
    hamlet = parse_address("Thôn 4, Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giang")
    assert hamlet.street == "Thôn 4"


def test_a_name_with_a_unit_word_inside_is_not_split() -> None:
    parsed = parse_address("Xã Tân Xã Huyện Thạch Thất Hà Nội")
    assert (parsed.commune, parsed.district, parsed.province) == ("Xã Tân Xã", "Huyện Thạch Thất", "Hà Nội")


OLD = "Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giang"  # Tiền Giang merged into Đồng Tháp on 01/07/2025
NEW = "Phường Cửa Nam, Thành phố Hà Nội"


def test_validation_by_document_date() -> None:
    old = parse_address(OLD)
    assert validate(old, date(2020, 5, 1)) == []
    codes = {f.code for f in validate(old, date(2026, 3, 1))}
    assert codes == {"address_units_before_reform", "address_district_after_reform"}
    assert validate(old, date(2026, 3, 1), permanent=True) == []  # Quê quán keeps its old names
    assert validate(old, None) == []
    assert validate(parse_address(NEW), date(2026, 3, 1)) == []
    new_only = parse_address("Xã Long Tiên, Tỉnh Đồng Tháp")
    assert {f.code for f in validate(new_only, date(2020, 5, 1))} == {"address_units_after_date"}


def test_current_units_of_an_old_address() -> None:
    hint = current_units(parse_address(OLD))
    assert hint and hint[0].province_code == "82" and hint[0].commune_code


def _document(value: str, source: str = "ocr") -> Document:
    document = Document(type="cccd_2021_front")
    document.fields["place_of_residence"] = Field(value=value, confidence=0.97, status="ok", source=source)  # type: ignore[arg-type]
    document.fields["place_of_origin"] = Field(value=value, confidence=0.97, status="ok", source=source)  # type: ignore[arg-type]
    document.fields["full_name"] = Field(value="NGUYỄN VĂN AN", confidence=0.97, status="ok")
    return document


def test_old_address_accepted_on_2020_document_and_flagged_on_2026() -> None:
    before = _document(OLD)
    annotate_addresses(before, date(2020, 5, 1))
    field = before.fields["place_of_residence"]
    assert field.value == OLD and field.status == "ok" and not field.issues and not before.issues
    assert field.address is not None
    assert (field.address.commune_code, field.address.district_code, field.address.province_code) == (
        "28504",
        "820",
        "82",
    )
    assert field.address.units_as_of is not None and field.address.units_as_of < "2025-07-01"
    assert field.address.current and field.address.current[0].province == "Tỉnh Đồng Tháp"  # the hint
    assert before.fields["full_name"].address is None

    after = _document(OLD)
    annotate_addresses(after, date(2026, 3, 1))
    field = after.fields["place_of_residence"]
    assert field.value == OLD  # never rewritten
    assert {"address_units_before_reform", "address_district_after_reform"} <= set(field.issues)
    assert {i.code for i in after.issues} == {"address_units_before_reform", "address_district_after_reform"}
    assert all(i.severity == "warning" and i.fields == ["place_of_residence"] for i in after.issues)
    assert not after.fields["place_of_origin"].issues  # permanent personal data
    contract = field.to_contract()
    assert contract["value"] == OLD and contract["address"]["province_code"] == "82"
    assert "address" not in after.fields["full_name"].to_contract()


def test_new_address_on_new_document() -> None:
    document = _document(NEW)
    annotate_addresses(document, date(2026, 3, 1))
    field = document.fields["place_of_residence"]
    assert not field.issues and field.address is not None
    assert field.address.units_as_of == "2025-07-01" and field.address.district is None
    assert (field.address.commune_code, field.address.province_code) == ("00073", "01")
    assert field.address.current is None


def test_an_ambiguous_name_goes_to_review_with_candidates() -> None:
    document = _document("Xã Hoằng Đong, Huyện Hoằng Hóa, Tỉnh Thanh Hóa")
    annotate_addresses(document, date(2020, 1, 1))
    field = document.fields["place_of_residence"]
    assert field.status == "review" and "place_ambiguous" in field.issues
    assert field.value == "Xã Hoằng Đong, Huyện Hoằng Hóa, Tỉnh Thanh Hóa"
    assert field.candidates is not None
    assert {c.split(",")[0] for c in field.candidates} == {"Xã Hoằng Đông", "Xã Hoằng Đồng"}


def test_a_qr_address_is_annotated_but_not_second_guessed() -> None:
    document = _document("Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giamg", source="qr")
    annotate_addresses(document, date(2020, 1, 1))
    field = document.fields["place_of_residence"]
    assert field.status == "ok" and field.candidates is None and field.address is not None


def test_parsing_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(parse_module, "_PIPELINE", None)  # build it again, offline
    monkeypatch.setattr(parse_module, "_MAPPING", None)
    parsed = parse_address("xa ma le huyen dong van tinh ha giang")
    assert parsed.unit("province", "legacy") is not None
    assert current_units(parsed)


def test_parse_place_corrects_a_letter_in_context_as_a_proposal() -> None:
    parsed = parse("place", "Xã Lonq Trung, Huyện Cai Lậy, Tỉnh Tiền Giang")
    assert parsed.value == "Xã Long Trung, Huyện Cai Lậy, Tỉnh Tiền Giang"
    assert parsed.doubtful and parsed.read_as == "Xã Lonq Trung, Huyện Cai Lậy, Tỉnh Tiền Giang"
    checked = check_address("Xã Lonq Trung, Huyện Cai Lậy, Tỉnh Tiền Giang")
    assert [(r.read, r.restored, r.corrected) for r in checked.restorations] == [("Lonq Trung", "Long Trung", True)]


def test_a_name_far_from_every_name_in_context_is_not_corrected() -> None:
    checked = check_address("Xã Duy Trình, Huyện Duy Tiên, Tỉnh Hà Nam")  # two edits from Duy Minh: too far
    assert not checked.restorations and checked.segments[0].status == "unknown"


@pytest.mark.parametrize(
    ("read", "proposed"),
    [
        ("PXeoe ø osos XÃ Lưu Phương, Huyện Kim Sơn, Tỉnh Ninh Bình", "Xã Lưu Phương, Huyện Kim Sơn, Tỉnh Ninh Bình"),
        (
            "NeNđăng ký kha h/ Pioce oƒ bừth, Xã Thục Luyện, Huyện Thanh Sơn, Tỉnh Phú Thọ",
            "Xã Thục Luyện, Huyện Thanh Sơn, Tỉnh Phú Thọ",
        ),
    ],
)
def test_ocr_junk_before_the_first_unit_is_dropped_as_a_proposal(read: str, proposed: str) -> None:
    assert strip_junk_prefix(read) is not None
    parsed = parse("place", read)
    assert parsed.value == proposed and parsed.doubtful and parsed.read_as == read


@pytest.mark.parametrize(
    "address",
    [
        "Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        "Buôn Kmrơng Prông A, Phường Ea Tam, Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk",
        "307/51 Bà Triệu, Phường Bình Khánh, Thành phố Long Xuyên, Tỉnh An Giang",
        "Nơ sưng ọ Thôn Long Thạnh, Xã Má Lé, Huyện Đồng Văn, Tỉnh Hà Giang",
    ],
)
def test_a_street_part_is_not_junk(address: str) -> None:
    assert strip_junk_prefix(address) is None
