"""Card validity (domain spec §1.10): birthday in the milestone year, or no expiry."""

from __future__ import annotations

from datetime import date

CAN_CUOC_START = date(2024, 7, 1)


def add_years(day: date, years: int) -> date:
    """Same day and month ``years`` later; 29 February becomes 28 February (an open point in the spec)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def milestones(can_cuoc: bool, issue_date: date) -> tuple[int, ...]:
    """Ages at which the card must be renewed: 14 only for Căn cước cards issued from 2024-07-01."""
    return (14, 25, 40, 60) if can_cuoc and issue_date >= CAN_CUOC_START else (25, 40, 60)


def expiry_date(dob: date, issue_date: date, *, can_cuoc: bool = False) -> date | None:
    """The first milestone M with ``issue < dob + (M − 2) years`` gives ``dob + M years``; none → ``None``."""
    for age in milestones(can_cuoc, issue_date):
        if issue_date < add_years(dob, age - 2):
            return add_years(dob, age)
    return None
