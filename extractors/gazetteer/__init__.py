"""Gazetteer of Vietnamese administrative units: the closed sets of names an address is made of.

Shipped tables (``data/units.tsv.gz``, built by ``scripts/build_gazetteer.py``; see ``data/SOURCE.md``) hold the
legacy three-level units (63 provinces, their districts and communes before 01/07/2025, from GSO snapshots of
2020, 2021, 2023 and 2025, so that names merged away in between stay known) and the 2025 two-level units
(34 provinces, 3,321 communes). They are loaded once, on first use, with no network access ever.

* :func:`known` — is this bare name (``Cái Bè``) the name of some unit, as printed (diacritics included)?
* :func:`candidates` — the known names with the same letters (diacritics ignored), else those one edit away.
* :func:`check_address` — an address with misread names restored in context, and whether it is doubtful.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from extractors.gazetteer.address import AddressCheck, Restoration, Segment, check_address
from extractors.gazetteer.keys import canon, fold_key, traditional_tones
from extractors.gazetteer.lexicon import Level, Unit, load, preferred

__all__ = [
    "AddressCheck",
    "Level",
    "Restoration",
    "Segment",
    "Unit",
    "candidates",
    "check_address",
    "known",
    "lookup",
    "same_letters_as_known",
]


def known(name: str) -> bool:
    """Whether ``name`` (a bare unit name: ``Cái Bè``, ``Cần Thơ``, ``12``) is a known name, exact with diacritics.

    Spelling conventions are not differences: tone placement (``Hoà``/``Hòa``), case, hyphen spacing.
    """
    return canon(name) in load().everything.by_canon


def same_letters_as_known(name: str) -> bool:
    """Whether some known name has the same letters as ``name`` (diacritics, case and tone placement ignored)."""
    return fold_key(name) in load().everything.by_fold


def lookup(name: str) -> list[Unit]:
    """Every unit (any level, either era, each spelling) whose bare name is ``name``."""
    return list(load().everything.by_canon.get(canon(name), ()))


def candidates(name: str) -> list[str]:
    """Known names with the same letters as ``name`` (diacritics ignored); if none, those within one edit of it.

    Sorted, each name once, in its newest spelling with traditional tone placement (``Hòa``, ``Thủy``).
    """
    lex = load()
    folded = fold_key(name)
    units = list(lex.everything.by_fold.get(folded, ()))
    if not units and folded:
        near = process.extract(folded, lex.fold_keys(), scorer=Levenshtein.distance, score_cutoff=1, limit=None)
        units = [unit for key, _, _ in near for unit in lex.everything.by_fold[key]]
    by_name: dict[str, list[Unit]] = {}
    for unit in units:
        by_name.setdefault(unit.canon, []).append(unit)
    return sorted(traditional_tones(preferred(group).bare) for group in by_name.values())
