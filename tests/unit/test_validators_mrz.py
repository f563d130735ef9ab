"""MRZ check digits, the strict parser (TD1/TD2/TD3) and the Vietnamese card checks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators import Finding
from extractors.validators.mrz import (
    CHARSET,
    char_value,
    check_digit,
    mrz_to_fields,
    parse,
    transliterate_name,
    validate_vn_card_mrz,
)

VN = ["IDVNM3010123455079301012345<<5", "0103152F2603151VNM<<<<<<<<<<<6", "TRAN<<THI<BICH<NGOC<<<<<<<<<<<"]
PRINTED = {
    "id_number": "079301012345",
    "full_name": "TRẦN THỊ BÍCH NGỌC",
    "date_of_birth": "2001-03-15",
    "sex": "Nữ",
    "date_of_expiry": "2026-03-15",
}
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
TD1_ICAO = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def build_vn(pin: str, dob: date, sex: str, expiry: date | None, name: str) -> list[str]:
    """A Vietnamese card MRZ built the §1.9 way (test helper)."""
    cd = check_digit
    doc = pin[3:]
    line1 = f"IDVNM{doc}{cd(doc)}{pin}<<{cd(pin)}"
    dob_s = dob.strftime("%y%m%d")
    exp_s = "991231" if expiry is None else expiry.strftime("%y%m%d")
    line2 = f"{dob_s}{cd(dob_s)}{sex}{exp_s}{cd(exp_s)}VNM" + "<" * 11
    line2 += str(cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    return [line1, line2, transliterate_name(name)]


# ---------------------------------------------------------------------------------------------------------- check digit


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("301012345", 5),  # Appendix: document number
        ("079301012345", 5),  # full PIN
        ("010315", 2),  # DOB
        ("260315", 1),  # expiry
        ("3010123455079301012345<<5" + "0103152" + "2603151" + "<<<<<<<<<<<", 6),  # composite
        ("L898902C3", 6),  # ICAO specimen passport
        ("740812", 2),
        ("120415", 9),
        ("ZE184226B<<<<<", 1),
        ("D23145890", 7),
        ("", 0),
    ],
)
def test_check_digit_vectors(data: str, digit: int) -> None:
    assert check_digit(data) == digit


def test_composite_weighted_sum_is_406() -> None:
    composite = "3010123455079301012345<<5" + "0103152" + "2603151" + "<<<<<<<<<<<"
    assert len(composite) == 50
    assert sum(char_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(composite)) == 406


def test_char_values() -> None:
    assert [char_value(c) for c in "09AZ<"] == [0, 9, 10, 35, 0]
    with pytest.raises(ValueError):
        check_digit("ab")


MRZ_TEXT = st.text(alphabet=sorted(CHARSET), max_size=60)


@given(MRZ_TEXT)
def test_check_digit_matches_reference(s: str) -> None:
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    assert check_digit(s) == sum(values[c] * [7, 3, 1][i % 3] for i, c in enumerate(s)) % 10


@given(MRZ_TEXT.filter(bool), st.data())
def test_check_digit_detects_single_changes(s: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(s) - 1))
    c = data.draw(st.sampled_from(sorted(CHARSET)))
    changed = s[:i] + c + s[i + 1 :]
    weight = (7, 3, 1)[i % 3]
    if (char_value(c) - char_value(s[i])) * weight % 10:
        assert check_digit(changed) != check_digit(s)
    else:
        assert check_digit(changed) == check_digit(s)


# ---------------------------------------------------------------------------------------------------------------- parse


def test_parse_vn_worked_example() -> None:
    result = parse(VN)
    assert result.format == "TD1"
    assert result.checks == {
        "document_number": True,
        "optional_data": True,
        "date_of_birth": True,
        "date_of_expiry": True,
        "composite": True,
    }
    assert result.valid
    assert result.repairs == []
    assert result.fields == {
        "document_code": "ID",
        "issuing_state": "VNM",
        "document_number": "301012345",
        "date_of_birth": "010315",
        "sex": "F",
        "date_of_expiry": "260315",
        "nationality": "VNM",
        "surname": "TRAN",
        "given_names": "THI BICH NGOC",
        "optional_data": "079301012345",
        "optional_data_2": "",
    }
    contract = result.to_contract()
    assert contract["valid"] is True and contract["lines"] == VN and contract["format"] == "TD1"


@pytest.mark.parametrize(
    ("index", "check"),
    [(14, "document_number"), (29, "optional_data")],
)
def test_each_vn_line1_check_detects_a_change(index: int, check: str) -> None:
    line1 = VN[0][:index] + ("6" if VN[0][index] != "6" else "7") + VN[0][index + 1 :]
    result = parse([line1, *VN[1:]])
    assert result.checks[check] is False
    assert result.checks["composite"] is False
    assert not result.valid


def test_td1_optional_check_only_for_vnm() -> None:
    result = parse(TD1_ICAO)
    assert set(result.checks) == {"document_number", "date_of_birth", "date_of_expiry", "composite"}
    assert result.valid
    assert result.fields["document_number"] == "D23145890"
    assert (result.fields["surname"], result.fields["given_names"]) == ("ERIKSSON", "ANNA MARIA")


def test_td3_specimen() -> None:
    result = parse(TD3)
    assert result.format == "TD3"
    assert result.valid
    assert set(result.checks) == {"document_number", "optional_data", "date_of_birth", "date_of_expiry", "composite"}
    assert result.fields == {
        "document_code": "P",
        "issuing_state": "UTO",
        "document_number": "L898902C3",
        "date_of_birth": "740812",
        "sex": "F",
        "date_of_expiry": "120415",
        "nationality": "UTO",
        "surname": "ERIKSSON",
        "given_names": "ANNA MARIA",
        "optional_data": "ZE184226B",
    }


def test_td3_empty_personal_number_may_have_filler_check_digit() -> None:
    line2 = "L898902C36UTO7408122F1204159" + "<" * 14 + "<"
    line2 += str(check_digit(line2[0:10] + line2[13:20] + line2[21:43]))
    result = parse([TD3[0], line2])
    assert result.checks["optional_data"] is True
    assert result.valid


def test_td2_specimen() -> None:
    result = parse(TD2)
    assert result.format == "TD2"
    assert result.valid
    assert set(result.checks) == {"document_number", "date_of_birth", "date_of_expiry", "composite"}
    assert result.fields["document_number"] == "D23145890"
    assert result.fields["document_code"] == "I"
    assert result.fields["optional_data"] == ""


def test_td1_document_number_overflow() -> None:
    number = "D23145890AB12"
    line1 = f"I<UTO{number[:9]}<{number[9:]}{check_digit(number)}<".ljust(30, "<")
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += str(check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    result = parse([line1, line2, TD1_ICAO[2]])
    assert result.fields["document_number"] == number
    assert result.fields["optional_data"] == ""
    assert result.valid


@pytest.mark.parametrize("fmt", ["TD2", "TD3"])
def test_td2_td3_document_number_overflow(fmt: str) -> None:
    number = "X1234567890"
    width = 36 if fmt == "TD2" else 44
    line1 = ("I<UTOERIKSSON<<ANNA" if fmt == "TD2" else "P<UTOERIKSSON<<ANNA").ljust(width, "<")
    extra = f"{number[9:]}{check_digit(number)}<"
    line2 = f"{number[:9]}<UTO7408122F1204159{extra}"
    if fmt == "TD2":
        line2 = line2.ljust(35, "<")
        line2 += str(check_digit(line2[0:10] + line2[13:20] + line2[21:35]))
    else:
        line2 = line2.ljust(42, "<")
        line2 += str(check_digit(line2[28:42]))
        line2 += str(check_digit(line2[0:10] + line2[13:20] + line2[21:43]))
    result = parse([line1, line2])
    assert result.format == fmt
    assert result.fields["document_number"] == number
    assert result.valid, result.checks


def test_visa_has_no_composite() -> None:
    line2 = "L898902C36UTO7408122F1204159" + "ABC".ljust(16, "<")
    result = parse(["V<UTOERIKSSON<<ANNA<MARIA".ljust(44, "<"), line2])
    assert set(result.checks) == {"document_number", "date_of_birth", "date_of_expiry"}
    assert result.fields["optional_data"] == "ABC"
    assert result.valid


@pytest.mark.parametrize(
    "lines",
    [
        [],
        VN[:2],
        [VN[0] + "<", VN[1], VN[2]],
        [VN[0].lower(), VN[1], VN[2]],
        [VN[0].replace("<", " "), VN[1], VN[2]],
    ],
)
def test_parse_rejects_malformed(lines: list[str]) -> None:
    with pytest.raises(ValueError):
        parse(lines)


# ------------------------------------------------------------------------------------------------------- transliterate


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("TRẦN THỊ BÍCH NGỌC", "TRAN<<THI<BICH<NGOC<<<<<<<<<<<"),
        ("Đỗ Văn Đức", "DO<<VAN<DUC<<<<<<<<<<<<<<<<<<<"),
        ("NGUYỄN  VĂN   A", "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<"),
        ("Tra\u0300n Thi\u0323", "TRAN<<THI<<<<<<<<<<<<<<<<<<<<<"),
        ("Tôn Nữ Hoàng Công Huyền Tôn Nữ Diệu", "TON<<NU<HOANG<CONG<HUYEN<TON<N"),
    ],
)
def test_transliterate_name(name: str, line: str) -> None:
    assert transliterate_name(name) == line
    assert len(line) == 30


def test_transliterate_unpadded() -> None:
    assert transliterate_name("Trần Thị Bích Ngọc", width=None) == "TRAN<<THI<BICH<NGOC"


# ------------------------------------------------------------------------------------------------------------ VN checks


def test_vn_worked_example_agrees_with_printed() -> None:
    assert validate_vn_card_mrz(parse(VN), PRINTED) == []


def test_vn_each_failed_check_is_one_finding() -> None:
    line2 = VN[1][:6] + "3" + VN[1][7:]  # wrong DOB check digit → DOB and composite fail
    findings = validate_vn_card_mrz(parse([VN[0], line2, VN[2]]), PRINTED)
    assert codes(findings) == ["mrz_check_digit_failed", "mrz_check_digit_failed"]
    assert all(f.severity == "error" and f.fields == ("mrz",) for f in findings)
    assert "date_of_birth" in findings[0].message and "composite" in findings[1].message


@pytest.mark.parametrize(
    ("key", "value", "code", "field"),
    [
        ("id_number", "079301012346", "mrz_id_number_mismatch", "id_number"),
        ("date_of_birth", "2001-03-16", "mrz_date_of_birth_mismatch", "date_of_birth"),
        ("date_of_birth", "2002", "mrz_date_of_birth_mismatch", "date_of_birth"),
        ("sex", "Nam", "mrz_sex_mismatch", "sex"),
        ("date_of_expiry", "2026-03-16", "mrz_expiry_mismatch", "date_of_expiry"),
        ("full_name", "TRẦN THỊ BÍCH NGÂN", "mrz_name_mismatch", "full_name"),
    ],
)
def test_vn_mismatches(key: str, value: str, code: str, field: str) -> None:
    findings = validate_vn_card_mrz(parse(VN), {**PRINTED, key: value})
    assert codes(findings) == [code]
    assert findings[0].severity == "error"
    assert findings[0].fields == (field, "mrz")


def test_vn_year_only_dob_and_missing_values() -> None:
    assert validate_vn_card_mrz(parse(VN), {**PRINTED, "date_of_birth": "2001"}) == []
    assert validate_vn_card_mrz(parse(VN), {}) == []


def test_vn_document_number_must_be_pin_tail() -> None:
    lines = build_vn("079301012345", date(2001, 3, 15), "F", date(2026, 3, 15), "Trần Thị Bích Ngọc")
    doc = "301012399"
    line1 = f"IDVNM{doc}{check_digit(doc)}" + lines[0][15:]
    line2 = lines[1][:29] + str(check_digit(line1[5:30] + lines[1][0:7] + lines[1][8:15] + lines[1][18:29]))
    findings = validate_vn_card_mrz(parse([line1, line2, lines[2]]), PRINTED)
    assert codes(findings) == ["mrz_id_number_mismatch"]
    assert findings[0].fields == ("mrz",)


def test_vn_sex_against_pin_when_sex_not_printed() -> None:
    lines = build_vn("079301012345", date(2001, 3, 15), "M", date(2026, 3, 15), "Trần Thị Bích Ngọc")
    findings = validate_vn_card_mrz(parse(lines), {"id_number": "079301012345"})
    assert codes(findings) == ["mrz_sex_mismatch"]
    assert findings[0].fields == ("id_number", "mrz")


def test_vn_no_expiry_is_991231() -> None:
    lines = build_vn("001064012345", date(1964, 11, 2), "M", None, "Đỗ Văn Đức")
    result = parse(lines)
    assert result.valid
    printed = {"id_number": "001064012345", "date_of_birth": "1964-11-02", "sex": "Nam", "full_name": "ĐỖ VĂN ĐỨC"}
    assert validate_vn_card_mrz(result, printed, no_expiry=True) == []
    assert validate_vn_card_mrz(result, {**printed, "no_expiry": "true"}) == []
    assert codes(validate_vn_card_mrz(result, {**printed, "date_of_expiry": "2024-11-02"})) == ["mrz_expiry_mismatch"]
    dated = parse(build_vn("001064012345", date(1964, 11, 2), "M", date(2024, 11, 2), "Đỗ Văn Đức"))
    assert codes(validate_vn_card_mrz(dated, printed, no_expiry=True)) == ["mrz_expiry_mismatch"]
    fields = mrz_to_fields(result)
    assert fields["date_of_expiry"] is None and fields["no_expiry"] == "true"


def test_vn_rejects_foreign_layout() -> None:
    findings = validate_vn_card_mrz(parse(TD3), PRINTED)
    assert codes(findings) == ["mrz_layout_unexpected"]


def test_mrz_to_fields() -> None:
    assert mrz_to_fields(parse(VN)) == {
        "id_number": "079301012345",
        "date_of_birth": "2001-03-15",
        "sex": "Nữ",
        "date_of_expiry": "2026-03-15",
        "no_expiry": None,
        "full_name": "TRAN THI BICH NGOC",
        "nationality": "Việt Nam",
    }
    old = mrz_to_fields(parse(build_vn("001064012345", date(1964, 11, 2), "M", None, "Đỗ Văn Đức")))
    assert old["date_of_birth"] == "1964-11-02" and old["sex"] == "Nam" and old["full_name"] == "DO VAN DUC"


@given(
    dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    tail=st.integers(min_value=0, max_value=999_999),
    years=st.sampled_from([14, 25, 40, 60, None]),
)
def test_vn_round_trip(dob: date, sex: str, tail: int, years: int | None) -> None:
    g = 2 * ((dob.year - 1900) // 100) + (1 if sex == "F" else 0)
    pin = f"079{g}{dob.year % 100:02d}{tail:06d}"
    expiry = None if years is None else date(dob.year + years, dob.month, 28 if dob.day > 28 else dob.day)
    result = parse(build_vn(pin, dob, sex, expiry, "Lê Văn Tám"))
    assert result.valid
    fields = mrz_to_fields(result)
    assert fields["id_number"] == pin
    assert fields["date_of_birth"] == dob.isoformat()
    assert fields["sex"] == ("Nữ" if sex == "F" else "Nam")
    printed = {"id_number": pin, "date_of_birth": dob.isoformat(), "full_name": "LÊ VĂN TÁM"}
    if expiry is not None and expiry.year < 2100:
        printed["date_of_expiry"] = expiry.isoformat()
    assert validate_vn_card_mrz(result, printed, no_expiry=expiry is None) == []
