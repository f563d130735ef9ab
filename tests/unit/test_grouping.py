"""Pages of a file → documents: dossiers split, land spreads grouped whatever their order."""

from __future__ import annotations

from pipeline.grouping import group_pages

COUNTS = {"land_certificate_2014": 4, "land_certificate_2024": 2, "birth_certificate": 1}


def _groups(pages: list[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    found = group_pages([(t, r, i) for i, (t, r) in enumerate(pages, start=1)], COUNTS)
    return [(g.type, g.items) for g in found]


def test_a_land_certificate_scanned_as_spreads_is_one_document() -> None:
    pages = [("land_certificate_2014", 4), ("land_certificate_2014", 1), ("land_certificate_2014", 2),
             ("land_certificate_2014", 3)]  # fmt: skip
    assert _groups(pages) == [("land_certificate_2014", [1, 2, 3, 4])]


def test_a_repeated_role_starts_the_next_certificate() -> None:
    pages = [("land_certificate_2024", 1), ("land_certificate_2024", 2), ("land_certificate_2024", 1)]
    assert _groups(pages) == [("land_certificate_2024", [1, 2]), ("land_certificate_2024", [3])]


def test_single_page_papers_never_merge() -> None:
    pages = [("birth_certificate", 1), ("birth_certificate", 1), ("land_certificate_2024", 1)]
    assert _groups(pages) == [("birth_certificate", [1]), ("birth_certificate", [2]), ("land_certificate_2024", [3])]


def test_an_unreadable_page_inside_a_land_certificate_belongs_to_it() -> None:
    pages = [("land_certificate_2014", 1), ("unknown", 1), ("land_certificate_2014", 2), ("land_certificate_2014", 4)]
    assert _groups(pages) == [("land_certificate_2014", [1, 2, 3, 4])]


def test_unknown_pages_stand_alone_when_the_paper_does_not_go_on() -> None:
    pages = [("land_certificate_2014", 1), ("unknown", 1), ("birth_certificate", 1), ("unknown", 1)]
    assert _groups(pages) == [
        ("land_certificate_2014", [1]),
        ("unknown", [2]),
        ("birth_certificate", [3]),
        ("unknown", [4]),
    ]


def test_unknown_pages_beyond_the_papers_page_count_stand_alone() -> None:
    pages = [("land_certificate_2024", 1), ("unknown", 1), ("unknown", 1), ("land_certificate_2024", 2)]
    assert _groups(pages) == [
        ("land_certificate_2024", [1]),
        ("unknown", [2]),
        ("unknown", [3]),
        ("land_certificate_2024", [4]),
    ]


def test_the_unreadable_half_of_a_spread_belongs_to_the_paper_on_its_other_half() -> None:
    # Sheet 1 is the spread 4|1 whose page 4 could not be classified, sheet 2 the spread 2|3.
    pages = [("unknown", 1, "p4"), ("land_certificate_2014", 1, "p1"), ("land_certificate_2014", 2, "p2"),
             ("land_certificate_2014", 3, "p3")]  # fmt: skip
    groups = group_pages(pages, COUNTS, sheets=[1, 1, 2, 2])
    assert [(g.type, g.items) for g in groups] == [("land_certificate_2014", ["p4", "p1", "p2", "p3"])]


def test_an_unknown_page_on_its_own_sheet_before_a_paper_stays_alone() -> None:
    pages = [("unknown", 1, "x"), ("land_certificate_2014", 1, "p1")]
    groups = group_pages(pages, COUNTS, sheets=[1, 2])
    assert [(g.type, g.items) for g in groups] == [("unknown", ["x"]), ("land_certificate_2014", ["p1"])]


def test_unreadable_last_pages_of_a_land_certificate_at_the_end_of_the_file_belong_to_it() -> None:
    pages = [("birth_certificate", 1), ("land_certificate_2014", 1), ("land_certificate_2014", 2), ("unknown", 1)]
    assert _groups(pages) == [("birth_certificate", [1]), ("land_certificate_2014", [2, 3, 4])]
