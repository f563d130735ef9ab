"""Canonical card rendering: 1012 × 638 px (ID-1 at ~300 dpi), rounded corners, one style per card from the seed.

:class:`Painter` is the small drawing API the per-type layouts use; it records where every field value was drawn.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from models.contract import generation_of
from samples.generator import artwork, fonts
from samples.generator.backgrounds import card_background
from samples.generator.people import CardIssue, Person

CARD_W: Final = 1012
CARD_H: Final = 638
CORNER_RADIUS: Final = 38  # 3.18 mm

Color = tuple[int, int, int]
Box = tuple[int, int, int, int]
Role = Literal["label", "value", "header"]
Weight = Literal["regular", "bold", "italic"]

RED: Final[Color] = (196, 30, 36)
LABEL_COLORS: Final[tuple[Color, ...]] = ((28, 36, 104), (48, 44, 128), (20, 20, 24), (36, 52, 120))
LABEL_COLORS_2024: Final[tuple[Color, ...]] = ((62, 48, 142), (52, 40, 130), (72, 56, 150))
VALUE_COLORS: Final[tuple[Color, ...]] = ((14, 14, 18), (24, 22, 26), (8, 10, 20))


@dataclass(frozen=True)
class Style:
    label_family: fonts.Family
    value_family: fonts.Family
    header_family: fonts.Family
    label_color: Color
    value_color: Color
    size_delta: int  # added to every font size (-1, 0, +1)
    dx: int  # whole-layout jitter in px
    dy: int
    slash: str  # " / " or "/" between the Vietnamese and English label
    english_italic: bool

    @classmethod
    def draw(cls, rng: random.Random, generation: str) -> Style:
        available = fonts.families()
        sans = [f for f in available if not f.serif] or list(available)
        label_family = rng.choice(available if generation == "cmnd" else sans)
        palette = LABEL_COLORS_2024 if generation == "can_cuoc_2024" else LABEL_COLORS
        return cls(
            label_family=label_family,
            value_family=rng.choice(available),
            header_family=rng.choice(available),
            label_color=rng.choice(palette),
            value_color=rng.choice(VALUE_COLORS),
            size_delta=rng.choice((-1, 0, 0, 1)),
            dx=rng.randint(-4, 4),
            dy=rng.randint(-4, 4),
            slash=rng.choice((" / ", "/", " / ")),
            english_italic=rng.random() < 0.5,
        )


@dataclass
class RenderedCard:
    card_type: str
    image: npt.NDArray[np.uint8]  # H × W × 3 RGB
    alpha: npt.NDArray[np.uint8]  # H × W, 0 outside the rounded corners
    field_boxes: dict[str, Box] = field(default_factory=dict)


class Painter:
    """Draws text and pictures on one card side and remembers the box of every field value."""

    def __init__(self, image: Image.Image, style: Style, rng: random.Random) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.style = style
        self.rng = rng
        self.boxes: dict[str, Box] = {}

    # Fonts ---------------------------------------------------------------------------------------------------------
    def font(self, role: Role, size: int, weight: Weight = "regular") -> ImageFont.FreeTypeFont:
        family = {
            "label": self.style.label_family,
            "value": self.style.value_family,
            "header": self.style.header_family,
        }
        fam = family[role]
        name = {"regular": fam.regular, "bold": fam.bold, "italic": fam.italic}[weight]
        return fonts.load(name, max(8, size + self.style.size_delta))

    def x(self, x: float) -> int:
        return round(x) + self.style.dx

    def y(self, y: float) -> int:
        return round(y) + self.style.dy + self.rng.randint(-1, 1)

    # Text ----------------------------------------------------------------------------------------------------------
    def text(self, x: int, y: int, text: str, font: ImageFont.FreeTypeFont, color: Color) -> Box:
        """Text with its baseline at ``y``; returns its pixel box."""
        self.draw.text((x, y), text, font=font, fill=color, anchor="ls")
        x0, y0, x1, y1 = self.draw.textbbox((x, y), text, font=font, anchor="ls")
        return int(x0), int(y0), int(x1), int(y1)

    def width(self, text: str, font: ImageFont.FreeTypeFont) -> int:
        return round(font.getlength(text))

    def label(self, x: float, y: float, text: str, size: int, weight: Weight = "regular") -> int:
        """A label in the label colour; returns the x where the value may start."""
        box = self.text(self.x(x), self.y(y), text, self.font("label", size, weight), self.style.label_color)
        return box[2]

    def bilingual(self, x: float, y: float, vietnamese: str, english: str, size: int, colon: bool = True) -> int:
        """``Họ và tên / Full name:``; the English half may be italic. Returns the x after the colon."""
        xi, yi = self.x(x), self.y(y)
        font = self.font("label", size)
        head = vietnamese + self.style.slash
        box = self.text(xi, yi, head, font, self.style.label_color)
        tail_font = self.font("label", size, "italic" if self.style.english_italic else "regular")
        start = box[2] + (0 if self.style.slash.endswith(" ") else 1)
        tail = self.text(start, yi, english + (":" if colon else ""), tail_font, self.style.label_color)
        return tail[2]

    def centered(
        self,
        cx: float,
        y: float,
        text: str,
        size: int,
        weight: Weight = "bold",
        color: Color | None = None,
        max_width: float = 10_000,
    ) -> Box:
        """Header/title text centred on ``cx``, shrunk until it is at most ``max_width`` wide."""
        font = self.font("header", size, weight)
        while self.width(text, font) > max_width and font.size > 9:
            font = fonts.load(str(font.path), font.size - 1)
        w = self.width(text, font)
        return self.text(self.x(cx - w / 2), self.y(y), text, font, color or self.style.label_color)

    def record(self, field_name: str, box: Box) -> None:
        old = self.boxes.get(field_name)
        if old is not None:
            box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
        self.boxes[field_name] = box

    def value(
        self,
        field_name: str | None,
        x: float,
        y: float,
        text: str,
        size: int,
        weight: Weight = "regular",
        color: Color | None = None,
        *,
        raw_x: bool = False,
        max_right: float = 10_000,
        spacing: int = 0,
    ) -> int:
        """A field value; ``raw_x`` when ``x`` already carries the jitter (it came from a label's end).

        The font shrinks until the text ends before ``max_right``; ``spacing`` adds letter spacing (CMND number).
        """
        xi = round(x) if raw_x else self.x(x)
        yi = self.y(y)
        font = self.font("value", size, weight)
        while xi + self.width(text, font) + spacing * len(text) > max_right and font.size > 9:
            font = fonts.load(str(font.path), font.size - 1)
        fill = color or self.style.value_color
        if spacing:
            box = (xi, yi, xi, yi)
            cursor = xi
            for ch in text:
                b = self.text(cursor, yi, ch, font, fill)
                box = (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
                cursor += self.width(ch, font) + spacing
        else:
            box = self.text(xi, yi, text, font, fill)
        if field_name:
            self.record(field_name, box)
        return box[2]

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, first_width: int, width: int) -> list[str]:
        """Greedy wrap that prefers breaks after commas.

        The first line is ``first_width`` wide (the rest of the label's line) and is left empty when not even the
        first comma-separated part fits there; the other lines are ``width`` wide.
        """
        parts = text.split(", ")
        pieces = [p + ("," if i < len(parts) - 1 else "") for i, p in enumerate(parts)]
        lines: list[str] = []
        current, limit = "", first_width
        while pieces:
            piece = pieces.pop(0)
            candidate = f"{current} {piece}" if current else piece
            if self.width(candidate, font) <= limit:
                current = candidate
            elif current:
                lines.append(current)
                current, limit = "", width
                pieces.insert(0, piece)
            elif limit < width and not lines:
                lines.append("")
                limit = width
                pieces.insert(0, piece)
            else:  # wider than a whole line: break between words
                words = piece.split(" ")
                head = words[0]
                rest = 1
                while rest < len(words) and self.width(f"{head} {words[rest]}", font) <= limit:
                    head = f"{head} {words[rest]}"
                    rest += 1
                if rest < len(words):
                    lines.append(head)
                    limit = width
                    pieces.insert(0, " ".join(words[rest:]))
                else:
                    current = head
        if current:
            lines.append(current)
        if " ".join(ln for ln in lines if ln) != text:
            raise AssertionError(f"wrap lost text: {text!r} -> {lines!r}")
        return lines

    def flow(
        self,
        field_name: str,
        start_x: int,
        y: float,
        text: str,
        size: int,
        *,
        left: float,
        right: float,
        line_height: float,
        max_lines: int = 2,
        first_line: bool = True,
        weight: Weight = "regular",
        dots: bool = False,
    ) -> float:
        """A value that starts after its label (``start_x``, jittered) and wraps onto lines starting at ``left``.

        Shrinks the font until the text fits in ``max_lines`` wrapped lines. Returns the baseline of the last line.
        """
        gap = 8
        lines: list[str] = []
        for shrink in range(0, 8):
            font = self.font("value", size - shrink, weight)
            first_w = int(self.x(right) - start_x - gap) if first_line else 0
            lines = self.wrap(text, font, max(0, first_w), int(right - left))
            if len([ln for ln in lines if ln]) <= max_lines:
                break
        baseline = y
        for i, line in enumerate(lines):
            if i > 0:
                baseline += line_height
            x = start_x + gap if i == 0 else self.x(left)
            if dots:
                self.dots(x - (gap if i == 0 else 0), self.x(right), baseline)
            if line:
                box = self.text(x, self.y(baseline), line, font, self.style.value_color)
                self.record(field_name, box)
        return baseline

    def dots(self, x0: float, x1: float, baseline: float, color: Color | None = None) -> None:
        """A light dotted leader line just under a baseline (CMND style)."""
        c = color or (128, 132, 150)
        y = round(baseline) + 6
        for x in range(int(x0), int(x1), 7):
            self.draw.point((x, y), fill=c)
            self.draw.point((x + 1, y), fill=c)

    # Pictures ------------------------------------------------------------------------------------------------------
    def paste(self, picture: Image.Image, x: float, y: float, *, jitter: bool = True) -> Box:
        xi, yi = (self.x(x), self.y(y)) if jitter else (round(x), round(y))
        self.image.paste(picture, (xi, yi), picture if picture.mode == "RGBA" else None)
        return xi, yi, xi + picture.width, yi + picture.height

    def gray_bitmap(self, bitmap: npt.NDArray[np.uint8], x: float, y: float, field_names: tuple[str, ...] = ()) -> Box:
        picture = Image.fromarray(bitmap, "L").convert("RGB")
        box = self.paste(picture, x, y)
        for name in field_names:
            self.record(name, box)
        return box


Layout = Callable[[Painter, Person, CardIssue], None]


def rounded_alpha(width: int = CARD_W, height: int = CARD_H, radius: int = CORNER_RADIUS) -> npt.NDArray[np.uint8]:
    big = Image.new("L", (width * 4, height * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, width * 4 - 1, height * 4 - 1), radius=radius * 4, fill=255)
    return np.asarray(big.resize((width, height), Image.Resampling.BOX), dtype=np.uint8)


_ALPHA_CACHE: dict[tuple[int, int], npt.NDArray[np.uint8]] = {}


def render_card(card_type: str, person: Person, card: CardIssue, rng: random.Random) -> RenderedCard:
    """Render one side; ``rng`` drives the background, style and jitter."""
    from samples.generator.layouts import LAYOUTS  # layouts import Painter from here

    generation = generation_of(card_type)
    side = "front" if card_type.endswith("_front") else "back"
    image = card_background(generation, side, CARD_W, CARD_H, rng)
    painter = Painter(image, Style.draw(rng, generation), rng)
    LAYOUTS[card_type](painter, person, card)
    key = (CARD_W, CARD_H)
    if key not in _ALPHA_CACHE:
        _ALPHA_CACHE[key] = rounded_alpha()
    rgb = np.asarray(image, dtype=np.uint8).copy()
    return RenderedCard(card_type, rgb, _ALPHA_CACHE[key], dict(painter.boxes))


def card_rgba(rendered: RenderedCard) -> Image.Image:
    """The card as an RGBA image (transparent outside the rounded corners)."""
    return Image.fromarray(np.dstack([rendered.image, rendered.alpha]), "RGBA")


__all__ = ["CARD_H", "CARD_W", "RED", "Painter", "RenderedCard", "Style", "artwork", "card_rgba", "render_card"]
