"""Synthetic documents carrying an ICAO 9303 MRZ (TD1, TD2, TD3), placed in photos, for MRZ tests and benchmarks.

:func:`render_document` draws a document-like card or passport page (pale security print, a title, labelled fields,
a photo box and the MRZ in OCR-B at the ICAO pitch of 10 characters per inch, here 300 dpi) and :func:`place_in_photo`
puts it on a cluttered photo background, turned by 0/90/180/270° plus a tilt, with perspective, blur, noise and JPEG.
The MRZ lines are given by the caller; :data:`SPECIMENS` holds the ICAO specimen lines and the Vietnamese example
of the domain spec (§1.9).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from samples.generator import artwork, fonts
from samples.generator.backgrounds import card_background
from samples.generator.mrz import check_digit

BGR = npt.NDArray[np.uint8]

SPECIMENS: Final[dict[str, tuple[str, ...]]] = {
    "td3": (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ),
    "td2": (
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ),
    "td1": (
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ),
    "vn": (
        "IDVNM3010123455079301012345<<5",
        "0103152F2603151VNM<<<<<<<<<<<6",
        "TRAN<<THI<BICH<NGOC<<<<<<<<<<<",
    ),
}

# Document sizes in pixels at 300 dpi (ISO/IEC 7810 ID-1, ID-2, ID-3) and the MRZ line pitch (ICAO: 6 lines per inch
# on TD1, a little more on passports).
_DPI: Final = 300
_SIZES: Final[dict[int, tuple[int, int]]] = {30: (1012, 638), 36: (1240, 874), 44: (1476, 1039)}
_PITCH_X: Final = 30.0  # 2.54 mm
_LINE_PITCH: Final[dict[int, float]] = {30: 50.0, 36: 58.0, 44: 58.0}
_FILLER: Final = (
    "SPECIMEN",
    "REPUBLIC OF UTOPIA",
    "Surname / Nom",
    "Given names / Prenoms",
    "Date of birth",
    "Place of birth",
    "Date of issue",
    "Authority",
    "Nationality",
    "Sex / Sexe",
)


def mrz_font_path() -> str:
    """Path of the OCR-B font (the generator's MRZ font choice)."""
    name = fonts.mrz_font_file()
    return fonts.path_of(name)


@dataclass(frozen=True)
class DocStyle:
    """Rendering knobs for one document (chosen by :func:`random_style` for the benchmark)."""

    mrz_font: str = ""  # path; empty = OCR-B
    ink: tuple[int, int, int] = (20, 20, 24)
    generation: str = "cccd_2021"  # background palette of samples.generator.backgrounds
    char_height_mm: float = 2.4  # cap height of the MRZ characters
    other_text: bool = True


def _font_for_pitch(path: str, char_height_px: float) -> ImageFont.FreeTypeFont:
    """The font at the size whose capital ``M`` is ``char_height_px`` tall."""
    probe = ImageFont.truetype(path, 100)
    box = probe.getbbox("M")
    cap = max(1, box[3] - box[1])
    return ImageFont.truetype(path, max(8, round(100 * char_height_px / cap)))


def _draw_mrz(img: Image.Image, lines: tuple[str, ...], style: DocStyle, rng: random.Random) -> None:
    width, height = img.size
    n = len(lines[0])
    draw = ImageDraw.Draw(img)
    font = _font_for_pitch(style.mrz_font or mrz_font_path(), style.char_height_mm / 25.4 * _DPI)
    pitch = _LINE_PITCH[n]
    x0 = (width - _PITCH_X * n) / 2 + rng.uniform(-6, 6)
    last_baseline = height - (0.055 if n == 30 else 0.075) * height + rng.uniform(-4, 4)
    for i, line in enumerate(lines):
        baseline = last_baseline - (len(lines) - 1 - i) * pitch
        for j, ch in enumerate(line):
            cx = x0 + (j + 0.5) * _PITCH_X
            draw.text((cx, baseline), ch, font=font, fill=style.ink, anchor="ms")


def _draw_other_text(img: Image.Image, n: int, rng: random.Random) -> None:
    """Title, labels and values, a photo box: what sits above the MRZ on a real document."""
    width, height = img.size
    draw = ImageDraw.Draw(img)
    family = rng.choice(fonts.families())
    title = fonts.load(family.bold, 44 if n != 30 else 36)
    label = fonts.load(family.regular, 22)
    value = fonts.load(family.bold, 30)
    draw.text((width * 0.33, height * 0.04), rng.choice(("PASSPORT", "IDENTITY CARD", "TRAVEL DOCUMENT")), font=title,
              fill=(40, 50, 110), anchor="lt")  # fmt: skip
    photo_w, photo_h = int(width * 0.24), int(height * 0.42)
    photo = artwork.face_photo(rng, photo_w, photo_h)
    img.paste(photo, (int(width * 0.04), int(height * 0.16)))
    y = height * 0.17
    mrz_top = height * (0.62 if n == 30 else 0.74)
    while y < mrz_top - 60:
        draw.text((width * 0.33, y), rng.choice(_FILLER), font=label, fill=(70, 70, 120), anchor="lt")
        words = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVYZ") for _ in range(rng.randint(4, 12)))
        draw.text((width * 0.33, y + 26), words + " " + str(rng.randint(10, 9999)), font=value, fill=(15, 15, 20),
                  anchor="lt")  # fmt: skip
        y += 70
    sig = artwork.signature(rng, int(width * 0.22), int(height * 0.08))
    img.paste(sig, (int(width * 0.70), int(mrz_top - height * 0.12)), sig if sig.mode == "RGBA" else None)


def render_document(lines: tuple[str, ...] | None, rng: random.Random, style: DocStyle | None = None) -> BGR:
    """One document side (BGR, 300 dpi) with ``lines`` as its MRZ; ``None`` renders a document without an MRZ."""
    style = style or DocStyle()
    n = len(lines[0]) if lines else rng.choice((30, 44))
    width, height = _SIZES[n]
    img = card_background(style.generation, "back", width, height, rng)
    if style.other_text:
        _draw_other_text(img, n, rng)
    if lines:
        _draw_mrz(img, lines, style, rng)
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1])


_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STATES: Final = (
    "UTO",
    "D<<",
    "FRA",
    "GBR",
    "ESP",
    "NLD",
    "CAN",
    "JPN",
    "BRA",
    "ZAF",
    "EST",
)  # VNM TD1 has its own layout


def _cd(data: str) -> str:
    return check_digit(data)


# Letter weights of Latin-script names (per mille, rounded): Q, X, Z stay rare as in real name fields.
_NAME_WEIGHTS: Final = (
    82,
    15,
    28,
    43,
    127,
    22,
    20,
    61,
    70,
    2,
    8,
    40,
    24,
    67,
    75,
    19,
    1,
    60,
    63,
    91,
    28,
    10,
    24,
    2,
    20,
    1,
)


def _name_word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(_LETTERS, weights=_NAME_WEIGHTS, k=rng.randint(low, high)))


def _name_field(rng: random.Random, width: int) -> str:
    surname = _name_word(rng, 3, 12)
    given = [_name_word(rng, 2, 9) for _ in range(rng.randint(1, 3))]
    return (surname + "<<" + "<".join(given))[:width].ljust(width, "<")


def _date(rng: random.Random) -> str:
    return f"{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def random_mrz(fmt: str, rng: random.Random) -> tuple[str, ...]:
    """A random, fully valid MRZ of format ``TD1``, ``TD2`` or ``TD3`` (fictional holder, ICAO layout)."""
    state, nationality = rng.choice(_STATES), rng.choice(_STATES)
    number = "".join(rng.choice(_LETTERS[:6] + "0123456789" * 3) for _ in range(9))
    dob, expiry, sex = _date(rng), _date(rng), rng.choice("MF<")
    if fmt == "TD1":
        optional = "".join(rng.choice("0123456789<") for _ in range(rng.choice((0, 6, 15)))).ljust(15, "<")
        line1 = rng.choice(("I<", "ID", "AC", "IR")) + state + number + _cd(number) + optional
        optional2 = "<" * 11
        line2 = dob + _cd(dob) + sex + expiry + _cd(expiry) + nationality + optional2
        line2 += _cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
        return line1, line2, _name_field(rng, 30)
    width = 36 if fmt == "TD2" else 44
    code = rng.choice(("I<", "ID", "AC")) if fmt == "TD2" else rng.choice(("P<", "PA", "PD"))
    line1 = code + state + _name_field(rng, width - 5)
    if fmt == "TD2":
        line2 = number + _cd(number) + nationality + dob + _cd(dob) + sex + expiry + _cd(expiry) + "<" * 7
    else:
        personal = "".join(rng.choice("0123456789") for _ in range(rng.choice((0, 9, 14)))).ljust(14, "<")
        personal_cd = _cd(personal) if personal.strip("<") else rng.choice(("<", "0"))
        line2 = number + _cd(number) + nationality + dob + _cd(dob) + sex + expiry + _cd(expiry) + personal
        line2 += personal_cd
    line2 += _cd(line2[0:10] + line2[13:20] + line2[21:])
    return line1, line2


def with_wrong_digit(lines: tuple[str, ...], line: int, pos: int) -> tuple[str, ...]:
    """The same MRZ with the check digit at ``(line, pos)`` (0-based) printed one higher (mod 10)."""
    chars = list(lines[line])
    chars[pos] = str((int(chars[pos]) + 1) % 10)
    out = list(lines)
    out[line] = "".join(chars)
    return tuple(out)


def photo_background(width: int, height: int, rng: random.Random) -> BGR:
    """A table-top photo: a shaded surface, some objects and printed clutter, sensor noise."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    base = np.array([rng.randint(60, 200) for _ in range(3)], dtype=np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    shade = 1.0 + 0.25 * (xs / width - 0.5) * rng.uniform(-1, 1) + 0.25 * (ys / height - 0.5) * rng.uniform(-1, 1)
    out = base[None, None, :] * shade[..., None]
    grain = cv2.GaussianBlur(nrng.normal(0, 18, (height, width)).astype(np.float32), (0, 0), rng.uniform(1.5, 6))
    out += grain[..., None]
    img = np.clip(out, 0, 255).astype(np.uint8)
    for _ in range(rng.randint(2, 6)):  # objects
        color = tuple(int(c) for c in nrng.integers(0, 255, 3))
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        if rng.random() < 0.5:
            cv2.circle(img, (cx, cy), rng.randint(40, 300), color, -1, cv2.LINE_AA)
        else:
            box = cv2.boxPoints(((cx, cy), (rng.randint(80, 600), rng.randint(40, 300)), rng.uniform(0, 180)))
            cv2.fillConvexPoly(img, box.astype(np.int32), color, cv2.LINE_AA)
    for _ in range(rng.randint(0, 3)):  # printed clutter (a receipt, a newspaper corner)
        x, y = rng.randint(0, width - 100), rng.randint(0, height - 100)
        for k in range(rng.randint(3, 10)):
            text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz   ") for _ in range(rng.randint(10, 40)))
            cv2.putText(img, text, (x, y + 26 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (30, 30, 30), 1, cv2.LINE_AA)
    return np.asarray(img, dtype=np.uint8)


@dataclass(frozen=True)
class Placement:
    rotation: int = 0  # 0, 90, 180, 270 (clockwise)
    tilt: float = 0.0  # extra degrees, clockwise
    doc_fraction: float = 0.65  # document's long side / frame's long side
    frame: tuple[int, int] = (2000, 1500)  # width, height
    perspective: float = 0.02  # corner jitter, fraction of the document size
    blur: float = 0.8  # Gaussian sigma in pixels
    noise: float = 3.0  # additive Gaussian noise sigma
    jpeg_quality: int = 85  # 0 = no JPEG round trip


def place_in_photo(doc: BGR, rng: random.Random, placement: Placement = Placement()) -> BGR:
    """``doc`` on a photo background, turned by ``rotation + tilt`` degrees clockwise, with camera degradations."""
    fw, fh = placement.frame
    frame = photo_background(fw, fh, rng)
    dh, dw = doc.shape[:2]
    angle = math.radians(placement.rotation + placement.tilt)
    cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
    bound_w, bound_h = dw * cos + dh * sin, dw * sin + dh * cos
    scale = min(placement.doc_fraction * max(fw, fh) / max(dw, dh), 0.9 * fw / bound_w, 0.9 * fh / bound_h)
    src = np.array([[0, 0], [dw, 0], [dw, dh], [0, dh]], dtype=np.float32)
    jitter = placement.perspective * max(dw, dh)
    src_j = src + np.array([[rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter)] for _ in range(4)], np.float32)
    centred = (src_j - np.array([dw / 2, dh / 2], np.float32)) * scale
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], dtype=np.float32)
    slack_x, slack_y = max(0.0, (fw - bound_w * scale) / 2 - 10), max(0.0, (fh - bound_h * scale) / 2 - 10)
    centre = np.array([fw / 2 + rng.uniform(-slack_x, slack_x), fh / 2 + rng.uniform(-slack_y, slack_y)], np.float32)
    dst = (centred @ rot.T + centre).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(doc, matrix, (fw, fh), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    mask = cv2.warpPerspective(np.full((dh, dw), 255, np.uint8), matrix, (fw, fh), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    out = frame.astype(np.float32) * (1 - alpha) + warped.astype(np.float32) * alpha
    if placement.blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), placement.blur)
    if placement.noise > 0:
        out += np.random.default_rng(rng.randrange(2**32)).normal(0, placement.noise, out.shape).astype(np.float32)
    img: BGR = np.asarray(np.clip(out, 0, 255), dtype=np.uint8)
    if placement.jpeg_quality:
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, placement.jpeg_quality])
        if ok:
            img = np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR), dtype=np.uint8)
    return img
