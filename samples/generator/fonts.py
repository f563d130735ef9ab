"""Font discovery: families with full Vietnamese coverage, plus OCR-B for the MRZ.

Fonts are looked up by file name under the usual system font folders (``SOHOA_FONT_DIRS`` adds more, separated by
``:``). Renders are byte-identical only on machines with the same font files and FreeType.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import ImageFont

_SEARCH_DIRS: Final = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


@dataclass(frozen=True)
class Family:
    name: str
    serif: bool
    regular: str
    bold: str
    italic: str


# Every family here covers all precomposed Vietnamese letters (checked with fontTools).
_FAMILIES: Final = (
    Family("Liberation Sans", False, "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
           "LiberationSans-Italic.ttf"),
    Family("Noto Sans", False, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    Family("DejaVu Sans Condensed", False, "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
           "DejaVuSansCondensed-Oblique.ttf"),
    Family("FreeSans", False, "FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf"),
    Family("Liberation Serif", True, "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
           "LiberationSerif-Italic.ttf"),
    Family("Noto Serif", True, "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    Family("DejaVu Serif Condensed", True, "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf",
           "DejaVuSerifCondensed-Italic.ttf"),
    Family("FreeSerif", True, "FreeSerif.ttf", "FreeSerifBold.ttf", "FreeSerifItalic.ttf"),
)  # fmt: skip
_MRZ_FILES: Final = ("OCRB.otf", "OCR-B.ttf", "OCRB.ttf", "DejaVuSansMono.ttf", "LiberationMono-Regular.ttf")


class FontsMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    dirs = [*os.environ.get("SOHOA_FONT_DIRS", "").split(":"), *_SEARCH_DIRS]
    found: dict[str, str] = {}
    for folder in dirs:
        if not folder or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() in (".ttf", ".otf"):
                found.setdefault(path.name, str(path))
    return found


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """Installed families, in a fixed order. Raises when none is installed."""
    index = _index()
    available = tuple(f for f in _FAMILIES if all(n in index for n in (f.regular, f.bold, f.italic)))
    if not available:
        raise FontsMissing("no Vietnamese-capable font found (install fonts-liberation2, fonts-dejavu or fonts-noto)")
    return available


def path_of(file_name: str) -> str:
    return _index()[file_name]


@lru_cache(maxsize=512)
def load(file_name: str, size: int) -> ImageFont.FreeTypeFont:
    """A font by file name (``"NotoSans-Bold.ttf"``) or full path, at ``size`` px, basic layout (NFC text)."""
    path = file_name if os.sep in file_name else path_of(file_name)
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


def mrz_font_file() -> str:
    index = _index()
    for name in _MRZ_FILES:
        if name in index:
            return name
    return families()[0].regular
