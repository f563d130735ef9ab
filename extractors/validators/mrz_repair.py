"""Find and repair an MRZ in raw OCR text lines, changing characters only where the check digits prove it.

Steps for every window of 2 or 3 consecutive MRZ-like lines:

1. normalise (upper case, ``«`` → ``<<``, drop spaces and stray characters);
2. ``K`` → ``<`` inside filler runs;
3. fix each line's length by inserting or removing ``<`` in one filler run (or at the end);
4. in alphabetic positions (document code, states, names — no check digit covers them) digits become letters;
   in numeric positions (dates, check digits, Vietnamese ID numbers) a letter becomes its digit look-alike only if the
   field's check digit then passes; in alphanumeric fields (document numbers, optional data) whose check fails, single
   letter↔digit substitutions are tried and one is accepted only if it is the only one that makes both the field's
   check and the composite check pass. A check digit itself is never changed to make a field pass.

The window and length variant with the most passing checks wins. Repairs are recorded as ``line<N>[<pos>]: A→B``
with 1-based line numbers and positions (ICAO numbering).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Final

from extractors.validators.mrz_parse import (
    CHARSET,
    SHAPES,
    CheckSpec,
    Layout,
    MrzFormat,
    MrzResult,
    Pos,
    check_passes,
    layout,
    parse,
)

TO_DIGIT: Final = {"O": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6", "D": "0", "Q": "0"}
TO_LETTER: Final = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
_CHEVRONS: Final = {"«": "<<", "≪": "<<", "‹": "<", "〈": "<", "＜": "<", "⟨": "<"}
_LENGTH_SLACK: Final = 6
_MAX_GUESS_COMBOS: Final = 4096


def _label(pos: Pos) -> str:
    return f"line{pos[0] + 1}[{pos[1] + 1}]"


def clean_line(raw: str) -> tuple[str, list[str]]:
    """OCR text → ``A–Z 0–9 <`` only, with notes on what was changed (no line prefix)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    notes: list[str] = []
    for chevron, replacement in _CHEVRONS.items():
        if chevron in text:
            notes.append(f"{chevron} read as {replacement}")
            text = text.replace(chevron, replacement)
    if text != text.upper():
        notes.append("upper-cased")
        text = text.upper()
    kept = "".join(ch for ch in text if ch in CHARSET)
    dropped = len(text) - len(kept)
    if dropped:
        notes.append(f"removed {dropped} character(s) outside A–Z 0–9 <")
    return kept, notes


def fix_k_fillers(line: str) -> tuple[str, list[int]]:
    """``K`` → ``<`` inside runs of ``<``/``K``; a ``K`` touching a letter, a digit or the line start is kept (ERIK<<,
    <<KIM); a ``K`` in the trailing filler run is a filler."""
    chars = list(line)
    changed: list[int] = []
    for match in re.finditer(r"[<K]+", line):
        run = match.group()
        if "<" not in run:
            continue
        start, end = match.start(), match.end()
        lo = start + (len(run) - len(run.lstrip("K")))
        hi = end if end == len(line) else end - (len(run) - len(run.rstrip("K")))
        for i in range(lo, hi):
            if chars[i] == "K":
                chars[i] = "<"
                changed.append(i)
    return "".join(chars), changed


def length_variants(line: str, width: int) -> list[tuple[str, str | None]]:
    """Ways to bring a line to ``width`` by adding or removing ``<`` in one filler run; last run first."""
    delta = width - len(line)
    if delta == 0:
        return [(line, None)]
    variants: list[tuple[str, str | None]] = []
    runs = [(m.start(), m.end()) for m in re.finditer(r"<+", line)]
    for start, end in reversed(runs):
        if delta > 0:
            variants.append((line[:end] + "<" * delta + line[end:], f"inserted {delta} '<' at pos {end + 1}"))
        elif end - start >= -delta:
            variants.append((line[: end + delta] + line[end:], f"removed {-delta} '<' at pos {end + delta + 1}"))
    if delta > 0:
        variants.append((line + "<" * delta, f"padded {delta} '<' at the end"))
    else:
        variants.append((line[:width], f"trimmed {-delta} character(s) at the end"))
    seen: set[str] = set()
    unique: list[tuple[str, str | None]] = []
    for text, note in variants:
        if text not in seen:
            seen.add(text)
            unique.append((text, note))
    return unique


def _set(lines: list[list[str]], pos: Pos, ch: str) -> None:
    lines[pos[0]][pos[1]] = ch


def _as_text(lines: list[list[str]]) -> list[str]:
    return ["".join(line) for line in lines]


def _passes(lines: list[list[str]], spec: CheckSpec) -> bool:
    return check_passes(_as_text(lines), spec)


def _forced(lines: list[list[str]], spec: CheckSpec) -> dict[Pos, str]:
    """Letters in numeric positions (and in the check-digit position) mapped to their digit look-alikes."""
    changes: dict[Pos, str] = {}
    for pos in (*[p for p in spec.data if p in spec.numeric], spec.digit):
        ch = lines[pos[0]][pos[1]]
        if ch in TO_DIGIT:
            changes[pos] = TO_DIGIT[ch]
    return changes


def _apply(lines: list[list[str]], changes: dict[Pos, str]) -> list[list[str]]:
    out = [list(line) for line in lines]
    for pos, ch in changes.items():
        _set(out, pos, ch)
    return out


def _guesses(lines: list[list[str]], spec: CheckSpec) -> list[dict[Pos, str]]:
    """Single letter↔digit substitutions in alphanumeric positions that make the field's check pass."""
    found: list[dict[Pos, str]] = []
    for pos in spec.data:
        if pos in spec.numeric:
            continue
        ch = lines[pos[0]][pos[1]]
        for alt in {TO_DIGIT.get(ch), TO_LETTER.get(ch)} - {None}:
            assert alt is not None
            change = {pos: alt}
            if _passes(_apply(lines, change), spec):
                found.append(change)
    return found


def _record(lines: list[list[str]], changes: dict[Pos, str], repairs: list[str]) -> None:
    for pos, ch in sorted(changes.items()):
        repairs.append(f"{_label(pos)}: {lines[pos[0]][pos[1]]}→{ch}")
        _set(lines, pos, ch)


def _alpha_and_fillers(lines: list[list[str]], lay: Layout, repairs: list[str]) -> None:
    changes = {p: TO_LETTER[lines[p[0]][p[1]]] for p in sorted(lay.alpha) if lines[p[0]][p[1]] in TO_LETTER}
    changes |= {p: "<" for p in sorted(lay.fillers) if lines[p[0]][p[1]] == "K"}
    _record(lines, changes, repairs)


def repair_characters(fmt: MrzFormat, texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """Character repairs on lines of the right length; returns the lines and the repairs made."""
    lines = [list(t) for t in texts]
    repairs: list[str] = []
    # The layout depends on the document code and issuing state, so fix those letters first.
    _alpha_and_fillers(lines, layout(fmt, _as_text(lines)), repairs)
    lay = layout(fmt, _as_text(lines))
    _alpha_and_fillers(lines, lay, repairs)
    composite = next((s for s in lay.checks if s.name == "composite"), None)
    open_fields: list[list[dict[Pos, str]]] = []
    for spec in lay.checks:
        if spec is composite:
            continue
        forced = _forced(lines, spec)
        if forced and _passes(_apply(lines, forced), spec):
            # A letter in a numeric position is always wrong; its digit look-alike is kept when the check passes
            # (L↔1 and G↔6 change no check digit, so they are mapped even when the check already passed).
            _record(lines, forced, repairs)
            continue
        if _passes(lines, spec):
            continue
        base = _apply(lines, forced)
        options = [forced | g for g in _guesses(base, spec)]
        if options:
            open_fields.append([{}, *options])  # {} = leave the field as read
    _settle_guesses(lines, open_fields, composite, repairs)
    if composite is not None and not _passes(lines, composite):
        forced = _forced(lines, CheckSpec("composite", (), composite.digit))
        if forced and _passes(_apply(lines, forced), composite):
            _record(lines, forced, repairs)
    return _as_text(lines), repairs


def _settle_guesses(
    lines: list[list[str]], open_fields: list[list[dict[Pos, str]]], composite: CheckSpec | None, repairs: list[str]
) -> None:
    if not open_fields:
        return
    if composite is None:
        for options in open_fields:
            if len(options) == 2:  # exactly one candidate besides "as read"
                _record(lines, options[1], repairs)
        return
    passing: list[tuple[dict[Pos, str], ...]] = []
    for count, combo in enumerate(itertools.product(*open_fields)):
        if count >= _MAX_GUESS_COMBOS:
            return
        merged: dict[Pos, str] = {}
        for change in combo:
            merged |= change
        trial = _apply(lines, merged)
        trial = _apply(trial, _forced(trial, CheckSpec("composite", (), composite.digit)))
        if _passes(trial, composite):
            passing.append(combo)
    if len(passing) == 1:
        for change in passing[0]:
            _record(lines, change, repairs)


def _candidate_windows(cleaned: list[tuple[int, str, list[str]]]) -> Iterator[tuple[MrzFormat, list[int]]]:
    for fmt, (count, width) in SHAPES.items():
        for i in range(len(cleaned) - count + 1):
            window = cleaned[i : i + count]
            if all(abs(len(text) - width) <= _LENGTH_SLACK for _, text, _ in window):
                yield fmt, list(range(i, i + count))


def _plausible_code(fmt: MrzFormat, first: str) -> bool:
    return bool(first) and first[0] in ("IAC" if fmt == "TD1" else "PV" if fmt == "TD3" else "IACPV")


def _repair_window(
    fmt: MrzFormat, texts: list[str], notes: list[list[str]]
) -> tuple[tuple[int, int, int, int], MrzResult] | None:
    width = SHAPES[fmt][1]
    base_repairs: list[str] = []
    prepared: list[str] = []
    for n, (text, line_notes) in enumerate(zip(texts, notes, strict=True)):
        base_repairs += [f"line{n + 1}: {note}" for note in line_notes]
        fixed, changed = fix_k_fillers(text)
        base_repairs += [f"line{n + 1}[{i + 1}]: K→< (filler)" for i in changed]
        prepared.append(fixed)
    if sum(t.count("<") for t in prepared) < 2:
        return None
    best: tuple[tuple[int, int, int, int], MrzResult] | None = None
    per_line = [length_variants(t, width) for t in prepared]
    for rank, combo in enumerate(itertools.product(*per_line)):
        length_notes = [f"line{n + 1}: {note}" for n, (_, note) in enumerate(combo) if note]
        lines, char_repairs = repair_characters(fmt, [t for t, _ in combo])
        result = parse(lines, base_repairs + length_notes + char_repairs)
        passed = sum(result.checks.values())
        score = (passed, int(_plausible_code(fmt, lines[0])), -len(length_notes) - len(char_repairs), -rank)
        if best is None or score > best[0]:
            best = (score, result)
    return best


def repair(raw_lines: Sequence[str]) -> MrzResult | None:
    """Find the 2 or 3 lines of an MRZ in OCR text lines and repair them; None when no MRZ-like lines exist.

    Failed check digits stay failed in the result's ``checks`` (the caller reports them); nothing is silently fixed.
    """
    cleaned: list[tuple[int, str, list[str]]] = []
    for index, raw in enumerate(line for chunk in raw_lines for line in chunk.splitlines()):
        text, notes = clean_line(raw)
        if len(text) >= 10:
            cleaned.append((index, text, notes))
    best: tuple[tuple[int, int, int, int], MrzResult] | None = None
    for fmt, idx in _candidate_windows(cleaned):
        found = _repair_window(fmt, [cleaned[i][1] for i in idx], [cleaned[i][2] for i in idx])
        if found is None:
            continue
        score = found[0]
        if score[0] < 2 and not score[1]:
            continue  # implausible document code and at most one check digit right (chance): not an MRZ
        if best is None or score > best[0]:
            best = found
    return None if best is None else best[1]
