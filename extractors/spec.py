"""Document templates are data: typed models for ``extractors/templates/*.yaml``, validated at load.

A template names its document type, the anchors that identify it (titles and labels, with weights; negative
weights for phrases that belong to a look-alike generation), and its fields. A field says which labels
announce it, where the value sits relative to the label (``right`` on the same line, ``below`` on the next
lines, ``right_or_below``), what kind of value it is (which parser and validators apply), how many printed
lines it may wrap over, a zone prior (fractions of the straightened card, :mod:`models.geometry`), and whether
a zone re-read with restricted characters helps. A broken template raises :class:`models.errors.TemplateError`
when the templates are loaded, so CI catches it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from models.contract import DOCUMENT_TYPES, FIELDS_BY_TYPE
from models.errors import TemplateError

TEMPLATE_DIR = Path(__file__).parent / "templates"

ValueKind = Literal[
    "id_number",
    "cmnd_number",
    "date",
    "name",
    "sex",
    "text",
    "place",
    "marks",
    "ethnicity",
    "religion",
    "nationality",
    "mrz",
    "qr",
]
Layout = Literal["right", "below", "right_or_below", "zone"]
Reread = Literal["none", "digits", "date", "line"]

#: Every ID-card field name of the contract.
CARD_FIELDS: frozenset[str] = frozenset(name for fields in FIELDS_BY_TYPE.values() for name in fields)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Anchor(_Strict):
    text: str
    weight: float = 1.0


class FieldSpec(_Strict):
    labels: tuple[str, ...] = ()
    kind: ValueKind = "text"
    layout: Layout = "right"
    max_lines: int = 1
    zone: tuple[float, float, float, float] | None = None
    reread: Reread = "none"
    required: bool = True
    source: Literal["ocr", "mrz", "qr"] = "ocr"

    @field_validator("zone")
    @classmethod
    def _zone_inside(cls, zone: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
        if zone is not None:
            x0, y0, x1, y1 = zone
            if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
                raise ValueError(f"zone {zone} is not inside the card")
        return zone

    @field_validator("max_lines")
    @classmethod
    def _lines_positive(cls, n: int) -> int:
        if not 1 <= n <= 6:
            raise ValueError("max_lines must be 1–6")
        return n

    @model_validator(mode="after")
    def _located(self) -> FieldSpec:
        if self.source == "ocr" and not self.labels and self.zone is None:
            raise ValueError("an OCR field needs labels or a zone")
        if self.layout == "zone" and self.zone is None:
            raise ValueError("layout 'zone' needs a zone")
        return self


class Template(_Strict):
    type: str
    version: int
    side: Literal["front", "back", "page"]
    family: Literal["card"]
    title: str
    anchors: tuple[Anchor, ...]
    has_mrz: bool = False
    has_qr: bool = False
    mrz_zone: tuple[float, float, float, float] | None = None
    fields: dict[str, FieldSpec]

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in DOCUMENT_TYPES or value == "unknown":
            raise ValueError(f"unknown document type {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        unknown = set(self.fields) - CARD_FIELDS
        if unknown:
            raise ValueError(f"fields not in the contract: {sorted(unknown)}")
        missing = set(FIELDS_BY_TYPE.get(self.type, ())) - set(self.fields)
        if missing:
            raise ValueError(f"the contract's fields of {self.type} are missing: {sorted(missing)}")
        if not any(a.weight > 0 for a in self.anchors):
            raise ValueError("a template needs at least one positive anchor")
        if "mrz" in self.fields and not self.has_mrz:
            raise ValueError("field mrz on a template without has_mrz")
        if "qr" in self.fields and not self.has_qr:
            raise ValueError("field qr on a template without has_qr")
        return self

    @property
    def label_texts(self) -> list[str]:
        return [label for spec in self.fields.values() for label in spec.labels]


def load_template(path: Path) -> Template:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        template = Template.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise TemplateError(f"{path.name}: {exc}") from exc
    if template.type != path.stem:
        raise TemplateError(f"{path.name}: type {template.type!r} does not match the file name")
    return template


@functools.lru_cache(maxsize=1)
def load_templates(directory: Path = TEMPLATE_DIR) -> dict[str, Template]:
    """Every template in ``directory``, keyed by document type; raises TemplateError on the first bad one."""
    templates = {p.stem: load_template(p) for p in sorted(directory.glob("*.yaml"))}
    if not templates:
        raise TemplateError(f"no templates in {directory}")
    return templates
