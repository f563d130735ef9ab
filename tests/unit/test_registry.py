"""The registry's rules and the dossier checks, on hand-built Documents (the logic, without a database)."""

from __future__ import annotations

from datetime import UTC, datetime

from models.results import Document, Field, Result
from storage import dossiers, registry
from storage.registry import Here, Known, apply, mentions

NOW = datetime(2026, 1, 2, tzinfo=UTC)
PIN = "079301012345"
SHA = "ab" * 32


def ok(value: str, source: str = "ocr") -> Field:
    return Field(value=value, status="ok", source=source, confidence=0.95)  # type: ignore[arg-type]


def review(value: str | None) -> Field:
    return Field(value=value, status="review", confidence=0.4)


def front(**fields: Field) -> Document:
    base = {"id_number": ok(PIN, "qr"), "full_name": ok("TRẦN THỊ BÍCH NGỌC", "qr"), "date_of_birth": ok("2001-03-15")}
    base.update(fields)
    return Document(type="cccd_2021_front", pages=[1], fields=base, needs_review=False)


def known(value: str, *, confirmed: bool = True, doc: int = 7, sha: str = "cd" * 32) -> Known:
    return Known(value, confirmed, "qr", doc, "cmnd_front", 1, datetime(2025, 5, 6, tzinfo=UTC), sha)


def here(doc: Document) -> Here:
    return Here(SHA, 0, doc.type, NOW)


def test_front_names_its_holder_and_links_the_old_number() -> None:
    doc = front(old_id_number=ok("025123456", "qr"))
    [m] = mentions(Result(file="x", documents=[doc]))
    assert (m.role, m.id_number, m.cmnd_number) == ("holder", PIN, "025123456")
    assert m.fields["full_name"] == "full_name" and "id_number" not in m.fields


def test_unsure_number_links_nobody() -> None:
    doc = front(id_number=review(PIN))
    assert mentions(Result(file="x", documents=[doc])) == []


def test_cmnd_number_alone() -> None:
    doc = Document(type="cmnd_front", fields={"id_number": ok("025123456"), "full_name": ok("A B")})
    [m] = mentions(Result(file="x", documents=[doc]))
    assert (m.id_number, m.cmnd_number, m.key) == (None, "025123456", "025123456")


def test_back_finds_its_number_through_the_front_beside_it() -> None:
    back = Document(type="cccd_2021_back", pages=[1], fields={"issue_date": ok("2021-06-20")})
    ms = mentions(Result(file="x", documents=[front(), back]))
    assert [(m.doc_index, m.id_number) for m in ms] == [(0, PIN), (1, PIN)]
    assert ms[1].fields == {"issue_date": "issue_date"}


def test_land_holders_and_spouses() -> None:
    land = Document(
        type="land_certificate_2024",
        fields={
            "holder_1_name": ok("NGUYỄN VĂN AN"),
            "holder_1_birth_year": ok("1980"),
            "holder_1_id_number": ok("001080012345"),
            "holder_1_address": ok("Số 1, Phường X"),
            "holder_2_name": ok("LÊ THỊ BA"),
            "holder_2_id_number": review("001180054321"),
        },
    )
    marriage = Document(
        type="marriage_certificate",
        fields={"husband_name": ok("NGUYỄN VĂN AN"), "husband_id_document": ok("CCCD số 001080012345 cấp 2021")},
    )
    ms = mentions(Result(file="x", documents=[land, marriage]))
    assert [(m.role, m.id_number) for m in ms] == [("holder_1", "001080012345"), ("husband", "001080012345")]
    assert ms[0].fields == {
        "full_name": "holder_1_name",
        "birth_year": "holder_1_birth_year",
        "address": "holder_1_address",
    }


def test_new_person_gets_confirmed_and_unconfirmed_values() -> None:
    doc = front(place_of_origin=review("Xã A"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = {u.name: u for u in apply(m, doc, {}, here(doc))}
    assert updates["full_name"].confirmed and updates["full_name"].source == "qr"
    assert not updates["place_of_origin"].confirmed


def test_conflict_on_identity_goes_to_review_naming_both_sources() -> None:
    doc = front(full_name=ok("TRẦN THỊ BÍCH NGA", "qr"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = apply(m, doc, {"full_name": known("TRẦN THỊ BÍCH NGỌC")}, here(doc))
    assert "full_name" not in {u.name for u in updates}
    f = doc.fields["full_name"]
    assert f.status == "review" and registry.CONFLICT in f.issues and doc.needs_review
    [issue] = [i for i in doc.issues if i.code == registry.CONFLICT]
    assert issue.fields == ["full_name"]
    assert "document #7 (cmnd_front, page 1, 2025-05-06)" in issue.message
    assert f"file {SHA[:12]}, document 1 (cccd_2021_front, page 1)" in issue.message
    assert "NGA" not in issue.message and "NGỌC" not in issue.message  # sources, not values


def test_same_value_keeps_first_provenance_and_case_space_do_not_matter() -> None:
    doc = front(full_name=ok("trần thị  bích ngọc"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = apply(m, doc, {"full_name": known("TRẦN THỊ BÍCH NGỌC")}, here(doc))
    assert "full_name" not in {u.name for u in updates} and doc.fields["full_name"].status == "ok"


def test_current_fields_are_replaced_not_conflicts() -> None:
    doc = front(place_of_residence=ok("Số 2, Phường Y"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = {u.name: u for u in apply(m, doc, {"place_of_residence": known("Số 1, Phường X")}, here(doc))}
    assert updates["place_of_residence"].value == "Số 2, Phường Y" and not doc.issues


def test_unconfirmed_never_replaces_confirmed() -> None:
    doc = front(place_of_residence=review("Số 9"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = apply(m, doc, {"place_of_residence": known("Số 1")}, here(doc))
    assert "place_of_residence" not in {u.name for u in updates}


def test_unconfirmed_identity_disagreement_is_flagged_too() -> None:
    doc = front(place_of_origin=review("Xã B"))
    [m] = mentions(Result(file="x", documents=[doc]))
    apply(m, doc, {"place_of_origin": known("Xã A")}, here(doc))
    assert registry.CONFLICT in doc.fields["place_of_origin"].issues


def test_birth_year_compares_with_date_of_birth() -> None:
    land = Document(
        type="land_certificate_2014",
        fields={
            "holder_1_name": ok("TRẦN THỊ BÍCH NGỌC"),
            "holder_1_birth_year": ok("2000"),
            "holder_1_id_number": ok(PIN),
        },
    )
    [m] = mentions(Result(file="x", documents=[land]))
    apply(m, land, {"date_of_birth": known("2001-03-15")}, here(land))
    assert land.fields["holder_1_birth_year"].status == "review"
    land2 = land.model_copy(deep=True)
    land2.fields["holder_1_birth_year"] = ok("2001")
    land2.issues = []
    updates = {u.name for u in apply(m, land2, {"date_of_birth": known("2001-03-15")}, here(land2))}
    assert "birth_year" in updates and not land2.issues


def test_operator_overrides() -> None:
    doc = front(full_name=ok("TRẦN THỊ BÍCH NGA"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = {u.name: u for u in apply(m, doc, {"full_name": known("TRẦN THỊ BÍCH NGỌC")}, here(doc), operator=True)}
    assert updates["full_name"].value == "TRẦN THỊ BÍCH NGA" and updates["full_name"].source == "operator"
    assert not doc.issues


def test_own_file_is_not_a_conflict() -> None:
    doc = front(full_name=ok("TRẦN THỊ BÍCH NGA"))
    [m] = mentions(Result(file="x", documents=[doc]))
    updates = apply(m, doc, {"full_name": known("TRẦN THỊ BÍCH NGỌC", sha=SHA)}, here(doc))
    assert "full_name" in {u.name for u in updates} and not doc.issues


# ---------------------------------------------------------------- dossier checks


def ref(i: int, t: str, **values: str | None) -> dossiers.DocRef:
    return dossiers.DocRef(i, t, 1, dict(values))


def test_dossier_agreeing_papers_have_no_issue() -> None:
    docs = [
        ref(1, "cccd_2021_front", id_number=PIN, full_name="TRẦN THỊ BÍCH NGỌC", date_of_birth="2001-03-15"),
        ref(2, "birth_certificate", id_number=PIN, full_name="Trần Thị Bích Ngọc", date_of_birth="2001-03-15"),
        ref(
            3,
            "land_certificate_2024",
            holder_1_id_number=PIN,
            holder_1_name="TRẦN THỊ BÍCH NGỌC",
            holder_1_birth_year="2001",
        ),
    ]
    assert dossiers.check(docs) == []


def test_dossier_disagreements() -> None:
    docs = [
        ref(1, "cccd_2021_front", id_number=PIN, full_name="TRẦN THỊ BÍCH NGỌC", date_of_birth="2001-03-15"),
        ref(
            2,
            "marriage_certificate",
            wife_id_document=f"CCCD {PIN}",
            wife_name="TRẦN THỊ BÍCH NGA",
            wife_date_of_birth="2001-03-15",
        ),
        ref(
            3,
            "land_certificate_2024",
            holder_1_id_number=PIN,
            holder_1_name="TRẦN THỊ BÍCH NGỌC",
            holder_1_birth_year="2000",
        ),
        ref(4, "cccd_2016_front", id_number="079301099999", full_name="TRẦN THỊ BÍCH NGỌC", date_of_birth="2001-03-15"),
    ]
    codes = sorted(i.code for i in dossiers.check(docs))
    assert codes == ["dossier_date_of_birth_mismatch", "dossier_id_number_mismatch", "dossier_name_mismatch"]
    name_issue = next(i for i in dossiers.check(docs) if i.code == "dossier_name_mismatch")
    assert "#1 (cccd_2021_front, p.1)" in name_issue.message and "#2 (marriage_certificate, p.1)" in name_issue.message
    assert name_issue.fields == ["full_name", "wife_name"]


def test_dossier_parent_matches_own_card() -> None:
    card = ref(1, "cccd_2021_front", id_number=PIN, full_name="TRẦN THỊ BÍCH NGỌC", date_of_birth="2001-03-15")
    good = ref(2, "birth_certificate", full_name="LÊ VĂN C", mother_name="Trần Thị Bích Ngọc", mother_birth_year="2001")
    bad = ref(3, "birth_certificate", full_name="LÊ VĂN D", mother_name="TRẦN THỊ BÍCH NGỌC", mother_birth_year="1999")
    assert dossiers.check([card, good]) == []
    [issue] = dossiers.check([card, bad])
    assert issue.code == "dossier_parent_mismatch" and issue.fields == ["date_of_birth", "mother_birth_year"]
