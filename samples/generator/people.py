"""Synthetic, internally consistent card holders: a person and the card that was issued to them.

Everything comes from the ``random.Random`` passed in, so the same seed gives the same person.
No real person's data is used; names and places are combined at random from common parts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from samples.generator import names, places
from samples.generator.expiry import add_years, expiry_date
from samples.generator.idnumbers import make_cmnd, make_pin
from samples.generator.mrz import transliterate

# Issue-date windows per card generation (domain spec §1.0).
ISSUE_WINDOWS: Final[dict[str, tuple[date, date]]] = {
    "cmnd": (date(1995, 1, 1), date(2015, 12, 31)),
    "cccd_2016": (date(2016, 1, 1), date(2020, 12, 31)),
    "cccd_2021": (date(2021, 1, 23), date(2024, 6, 30)),
    "can_cuoc_2024": (date(2024, 7, 1), date(2026, 10, 31)),
}

ETHNICITIES: Final[tuple[tuple[str, float], ...]] = (
    ("Kinh", 80), ("Tày", 4), ("Thái", 4), ("Mường", 3), ("Khmer", 3), ("Hoa", 3), ("Nùng", 3),
)  # fmt: skip
_HOME_PROVINCES: Final[dict[str, tuple[str, ...]]] = {
    "Tày": ("004", "020", "008", "002"),
    "Nùng": ("020", "004"),
    "Thái": ("014", "011", "038", "040"),
    "Mường": ("017", "025", "038"),
    "Khmer": ("094", "084", "089", "091"),
    "Hoa": ("079", "094", "091"),
}
_RELIGIONS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "Kinh": (("Không", 80), ("Phật giáo", 13), ("Công giáo", 7)),
    "Khmer": (("Phật giáo", 85), ("Không", 15)),
    "Hoa": (("Phật giáo", 45), ("Không", 55)),
}
_DEFAULT_RELIGION: Final = (("Không", 90), ("Phật giáo", 5), ("Công giáo", 5))

ISSUERS: Final[dict[str, str]] = {
    "cccd_2016": "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ",
    "cccd_2021": "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "can_cuoc_2024": "BỘ CÔNG AN",
}

_MARK_KINDS: Final = ("Nốt ruồi", "Nốt ruồi", "Sẹo chấm", "Sẹo chấm", "Sẹo", "Nốt ruồi son")
_MARK_ANCHORS: Final = (
    "đầu lông mày", "đuôi lông mày", "đuôi mắt", "mép", "cánh mũi", "dái tai", "đầu mày", "gò má",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    full_name: str  # mixed case with diacritics, NFC: "Trần Thị Bích Ngọc"
    sex: str  # "Nam" / "Nữ"
    dob: date
    pin: str  # 12 digits
    old_cmnd: str | None  # 9 digits, when the holder ever had a CMND
    ethnicity: str
    religion: str
    marks: tuple[str, ...]  # "Đặc điểm nhân dạng" lines
    place_of_origin: str
    place_of_residence: str
    place_of_birth_registration: str
    residence_province: str  # code

    @property
    def upper_name(self) -> str:
        return self.full_name.upper()


@dataclass(frozen=True)
class CardIssue:
    generation: str  # "cmnd", "cccd_2016", "cccd_2021", "can_cuoc_2024"
    issue_date: date
    expiry: date | None  # None = "Không thời hạn" (not printed at all on CMND)
    issuer: str  # printed title of the signing authority
    signer: str  # synthetic officer name


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _age_at_issue(rng: random.Random, generation: str) -> int:
    if generation == "can_cuoc_2024" and rng.random() < 0.12:
        return rng.randint(6, 13)  # children's cards (with photo from 6)
    band = rng.random()
    if band < 0.38:
        return rng.randint(14, 24)
    if band < 0.68:
        return rng.randint(25, 39)
    if band < 0.86:
        return rng.randint(40, 57)
    return rng.randint(58, 82)  # no expiry ("Không thời hạn")


def _dob_for_age(rng: random.Random, issue: date, age: int) -> date:
    latest = add_years(issue, -age)
    earliest = add_years(issue, -age - 1) + timedelta(days=1)
    dob = _random_day(rng, earliest, latest)
    if dob.month == 2 and dob.day == 29:  # 29 February birthdays are an open point (§1.10): avoid them
        dob = dob.replace(day=28)
    return dob


def mark(rng: random.Random) -> str:
    """One distinguishing mark in the style of the cards: ``"Nốt ruồi C:2cm trên sau đầu lông mày trái"``."""
    distance = rng.choice(("1", "1", "1,5", "2", "2", "2,5", "3", "3,5"))
    vertical = rng.choice(("trên", "dưới"))
    horizontal = rng.choice(("trước", "sau"))
    side = rng.choice(("trái", "phải"))
    return f"{rng.choice(_MARK_KINDS)} C:{distance}cm {vertical} {horizontal} {rng.choice(_MARK_ANCHORS)} {side}"


def officer_name(rng: random.Random) -> str:
    sex = "Nam" if rng.random() < 0.85 else "Nữ"
    return names.full_name(rng, sex)


def _issuer(generation: str, residence: places.Province) -> str:
    if generation == "cmnd":
        where = f"TP {residence.name}" if residence.city else residence.name
        return f"GIÁM ĐỐC CA {where.upper()}"
    return ISSUERS[generation]


def make_holder(rng: random.Random, generation: str) -> tuple[Person, CardIssue]:
    """A person and a card of ``generation`` issued to them, legal at the issue date."""
    first, last = ISSUE_WINDOWS[generation]
    issue = _random_day(rng, first, last)
    age = _age_at_issue(rng, generation)
    if generation == "cmnd":
        age = min(age, 70)
    dob = _dob_for_age(rng, issue, age)
    sex = rng.choice(("Nam", "Nữ"))
    ethnicity = _weighted(rng, ETHNICITIES)
    birth = places.pick_province(rng, _HOME_PROVINCES.get(ethnicity, ()))
    name = names.full_name(rng, sex, ethnicity)
    while len(transliterate(name)) > 28:  # keep the MRZ name line untruncated (truncation rule is [U])
        name = names.full_name(rng, sex, ethnicity)
    pin = make_pin(rng, birth.code, dob, sex)

    had_cmnd_age = add_years(dob, 14) < date(2016, 1, 1)
    old_cmnd: str | None = None
    if generation == "cmnd" or (had_cmnd_age and rng.random() < 0.85):
        old_cmnd = make_cmnd(rng, birth.code)

    origin_province = birth if rng.random() < 0.6 else places.pick_province(rng)
    roll = rng.random()
    if roll < 0.5:
        residence_province = birth
    elif roll < 0.85:
        residence_province = places.PROVINCES[rng.choice(places.BIG_CITIES)]
    else:
        residence_province = places.pick_province(rng)

    style = rng.choice(("full", "full", "long", "short"))
    origin = places.address(
        rng, origin_province, with_local=rng.random() < 0.15, style=style, district_bare=rng.random() < 0.3
    )
    residence = places.address(
        rng, residence_province, with_local=rng.random() < 0.9, style=style, district_bare=rng.random() < 0.2
    )
    birth_registration = places.address(rng, birth, with_local=False, style="full")

    marks_count = 2 if generation == "cmnd" and rng.random() < 0.3 else 1
    person = Person(
        full_name=name,
        sex=sex,
        dob=dob,
        pin=pin,
        old_cmnd=old_cmnd,
        ethnicity=ethnicity,
        religion=_weighted(rng, _RELIGIONS.get(ethnicity, _DEFAULT_RELIGION)),
        marks=tuple(mark(rng) for _ in range(marks_count)),
        place_of_origin=origin,
        place_of_residence=residence,
        place_of_birth_registration=birth_registration,
        residence_province=residence_province.code,
    )
    expiry = None if generation == "cmnd" else expiry_date(dob, issue, can_cuoc=generation == "can_cuoc_2024")
    card = CardIssue(
        generation=generation,
        issue_date=issue,
        expiry=expiry,
        issuer=_issuer(generation, residence_province),
        signer=officer_name(rng),
    )
    return person, card
