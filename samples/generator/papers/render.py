"""Drawing primitives for A4 papers at 300 dpi: text runs with dotted leaders, seals, signatures, land paper.

A :class:`Sheet` is one page being drawn; it records the pixel box of every contract field drawn on it
(``boxes``), in the page's own pixels. :class:`Flow` lays label/value runs out line by line: labels stay whole,
values wrap word by word between ``left`` and ``right``; dotted leaders fill the space after a label when the
form style has them, and values are typed over the dots.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Final, Literal

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from samples.generator import fonts

Color = tuple[int, int, int]
Box = tuple[int, int, int, int]
Weight = Literal["regular", "bold", "italic"]

DPI: Final = 300
A4: Final = (2480, 3508)
LAND_2014: Final = (2244, 3130)  # 190 × 265 mm at 300 dpi
INK: Final[Color] = (20, 20, 22)
RED: Final[Color] = (200, 32, 40)
SEAL_RED: Final[Color] = (206, 40, 52)
PINK: Final[Color] = (250, 229, 230)


def mm(v: float) -> int:
    return round(v * DPI / 25.4)


@dataclass
class Style:
    """Per-document typographic choices (font family, sizes, leader dots)."""

    serif: fonts.Family
    sans: fonts.Family
    value_family: fonts.Family
    size: int  # body size in px
    dots: bool
    value_weight: Weight
    ink: Color
    value_ink: Color

    @classmethod
    def draw(cls, rng: random.Random, *, dots: float = 0.6) -> Style:
        families = fonts.families()
        serifs = [f for f in families if f.serif] or list(families)
        sanses = [f for f in families if not f.serif] or list(families)
        serif = serifs[0] if rng.random() < 0.55 else rng.choice(serifs)
        body = serif if rng.random() < 0.85 else rng.choice(sanses)
        value_family = body if rng.random() < 0.7 else rng.choice(families)
        ink_level = rng.randint(10, 40)
        return cls(
            serif=body,
            sans=rng.choice(sanses),
            value_family=value_family,
            size=rng.randint(46, 52),
            dots=rng.random() < dots,
            value_weight="bold" if rng.random() < 0.4 else "regular",
            ink=(ink_level, ink_level, ink_level + 2),
            value_ink=(rng.randint(5, 30), rng.randint(5, 30), rng.randint(5, 45)),
        )


def font_of(family: fonts.Family, size: int, weight: Weight = "regular") -> ImageFont.FreeTypeFont:
    name = {"regular": family.regular, "bold": family.bold, "italic": family.italic}[weight]
    return fonts.load(name, max(8, size))


@dataclass
class Sheet:
    image: Image.Image
    style: Style
    rng: random.Random
    boxes: dict[str, Box] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.draw = ImageDraw.Draw(self.image)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def font(self, size: float, weight: Weight = "regular", *, value: bool = False) -> ImageFont.FreeTypeFont:
        return font_of(self.style.value_family if value else self.style.serif, round(size), weight)

    def text(self, x: float, y: float, text: str, font: ImageFont.FreeTypeFont, fill: Color | None = None) -> Box:
        """Text with its baseline at ``y``; returns its pixel box."""
        pos = (round(x), round(y))
        self.draw.text(pos, text, font=font, fill=fill or self.style.ink, anchor="ls")
        x0, y0, x1, y1 = self.draw.textbbox(pos, text, font=font, anchor="ls")
        return int(x0), int(y0), int(x1), int(y1)

    def width_of(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return float(font.getlength(text))

    def centred(
        self,
        cx: float,
        y: float,
        text: str,
        size: float,
        weight: Weight = "bold",
        fill: Color | None = None,
        *,
        max_width: float = 1e9,
        family: fonts.Family | None = None,
    ) -> Box:
        fam = family or self.style.serif
        font = font_of(fam, round(size), weight)
        while self.width_of(text, font) > max_width and font.size > 12:
            font = font_of(fam, int(font.size) - 2, weight)
        return self.text(cx - self.width_of(text, font) / 2, y, text, font, fill)

    def record(self, name: str, box: Box) -> None:
        old = self.boxes.get(name)
        if old is not None:
            box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
        self.boxes[name] = box

    def dots(self, x0: float, x1: float, baseline: float) -> None:
        y = round(baseline) + 5
        step = 11
        for x in range(round(x0) + 4, round(x1) - 2, step):
            self.draw.ellipse((x, y, x + 3, y + 3), fill=(70, 70, 74))

    def line(self, x0: float, y0: float, x1: float, y1: float, width: int = 3, fill: Color | None = None) -> None:
        self.draw.line((round(x0), round(y0), round(x1), round(y1)), fill=fill or self.style.ink, width=width)

    def as_array(self) -> npt.NDArray[np.uint8]:
        return np.asarray(self.image, dtype=np.uint8)


class Flow:
    """Label/value runs laid out line by line (see the module docstring)."""

    def __init__(
        self,
        sheet: Sheet,
        left: float,
        right: float,
        y: float,
        *,
        size: float | None = None,
        line_height: float | None = None,
        label_weight: Weight = "regular",
    ) -> None:
        self.sheet = sheet
        self.left, self.right = left, right
        size = size or sheet.style.size
        self.size = size
        self.line_height = line_height or size * 1.55
        self.y = y
        self.x = left
        self.label_font = sheet.font(size, label_weight)
        self.value_font = sheet.font(size * 1.02, sheet.style.value_weight, value=True)
        self.dot_from: float | None = None

    def _dots_to(self, x: float) -> None:
        if self.sheet.style.dots and self.dot_from is not None and x - self.dot_from > 20:
            self.sheet.dots(self.dot_from, x, self.y)
        self.dot_from = None

    def newline(self, extra: float = 0.0) -> Flow:
        self._dots_to(self.right)
        self.y += self.line_height + extra
        self.x = self.left
        return self

    def tab(self, x: float) -> Flow:
        """Move to ``x`` on this line (dots fill the gap), or to ``x`` on the next line when already past it."""
        if self.x > x - 10:
            self.newline()
        self._dots_to(x)
        self.x = x
        return self

    def label(self, text: str, *, weight: Weight | None = None, fill: Color | None = None) -> Flow:
        font = self.label_font if weight is None else self.sheet.font(self.size, weight)
        glued = text[:1] in ",;.)"
        space = self.sheet.width_of(" ", font) if self.x > self.left and not glued else 0.0
        if self.x + space + self.sheet.width_of(text, font) > self.right:
            self.newline()
            space = 0.0
        self._dots_to(self.x + space)
        box = self.sheet.text(self.x + space, self.y, text, font, fill)
        self.x = box[2] if text else self.x
        self.dot_from = self.x if weight is None and text.endswith(":") else None
        return self

    def value(self, text: str, name: str | None = None, *, weight: Weight | None = None) -> Flow:
        """A value after the current position, wrapped word by word; its boxes are recorded under ``name``."""
        font = self.value_font if weight is None else self.sheet.font(self.size * 1.02, weight, value=True)
        space = self.sheet.width_of(" ", font)
        words = text.split(" ") if text else []
        x = self.x + space * 1.3
        line_words: list[str] = []
        for word in words:
            candidate = " ".join([*line_words, word])
            if line_words and x + self.sheet.width_of(candidate, font) > self.right:
                self._put(x, " ".join(line_words), font, name)
                self.newline()
                x = self.left
                line_words = [word]
            elif not line_words and x + self.sheet.width_of(word, font) > self.right and x > self.left:
                self.newline()
                x = self.left
                line_words = [word]
            else:
                line_words.append(word)
        if line_words:
            self._put(x, " ".join(line_words), font, name)
        return self

    def _put(self, x: float, text: str, font: ImageFont.FreeTypeFont, name: str | None) -> None:
        if self.dot_from is None:
            self.dot_from = self.x
        box = self.sheet.text(x, self.y + self.sheet.rng.randint(-2, 2), text, font, self.sheet.style.value_ink)
        if name:
            self.sheet.record(name, box)
        self.x = box[2]

    def pair(self, label: str, value: str, name: str | None = None) -> Flow:
        return self.label(label).value(value, name)

    def end(self) -> float:
        """Close the current line; returns the y of the next line."""
        self.newline()
        return self.y


# Decorations ---------------------------------------------------------------------------------------------------------


def multiply_ink(sheet: Sheet, mask: npt.NDArray[np.float32], x0: int, y0: int, color: Color) -> None:
    """Lay ink of ``color`` with coverage ``mask`` (0–1) at (x0, y0), multiplying like real ink."""
    h, w = mask.shape
    arr = np.asarray(sheet.image, dtype=np.float32)
    xa, ya = max(0, x0), max(0, y0)
    xb, yb = min(sheet.width, x0 + w), min(sheet.height, y0 + h)
    if xb <= xa or yb <= ya:
        return
    m = mask[ya - y0 : yb - y0, xa - x0 : xb - x0, None]
    ink = np.array(color, dtype=np.float32) / 255.0
    roi = arr[ya:yb, xa:xb]
    arr[ya:yb, xa:xb] = roi * (1.0 - m * (1.0 - ink))
    sheet.image.paste(Image.fromarray(np.clip(arr[ya:yb, xa:xb], 0, 255).astype(np.uint8)), (xa, ya))


def seal(sheet: Sheet, cx: float, cy: float, radius: int, ring_text: str, centre_text: str = "") -> Box:
    """A round red seal: double ring, the authority's name around it, a star in the middle."""
    rng = sheet.rng
    size = 2 * radius + 8
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    c = size / 2
    d.ellipse((4, 4, size - 4, size - 4), outline=255, width=max(6, radius // 22))
    inner = radius * 0.66
    d.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=max(3, radius // 50))
    star = [
        (c + (inner * 0.55 if k % 2 == 0 else inner * 0.22) * math.sin(k * math.pi / 5),
         c - (inner * 0.55 if k % 2 == 0 else inner * 0.22) * math.cos(k * math.pi / 5))
        for k in range(10)
    ]  # fmt: skip
    d.polygon(star, fill=255)
    text = ring_text.upper()
    r_text = radius * 0.82
    font_size = max(18, radius // 6)
    font = font_of(sheet.style.sans, font_size, "bold")
    while font_size > 16 and sum(font.getlength(ch) for ch in text) > 2 * math.pi * 0.86 * r_text:
        font_size -= 1
        font = font_of(sheet.style.sans, font_size, "bold")
    total = sum(font.getlength(ch) for ch in text) + font.getlength(" ")
    span = min(2 * math.pi * 0.86, total / r_text)
    fit = span * r_text / total if total else 1.0
    angle = -span / 2
    for ch in text:
        step = font.getlength(ch) * fit / r_text
        mid = angle + step / 2
        angle += step
        if ch == " ":
            continue
        half = int(font.size)
        glyph = Image.new("L", (half * 2, half * 2), 0)
        ImageDraw.Draw(glyph).text((half, half), ch, font=font, fill=255, anchor="mm")
        turned = glyph.rotate(-math.degrees(mid), resample=Image.Resampling.BILINEAR)
        gx = c + r_text * math.sin(mid) - half
        gy = c - r_text * math.cos(mid) - half
        mask.paste(255, (round(gx), round(gy)), turned)
    if centre_text:
        small = font_of(sheet.style.sans, max(14, radius // 9), "bold")
        d.text((c, c + inner * 0.75), centre_text.upper(), font=small, fill=255, anchor="mm")
    arr = np.asarray(mask, dtype=np.float32) / 255.0
    speckle = np.asarray(
        cv2.GaussianBlur(np.random.default_rng(rng.randrange(2**32)).random(arr.shape).astype(np.float32), (0, 0), 2.0)
    )
    arr = arr * np.clip(0.55 + 1.6 * (speckle - 0.5) + 0.4, 0.35, 1.0) * rng.uniform(0.75, 0.92)
    turn = rng.uniform(-25, 25)
    rot = cv2.getRotationMatrix2D((size / 2, size / 2), turn, 1.0)
    arr = np.asarray(cv2.warpAffine(arr, rot, (size, size)), dtype=np.float32)
    x0, y0 = round(cx - size / 2), round(cy - size / 2)
    multiply_ink(sheet, arr, x0, y0, SEAL_RED)
    return x0, y0, x0 + size, y0 + size


def signature(sheet: Sheet, cx: float, cy: float, width: float) -> Box:
    """A handwritten-looking scribble (smooth random loops) in blue-black ink."""
    rng = sheet.rng
    n = rng.randint(7, 12)
    xs = np.linspace(cx - width / 2, cx + width / 2, n) + np.array([rng.uniform(-25, 25) for _ in range(n)])
    ys = np.array([cy + rng.uniform(-width * 0.18, width * 0.18) for _ in range(n)])
    t = np.linspace(0, 1, n)
    tt = np.linspace(0, 1, 240)
    px = np.interp(tt, t, xs) + 22 * np.sin(tt * rng.uniform(14, 26))
    py = np.interp(tt, t, ys) + 30 * np.cos(tt * rng.uniform(10, 22) + rng.uniform(0, 3))
    pts = [(float(x), float(y)) for x, y in zip(px, py, strict=True)]
    ink = (rng.randint(10, 40), rng.randint(20, 50), rng.randint(90, 150))
    sheet.draw.line(pts, fill=ink, width=rng.randint(3, 5), joint="curve")
    tail = [(pts[-1][0], pts[-1][1]), (pts[-1][0] + width * 0.2, pts[-1][1] - width * 0.12)]
    sheet.draw.line(tail, fill=ink, width=3)
    return (round(min(px)), round(min(py)), round(max(px)), round(max(py)))


def emblem(sheet: Sheet, cx: float, cy: float, radius: int) -> None:
    """A simplified national emblem: red disc, yellow star, golden rim."""
    d = sheet.draw
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(214, 170, 60))
    r2 = radius * 0.78
    d.ellipse((cx - r2, cy - r2, cx + r2, cy + r2), fill=(200, 36, 40))
    star = [
        (cx + (r2 * 0.7 if k % 2 == 0 else r2 * 0.28) * math.sin(k * math.pi / 5),
         cy - (r2 * 0.7 if k % 2 == 0 else r2 * 0.28) * math.cos(k * math.pi / 5))
        for k in range(10)
    ]  # fmt: skip
    d.polygon(star, fill=(250, 214, 60))


def land_paper(width: int, height: int, rng: random.Random) -> Image.Image:
    """Pale pink paper with a faint bronze-drum / guilloche pattern and a red double border."""
    sw, sh = width // 4, height // 4
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    cx, cy = sw * rng.uniform(0.45, 0.55), sh * rng.uniform(0.45, 0.55)
    r = np.hypot(xx - cx, yy - cy)
    theta = np.arctan2(yy - cy, xx - cx)
    rings = 0.5 + 0.5 * np.cos(r * rng.uniform(0.55, 0.75) + 2.0 * np.sin(theta * 14))
    waves = 0.5 + 0.5 * np.sin(xx * 0.09 + 6 * np.sin(yy * 0.035))
    pattern = (0.6 * rings * np.exp(-((r / (0.45 * sw)) ** 2)) + 0.4 * waves).astype(np.float32)
    base = np.array(PINK, dtype=np.float32) + np.array([rng.uniform(-3, 3) for _ in range(3)], dtype=np.float32)
    tint = np.array((232, 180, 186), dtype=np.float32)
    strength = rng.uniform(0.12, 0.2)
    small = base * (1 - strength * pattern[..., None]) + tint * (strength * pattern[..., None])
    small8 = np.clip(small + 0.5, 0, 255).astype(np.uint8)
    big = cv2.resize(small8, (width, height), interpolation=cv2.INTER_LINEAR)
    out = Image.fromarray(np.ascontiguousarray(big), "RGB")
    d = ImageDraw.Draw(out)
    m = mm(6)
    d.rectangle((m, m, width - m, height - m), outline=(196, 90, 96), width=8)
    d.rectangle((m + 18, m + 18, width - m - 18, height - m - 18), outline=(206, 120, 126), width=3)
    return out


def barcode(sheet: Sheet, x: float, y: float, digits: str, height: int = 110) -> Box:
    """A 1-D barcode look-alike (bars drawn from the digits) with the digits printed under it."""
    rng = random.Random(digits)
    cursor = x
    for _ in range(3):
        sheet.draw.rectangle((cursor, y, cursor + 3, y + height), fill=INK)
        cursor += 7
    for ch in digits * 2:
        for k in range(2):
            w = 3 * (1 + (int(ch) + k + rng.randint(0, 2)) % 3)
            sheet.draw.rectangle((cursor, y, cursor + w - 1, y + height), fill=INK)
            cursor += w + 3 * (1 + rng.randint(0, 2))
    font = font_of(sheet.style.sans, 34)
    box = sheet.text(x + (cursor - x) / 2 - font.getlength(digits) / 2, y + height + 40, digits, font)
    return round(x), round(y), round(cursor), box[3]
