"""Ethnic groups and religions: closed lists, normalised when the letters match, flagged otherwise."""

from __future__ import annotations

import pytest

from extractors.validators.ethnicity import ETHNIC_GROUPS, normalise_ethnicity, normalise_religion
from extractors.values import parse


def test_the_54_groups() -> None:
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 54


@pytest.mark.parametrize(
    ("read", "name", "exact"), [("Kinh", "Kinh", True), ("Tay", "Tày", True), ("Monh", "Mông", False)]
)
def test_ethnicity(read: str, name: str, exact: bool) -> None:
    assert normalise_ethnicity(read) == (name, exact)


def test_other_spelling_kept_as_printed() -> None:
    assert normalise_ethnicity("Khơ Me") == ("Khơ Me", True)


def test_religion() -> None:
    assert normalise_religion("Phat giao") == ("Phật giáo", True)
    assert normalise_religion("Không") == ("Không", True)


def test_unlisted_readings_are_doubtful_not_rewritten() -> None:
    parsed = parse("ethnicity", "sạc Monh")
    assert parsed.value == "sạc Monh" and parsed.doubtful
    assert parse("ethnicity", "Monh").doubtful  # one edit from Mông: proposed, not trusted
    assert not parse("religion", "Không").doubtful
