"""The in-memory lexicon: the shipped table of units, indexed by name and by parent, loaded once on first use."""

from __future__ import annotations

import gc
import gzip
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Final, Literal, NamedTuple

DATA: Final = Path(__file__).resolve().parent / "data" / "units.tsv.gz"

Level = Literal["province", "district", "commune"]
LEVELS: Final[tuple[Level, ...]] = ("province", "district", "commune")


class Unit(NamedTuple):
    """One name of one administrative unit (a unit renamed or spelled two ways has two rows with the same code)."""

    era: str  # "legacy" (before 01/07/2025, three levels) or "2025"
    level: Level
    code: str  # GSO code, unique per era and level
    parent: str  # code of the unit above in the same era ("" for a province)
    type: str  # tỉnh, thành phố trung ương, quận, huyện, thị xã, thành phố, xã, phường, thị trấn, đặc khu
    name: str  # with its unit word: "Huyện Cái Bè"
    bare: str  # "Cái Bè"
    source: str  # vp (vietnam-provinces), vau (vietnamadminunits), alias
    seen: str  # data dates of the source snapshots that have this name, comma-separated ("" for an alias)
    canon: str  # keys.canon(bare)
    fold: str  # keys.fold_key(bare)


@dataclass
class Group:
    """Some units (one level under one parent, or the whole country), by ``canon`` and by ``fold_key``."""

    units: list[Unit] = field(default_factory=list)
    _by_canon: dict[str, list[Unit]] | None = None
    _by_fold: dict[str, list[Unit]] | None = None

    def index(self) -> None:
        by_canon: dict[str, list[Unit]] = {}
        by_fold: dict[str, list[Unit]] = {}
        for unit in self.units:
            by_canon.setdefault(unit.canon, []).append(unit)
            by_fold.setdefault(unit.fold, []).append(unit)
        self._by_canon, self._by_fold = by_canon, by_fold

    @property
    def by_canon(self) -> dict[str, list[Unit]]:
        if self._by_canon is None:
            self.index()
        assert self._by_canon is not None
        return self._by_canon

    @property
    def by_fold(self) -> dict[str, list[Unit]]:
        if self._by_fold is None:
            self.index()
        assert self._by_fold is not None
        return self._by_fold


class Lexicon:
    """Groups keyed by ``(level, scope)``; each is indexed by name on first use.

    * ``(level, "")``: every unit of that level, both eras;
    * ``("district", "legacy:<province>")``: the legacy districts of a legacy province;
    * ``("commune", "legacy:<district>")``: the legacy communes of a legacy district;
    * ``("commune", "legacy-province:<province>")``: every legacy commune of a legacy province;
    * ``("commune", "2025:<province>")``: the communes of a 2025 province.
    """

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.everything = Group(units)
        self.everything.index()  # known() and candidates() need it at once
        self.groups: dict[tuple[str, str], Group] = {}
        district_parent: dict[str, str] = {}
        for unit in units:
            if unit.era == "legacy" and unit.level == "district":
                district_parent.setdefault(unit.code, unit.parent)
        groups = self.groups
        for unit in units:
            level = unit.level
            keys = [(level, "")]
            if level != "province":
                keys.append((level, f"{unit.era}:{unit.parent}"))
                if unit.era == "legacy" and level == "commune" and unit.parent in district_parent:
                    keys.append(("commune", f"legacy-province:{district_parent[unit.parent]}"))
            for key in keys:
                group = groups.get(key)
                if group is None:
                    group = groups[key] = Group()
                group.units.append(unit)
        self._fold_keys: list[str] | None = None

    def group(self, level: Level, scope: str = "") -> Group | None:
        return self.groups.get((level, scope))

    def fold_keys(self) -> list[str]:
        if self._fold_keys is None:
            self._fold_keys = sorted(self.everything.by_fold)
        return self._fold_keys


def preferred(units: Iterable[Unit]) -> Unit:
    """The row to show among rows of one name: the newest snapshot's; then vietnam-provinces', the legacy era's."""
    ordered = sorted(units, key=lambda u: (u.source != "vp", u.era != "legacy"))
    return max(ordered, key=lambda u: max(u.seen.split(",")))


def read_units(path: Path = DATA) -> list[Unit]:
    """The rows of the shipped table, lookup keys included (the build script computes them with ``keys``)."""
    with gzip.open(path, "rb") as f:
        text = f.read().decode("utf-8")
    header, _, body = text.partition("\n")
    if header.split("\t") != list(Unit._fields):
        raise ValueError(f"unexpected gazetteer header in {path}: {header!r}")
    cells = body.rstrip("\n").replace("\n", "\t").split("\t")
    if len(cells) % len(Unit._fields):
        raise ValueError(f"ragged gazetteer table in {path}")
    columns = [iter(cells)] * len(Unit._fields)
    return list(map(tuple.__new__, repeat(Unit), zip(*columns, strict=True)))


_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None


def load() -> Lexicon:
    """The lexicon of the shipped table, built on first use (a few tens of milliseconds) and kept."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                collecting = gc.isenabled()
                gc.disable()  # tens of thousands of new objects, none cyclic: no collections while loading
                try:
                    _LEXICON = Lexicon(read_units())
                finally:
                    if collecting:
                        gc.enable()
    return _LEXICON
