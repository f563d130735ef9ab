"""Templates are data, validated at load: every shipped template loads; broken ones fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.spec import CARD_FIELDS, card_templates, load_template, load_templates, paper_templates
from models.contract import CONTRACT_FIELDS, DOCUMENT_TYPES, FIELDS_BY_TYPE, PAPER_FIELDS_BY_TYPE
from models.errors import TemplateError

CARD_TYPES = sorted(FIELDS_BY_TYPE)


def test_every_document_type_has_a_template() -> None:
    assert sorted(card_templates()) == CARD_TYPES
    assert sorted(paper_templates()) == sorted(PAPER_FIELDS_BY_TYPE)
    assert set(load_templates()) == set(DOCUMENT_TYPES) - {"unknown"}


@pytest.mark.parametrize("doc_type", sorted(PAPER_FIELDS_BY_TYPE))
def test_paper_templates_have_the_contract_fields(doc_type: str) -> None:
    template = load_templates()[doc_type]
    assert set(PAPER_FIELDS_BY_TYPE[doc_type]) <= set(template.fields) <= CONTRACT_FIELDS


@pytest.mark.parametrize("doc_type", CARD_TYPES)
def test_template_fields_are_the_contract_fields_of_its_side(doc_type: str) -> None:
    template = load_templates()[doc_type]
    assert set(template.fields) <= CARD_FIELDS
    assert set(template.fields) == set(FIELDS_BY_TYPE[doc_type])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
type: cmnd_back
version: 1
side: back
family: card
title: test
anchors: [{text: "Dân tộc", weight: 3}]
fields:
  ethnicity: {labels: ["Dân tộc"], kind: text}
  religion: {labels: ["Tôn giáo"], kind: text}
  personal_identification: {labels: ["DẤU VẾT RIÊNG VÀ DỊ HÌNH"], kind: text}
  issue_date: {labels: ["Ngày"], kind: date}
"""


def test_a_minimal_template_loads(tmp_path: Path) -> None:
    template = load_template(_write(tmp_path, "cmnd_back", GOOD))
    assert template.fields["issue_date"].kind == "date"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: date", "kind: shoe_size"), "kind"),
        (('labels: ["Ngày"], kind: date', "kind: date"), "labels or a zone"),
        (("ethnicity:", "favourite_colour:"), "not in the contract"),
        (('  religion: {labels: ["Tôn giáo"], kind: text}\n', ""), "are missing"),
        (("weight: 3", "weight: -3"), "positive anchor"),
        (("type: cmnd_back", "type: passport"), "unknown document type"),
    ],
)
def test_broken_templates_fail_at_load(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    broken = GOOD.replace(*change)
    assert broken != GOOD
    with pytest.raises(TemplateError, match=message):
        load_template(_write(tmp_path, "cmnd_back", broken))


def test_a_zone_outside_the_card_fails(tmp_path: Path) -> None:
    broken = GOOD.replace("kind: date}", "kind: date, zone: [0.5, 0.5, 1.2, 0.9]}")
    with pytest.raises(TemplateError, match="not inside the card"):
        load_template(_write(tmp_path, "cmnd_back", broken))


def test_file_name_must_match_type(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not match"):
        load_template(_write(tmp_path, "cmnd_front", GOOD))
