"""Fronts and backs of the same card in one file confirm each other; other people's cards are not paired."""

from __future__ import annotations

from datetime import date

from extractors.crosscheck import crosscheck
from models.results import Document, Field

TODAY = date(2026, 11, 22)
MRZ = "IDVNM3010123455079301012345<<5\n0103152F2603151VNM<<<<<<<<<<<6\nTRAN<<THI<BICH<NGOC<<<<<<<<<<<"


def front(pin: str, page: int, dob: str = "2001-03-15") -> Document:
    def f(value: str) -> Field:
        return Field(value=value, confidence=0.85, status="review", source="ocr")

    return Document(
        type="cccd_2021_front",
        pages=[page],
        fields={
            "id_number": f(pin),
            "full_name": f("TRẦN THỊ BÍCH NGỌC"),
            "date_of_birth": f(dob),
            "sex": f("Nữ"),
            "date_of_expiry": f("2026-03-15"),
        },
    )


def back(page: int) -> Document:
    return Document(
        type="cccd_2021_back",
        pages=[page],
        fields={
            "issue_date": Field(value="2021-06-20", confidence=0.97, status="ok"),
            "mrz": Field(value=MRZ, confidence=0.99, status="ok", source="mrz"),
        },
    )


def test_the_back_confirms_its_front() -> None:
    docs = [front("079301012345", 1), back(1)]
    crosscheck(docs, TODAY)
    assert all(docs[0].fields[n].status == "ok" for n in ("id_number", "full_name", "date_of_birth", "sex"))
    assert not docs[0].needs_review


def test_a_disagreeing_date_goes_to_review_on_both_sides() -> None:
    docs = [front("079301012345", 1, dob="2001-03-16"), back(2)]
    crosscheck(docs, TODAY)
    assert docs[0].fields["date_of_birth"].status != "ok"
    assert "mrz_date_of_birth_mismatch" in {i.code for i in docs[0].issues}


def test_another_persons_back_is_not_paired() -> None:
    docs = [front("001099012345", 1), back(2)]
    crosscheck(docs, TODAY)
    assert docs[0].fields["id_number"].status == "review"  # untouched: nothing confirmed it
    assert not docs[0].issues and not docs[1].issues
