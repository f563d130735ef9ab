"""Finding and repairing an MRZ in raw OCR lines: only repairs the check digits prove."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.validators.mrz import check_digit, parse, repair, transliterate_name
from extractors.validators.mrz_repair import clean_line, fix_k_fillers, length_variants

VN = ["IDVNM3010123455079301012345<<5", "0103152F2603151VNM<<<<<<<<<<<6", "TRAN<<THI<BICH<NGOC<<<<<<<<<<<"]
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]


def test_clean_input_needs_no_repair() -> None:
    for lines in (VN, TD3, TD2):
        result = repair(lines)
        assert result is not None
        assert result.lines == lines
        assert result.repairs == []
        assert result.valid


def test_finds_the_mrz_among_other_text() -> None:
    raw = [
        "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
        "Ngày, tháng, năm/Date, month, year: 20/06/2021",
        "",
        *VN,
        "~",
    ]
    result = repair(raw)
    assert result is not None and result.lines == VN and result.valid and result.repairs == []
    assert repair(["\n".join(VN)]) == result


def test_no_mrz() -> None:
    assert repair([]) is None
    assert repair(["Nơi thường trú: 12 Đường A, Phường B, Quận C", "Họ và tên / Full name: TRẦN THỊ BÍCH NGỌC"]) is None


def test_o_in_vn_document_number() -> None:
    result = repair(["IDVNM3O10123455079301012345<<5", VN[1], VN[2]])
    assert result is not None
    assert result.lines == VN and result.valid
    assert result.repairs == ["line1[7]: O→0"]


def test_letters_in_dates_and_check_digits() -> None:
    line2 = "O1O3152F26O3151VNM<<<<<<<<<<<6"
    result = repair([VN[0], line2, VN[2]])
    assert result is not None and result.lines == VN
    assert result.repairs == ["line2[1]: O→0", "line2[3]: O→0", "line2[11]: O→0"]


def test_missing_and_extra_fillers_and_k() -> None:
    raw = ["IDVNM3010123455079301012345<5", "0103152F2603151VNM<<<<K<<<<<<<6", "TRAN<<THI<BICH<NGOC<<<<K<<<"]
    result = repair(raw)
    assert result is not None
    assert result.lines == VN and result.valid
    assert "line2[23]: K→< (filler)" in result.repairs
    assert "line3[24]: K→< (filler)" in result.repairs
    assert "line1: inserted 1 '<' at pos 29" in result.repairs
    assert "line2: removed 1 '<' at pos 30" in result.repairs


def test_k_in_fixed_vn_filler_position() -> None:
    result = repair(["IDVNM3010123455079301012345K<5", VN[1], VN[2]])
    assert result is not None and result.lines == VN
    assert result.repairs == ["line1[28]: K→<"]


def test_noisy_ocr_text() -> None:
    raw = ["  idvnm 3010l2345 5079301012345«5 ", "0103152F2603151VNM <<<<<<<<<<<6`", "TRAN«TH1<BICH<NGOC<<<<<<<<<<<<"]
    result = repair(raw)
    assert result is not None
    assert result.lines == VN and result.valid
    assert "line1[10]: L→1" in result.repairs
    assert "line3[9]: 1→I" in result.repairs
    assert "line1: « read as <<" in result.repairs


def test_wrong_check_digit_stays_a_failed_check() -> None:
    line1 = VN[0][:14] + "6" + VN[0][15:]
    result = repair([line1, VN[1], VN[2]])
    assert result is not None
    assert result.lines == [line1, VN[1], VN[2]]
    assert result.repairs == []
    assert result.checks["document_number"] is False
    assert result.checks["composite"] is False
    assert not result.valid


def test_wrong_passport_check_digit_is_not_fixed_by_changing_the_number() -> None:
    # The document number has O/0-ambiguous characters; no substitution may be used to match a misread check digit.
    for wrong in "0123457889":
        if wrong == TD3[1][9]:
            continue
        line2 = TD3[1][:9] + wrong + TD3[1][10:]
        result = repair([TD3[0], line2])
        assert result is not None
        assert result.lines == [TD3[0], line2]
        assert result.checks["document_number"] is False
        assert not [r for r in result.repairs if r.startswith("line2")]


def test_unprovable_letter_in_date_is_left_alone() -> None:
    # 'O' for a '9': the forced O→0 does not satisfy the check digit, so nothing changes.
    line2 = VN[1][:9] + "2O" + VN[1][11:]  # expiry 2O0315 (was 260315)
    result = repair([VN[0], line2, VN[2]])
    assert result is not None
    assert result.lines[1] == line2
    assert result.checks["date_of_expiry"] is False
    assert result.repairs == []


def test_passport_document_number_o_for_zero() -> None:
    result = repair([TD3[0], "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"])
    assert result is not None and result.lines == TD3 and result.valid
    assert result.repairs == ["line2[6]: O→0"]


def test_ambiguous_passport_repair_is_not_made() -> None:
    # 'ZE1B4226B': B→8 at pos 32 fixes it, but Z→2 at pos 29 changes both check sums by the same amount
    # (same weight, 33 ≡ 3 ≡ 3 mod 10), so the check digits cannot tell the two apart: no repair, failed checks.
    line2 = "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"
    result = repair([TD3[0], line2])
    assert result is not None
    assert result.lines == [TD3[0], line2]
    assert result.repairs == []
    assert result.checks["optional_data"] is False and result.checks["composite"] is False


def test_td2_missing_filler_and_k() -> None:
    result = repair(["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<", "D231458907UTO7408122F1204159<<<K<<<6"])
    assert result is not None and result.format == "TD2"
    assert result.lines == TD2 and result.valid


def test_digits_in_names_and_state_codes() -> None:
    result = repair(["P<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<", TD3[1]])
    assert result is not None and result.lines == TD3
    assert result.fields["surname"] == "ERIKSSON"


def test_k_kept_next_to_letters() -> None:
    assert fix_k_fillers("ERIK<<KIM<<<K<<K") == ("ERIK<<KIM<<<<<<<", [12, 15])
    assert fix_k_fillers("KKK") == ("KKK", [])


def test_clean_line_and_length_variants() -> None:
    assert clean_line(" ab«c ") == ("AB<<C", ["« read as <<", "upper-cased"])
    assert clean_line("A B`C")[0] == "ABC"
    assert length_variants("AB<C", 5)[0] == ("AB<<C", "inserted 1 '<' at pos 4")
    assert length_variants("AB<<<C<<", 6)[0] == ("AB<<<C", "removed 2 '<' at pos 7")
    assert length_variants("ABCDEFG", 5) == [("ABCDE", "trimmed 2 character(s) at the end")]


def _vn(pin: str, dob: date, sex: str, expiry: date, name: str) -> list[str]:
    cd = check_digit
    line1 = f"IDVNM{pin[3:]}{cd(pin[3:])}{pin}<<{cd(pin)}"
    dob_s, exp_s = dob.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    line2 = f"{dob_s}{cd(dob_s)}{sex}{exp_s}{cd(exp_s)}VNM" + "<" * 11
    line2 += str(cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    return [line1, line2, transliterate_name(name)]


VN_CARDS = st.builds(
    _vn,
    pin=st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True),
    dob=st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    expiry=st.dates(min_value=date(2025, 1, 1), max_value=date(2080, 12, 31)),
    name=st.sampled_from(["Trần Thị Bích Ngọc", "Nguyễn Văn An", "Đỗ Đức"]),
)


@given(VN_CARDS, st.data())
def test_any_o_for_zero_in_numeric_positions_is_repaired(lines: list[str], data: st.DataObject) -> None:
    zeros = [(n, i) for n in (0, 1) for i, c in enumerate(lines[n]) if c == "0" and (n, i) != (0, 0)]
    if not zeros:
        return
    n, i = data.draw(st.sampled_from(zeros))
    broken = list(lines)
    broken[n] = broken[n][:i] + "O" + broken[n][i + 1 :]
    result = repair(broken)
    assert result is not None
    assert result.lines == lines
    assert result.repairs == [f"line{n + 1}[{i + 1}]: O→0"]


@given(VN_CARDS, st.data())
def test_a_dropped_filler_is_restored(lines: list[str], data: st.DataObject) -> None:
    n = data.draw(st.sampled_from([0, 1]))
    i = lines[n].index("<")
    broken = list(lines)
    broken[n] = broken[n][:i] + broken[n][i + 1 :]
    result = repair(broken)
    assert result is not None and result.lines == lines and result.valid


@pytest.mark.parametrize("bad", ["IDVNM30101234550793010123455<<5", "IDVNM301012345507930101234<<5"])
def test_a_dropped_or_extra_digit_is_not_invented(bad: str) -> None:
    result = repair([bad, VN[1], VN[2]])
    assert result is not None
    assert not result.valid
    assert parse(result.lines).checks == result.checks
