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

from models.contract import CONTRACT_FIELDS, DOCUMENT_TYPES, FIELDS_BY_TYPE, PAPER_FIELDS_BY_TYPE
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
    # Papers (civil-status and land certificates).
    "year",
    "date_words",
    "number",
    "time",
    "id_document",
    "serial",
    "registry_number",
    "area",
    "area_words",
    "land_use",
    "land_use_codes",
    "authority",
    "person_number",
    "holder_name",
    "land_text",
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
    source: Literal["ocr", "mrz", "qr", "derived"] = "ocr"
    page: int = 1  # papers: the page role the field is printed on (land 2014: 1–4)
    search: bool = True  # an ID number whose label was not found may be looked for anywhere (cards: one number)
    wrap: Literal["column", "margin"] = "column"  # where a value's next printed line starts
    section: str | None = None  # papers: the section whose lines hold the label (parents, spouses…)

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
        if not 1 <= self.page <= 4:
            raise ValueError("page must be 1–4")
        if self.source == "ocr" and not self.labels and self.zone is None:
            raise ValueError("an OCR field needs labels or a zone")
        if self.layout == "zone" and self.zone is None:
            raise ValueError("layout 'zone' needs a zone")
        return self


class Section(_Strict):
    """Part of a paper where repeated labels (``Năm sinh``, ``Dân tộc``…) belong to one person.

    It starts at the line of one of its ``start`` labels and ends where the next section starts (``until``
    labels end it early). A ``column`` section (the two spouses side by side) is further limited to the x-range
    from its start label to the next column section's start label on the same row.
    """

    start: tuple[str, ...]
    until: tuple[str, ...] = ()
    column: bool = False


class PageRole(_Strict):
    """One printed page of a multi-page paper (the 2014 land certificate has four): how to recognise it."""

    role: int
    anchors: tuple[Anchor, ...]


class Template(_Strict):
    type: str
    version: int
    side: Literal["front", "back", "page"]
    family: Literal["card", "paper"]
    title: str
    anchors: tuple[Anchor, ...]
    pages: tuple[PageRole, ...] = ()
    sections: dict[str, Section] = {}
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
        unknown = set(self.fields) - CONTRACT_FIELDS
        if unknown:
            raise ValueError(f"fields not in the contract: {sorted(unknown)}")
        expected = FIELDS_BY_TYPE.get(self.type) or PAPER_FIELDS_BY_TYPE.get(self.type, ())
        missing = set(expected) - set(self.fields)
        if missing:
            raise ValueError(f"the contract's fields of {self.type} are missing: {sorted(missing)}")
        if not any(a.weight > 0 for a in self.anchors):
            raise ValueError("a template needs at least one positive anchor")
        if "mrz" in self.fields and not self.has_mrz:
            raise ValueError("field mrz on a template without has_mrz")
        if "qr" in self.fields and not self.has_qr:
            raise ValueError("field qr on a template without has_qr")
        if (self.family == "card") != (self.side != "page"):
            raise ValueError("cards have a front or a back side; papers have pages")
        roles = [p.role for p in self.pages]
        if roles != list(range(1, len(roles) + 1)):
            raise ValueError("page roles must be numbered 1, 2, … in order")
        for name, spec in self.fields.items():
            if spec.section is not None and spec.section not in self.sections:
                raise ValueError(f"{name}: unknown section {spec.section!r}")
            if spec.page > max(1, len(roles)):
                raise ValueError(f"{name}: page {spec.page} is not one of the template's pages")
        return self

    def page_fields(self, role: int) -> dict[str, FieldSpec]:
        """The fields printed on page ``role``."""
        return {name: spec for name, spec in self.fields.items() if spec.page == role}

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


def card_templates() -> dict[str, Template]:
    """The ID-card sides' templates."""
    return {name: t for name, t in load_templates().items() if t.family == "card"}


def paper_templates() -> dict[str, Template]:
    """The civil-status and land papers' templates."""
    return {name: t for name, t in load_templates().items() if t.family == "paper"}
