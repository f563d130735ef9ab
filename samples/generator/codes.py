"""QR payloads (domain spec §1.7) and 2-D code bitmaps (segno QR, zxing-cpp PDF417)."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import segno
import zxingcpp

from samples.generator.people import CardIssue, Person

Gray = npt.NDArray[np.uint8]


def ddmmyyyy(day: date) -> str:
    return day.strftime("%d%m%Y")


def qr_payload(person: Person, card: CardIssue) -> str:
    """``PIN|oldCMND-or-empty|Name|DOB ddmmyyyy|Nam/Nữ|residence|issue ddmmyyyy`` (7 fields, UTF-8)."""
    fields = (
        person.pin,
        person.old_cmnd or "",
        person.full_name,
        ddmmyyyy(person.dob),
        person.sex,
        person.place_of_residence,
        ddmmyyyy(card.issue_date),
    )
    return "|".join(fields)


def barcode_2016_payload(person: Person, card: CardIssue) -> str:
    """The 2016 card's barcode content is undocumented ([U]); this is a plausible stand-in, not ground truth."""
    expiry = "" if card.expiry is None else ddmmyyyy(card.expiry)
    fields = (person.pin, person.full_name, ddmmyyyy(person.dob), person.sex, person.place_of_origin,
              person.place_of_residence, ddmmyyyy(card.issue_date), expiry)  # fmt: skip
    return "|".join(fields)


def qr_bitmap(payload: str, target_px: int, *, border: int = 4) -> Gray:
    """Black-on-white QR with a ``border``-module quiet zone, integer module size, about ``target_px`` wide."""
    code = segno.make_qr(payload.encode("utf-8"), error="m")
    modules = np.array([list(row) for row in code.matrix_iter(scale=1, border=border)], dtype=np.uint8)
    scale = max(3, round(target_px / modules.shape[0]))
    big = np.kron(modules, np.ones((scale, scale), dtype=np.uint8))
    return np.where(big > 0, 0, 255).astype(np.uint8)


def pdf417_bitmap(payload: str, width_px: int, height_px: int) -> Gray:
    """A PDF417 symbol stretched to ``width_px`` × ``height_px`` (nearest neighbour keeps the bars crisp)."""
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.PDF417, ec_level="4")
    small = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False), dtype=np.uint8)
    ys = (np.arange(height_px) * small.shape[0] // height_px).clip(0, small.shape[0] - 1)
    xs = (np.arange(width_px) * small.shape[1] // width_px).clip(0, small.shape[1] - 1)
    return np.asarray(small[np.ix_(ys, xs)], dtype=np.uint8)
