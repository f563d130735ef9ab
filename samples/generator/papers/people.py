"""Synthetic, internally consistent records behind each paper: children and parents, spouses, the deceased,
land parcels and their holders. All people are invented; place names are real (legacy or 2025 units chosen by
the document date, see :mod:`samples.generator.papers.places`).

A :class:`Paper` carries the normalised ground-truth value of every printed contract field (``values``), the text
as printed when it differs (``text``: dates as ``dd/mm/yyyy``, areas with a decimal comma…) and the other printed
material the layout needs (``extra``: header unit, signer, numbers that are not contract fields…).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from samples.generator import names
from samples.generator import places as legacy_places
from samples.generator.idnumbers import make_cmnd, make_pin
from samples.generator.papers import places
from samples.generator.papers.words import area_words, date_words
from samples.generator.people import ETHNICITIES

NATIONALITY: Final = "Việt Nam"
LAST_DAY: Final = date(2026, 10, 31)


@dataclass
class Paper:
    type: str
    when: date  # the date printed at the signature (decides the address era of the header)
    values: dict[str, str | None]
    text: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def shown(self, name: str) -> str:
        """The text printed for a field (empty when the field is printed blank)."""
        if name in self.text:
            return self.text[name]
        value = self.values.get(name)
        return "" if value is None else value


# Small helpers -------------------------------------------------------------------------------------------------------


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def day_between(rng: random.Random, first: date, last: date) -> date:
    d = first + timedelta(days=rng.randrange((last - first).days + 1))
    return d.replace(day=28) if (d.month, d.day) == (2, 29) else d


def document_date(rng: random.Random, first: date, post_reform: float = 0.35) -> date:
    """A date in [first, LAST_DAY], after the reform with probability ``post_reform`` (when possible)."""
    if first < places.REFORM and rng.random() >= post_reform:
        return day_between(rng, first, places.REFORM - timedelta(days=1))
    return day_between(rng, max(first, places.REFORM), LAST_DAY)


def ethnicity(rng: random.Random) -> str:
    return rng.choices([k for k, _ in ETHNICITIES], [w for _, w in ETHNICITIES])[0]


def person_name(rng: random.Random, sex: str, eth: str = "Kinh", family: str | None = None) -> str:
    name = names.full_name(rng, sex, eth)
    if family:
        name = " ".join([family, *name.split(" ")[1:]])
    return name.upper()


def legacy_code(rng: random.Random) -> str:
    return rng.choice(sorted(legacy_places.PROVINCES))


def number(rng: random.Random) -> str:
    n = rng.randint(1, 480)
    return f"{n:02d}" if rng.random() < 0.3 else str(n)


def book(rng: random.Random, year: int) -> str:
    k = rng.randint(1, 3)
    return f"{k:02d}/{year}" if rng.random() < 0.7 else f"{k:02d}"


def officer(rng: random.Random) -> str:
    return names.full_name(rng, "Nam" if rng.random() < 0.75 else "Nữ")


def id_document(rng: random.Random, dob: date, before: date, sex: str) -> tuple[str, str]:
    """``(printed "Giấy tờ tùy thân" text, id number)`` for an identity paper issued before ``before``."""
    code = legacy_code(rng)
    if before >= date(2024, 8, 1) and rng.random() < 0.4:
        issued = day_between(rng, date(2024, 7, 1), before - timedelta(days=1))
        pin = make_pin(rng, code, dob, sex)
        return f"Căn cước số {pin}, do Bộ Công an cấp ngày {dmy(issued)}", pin
    if before >= date(2016, 6, 1) and rng.random() < 0.8:
        issued = day_between(rng, date(2016, 1, 1), min(before, date(2024, 6, 30)) - timedelta(days=1))
        pin = make_pin(rng, code, dob, sex)
        body = "Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư" if issued.year < 2021 else "Cục Cảnh sát QLHC về TTXH"
        return f"Căn cước công dân số {pin}, do {body} cấp ngày {dmy(issued)}", pin
    issued = day_between(rng, date(1995, 1, 1), min(before, date(2015, 12, 31)) - timedelta(days=1))
    cmnd = make_cmnd(rng, code)
    province = legacy_places.PROVINCES[code].name
    return f"Chứng minh nhân dân số {cmnd}, do Công an tỉnh {province} cấp ngày {dmy(issued)}", cmnd


def committee(where: places.Locality) -> str:
    """``Ủy ban nhân dân xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An``."""
    return "Ủy ban nhân dân " + where.lower_units()


def header_units(where: places.Locality) -> list[str]:
    """Top-left header lines under ``ỦY BAN NHÂN DÂN``."""
    lines = [where.commune.upper()]
    if where.district:
        lines.append(f"{where.district.upper()} - {where.province.upper()}")
    else:
        lines.append(where.province.upper())
    return lines


def signature_place(where: places.Locality) -> str:
    return places.bare(where.commune) if where.commune.startswith("Xã ") else places.bare(where.province)


# Birth ---------------------------------------------------------------------------------------------------------------


def birth(rng: random.Random, doc_type: str) -> Paper:
    registered = document_date(rng, date(2008, 1, 1), post_reform=0.3 if doc_type == "birth_extract" else 0.35)
    late = rng.random() < 0.08
    lag = rng.randint(400, 4000) if late else rng.randint(1, 60)
    dob = registered - timedelta(days=lag)
    if (dob.month, dob.day) == (2, 29):
        dob = dob.replace(day=28)
    sex = rng.choice(("Nam", "Nữ"))
    father_eth = ethnicity(rng)
    mother_eth = father_eth if rng.random() < 0.85 else ethnicity(rng)
    father_name = person_name(rng, "Nam", father_eth)
    has_father = rng.random() > 0.06
    child_family = father_name.split(" ")[0] if has_father else None
    mother_name = person_name(rng, "Nữ", mother_eth)
    if not child_family:
        child_family = mother_name.split(" ")[0]
    child_eth = father_eth if has_father and rng.random() < 0.9 else mother_eth
    child = person_name(rng, sex, child_eth, child_family.title())
    office = places.locality(rng, registered)
    home = office.address(places.local_part(rng, office))
    father_home = home if rng.random() < 0.8 else places.address(rng, registered)
    roll = rng.random()
    if roll < 0.45:
        born_at = "Trạm Y tế " + office.lower_units()
    elif roll < 0.85:
        hospital = places.bare(office.province)
        born_at = rng.choice(
            (f"Bệnh viện Đa khoa tỉnh {hospital}", f"Bệnh viện Sản Nhi {hospital}", f"Trung tâm Y tế {hospital}")
        )
        if office.province.startswith(("Thành phố", "TP.")):
            born_at = f"Bệnh viện Phụ sản {hospital}" if "tỉnh" in born_at else born_at
    else:
        born_at = office.address()
    origin = places.locality(rng, registered).address()
    pin = make_pin(rng, legacy_code(rng), dob, sex) if registered >= date(2016, 1, 1) else None
    declarant_is_father = has_father and rng.random() < 0.7
    declarant = father_name if declarant_is_father else mother_name if rng.random() < 0.85 else person_name(rng, "Nam")
    declarant_paper, _ = id_document(rng, date(1975, 1, 1), registered, "Nam")
    values: dict[str, str | None] = {
        "full_name": child,
        "date_of_birth": dob.isoformat(),
        "date_of_birth_in_words": date_words(dob),
        "sex": sex,
        "ethnicity": child_eth,
        "nationality": NATIONALITY,
        "place_of_birth": born_at,
        "place_of_origin": origin,
        "id_number": pin,
        "mother_name": mother_name,
        "mother_birth_year": str(dob.year - rng.randint(18, 42)),
        "mother_ethnicity": mother_eth,
        "mother_nationality": NATIONALITY,
        "mother_residence": home,
        "father_name": father_name if has_father else None,
        "father_birth_year": str(dob.year - rng.randint(20, 48)) if has_father else None,
        "father_ethnicity": father_eth if has_father else None,
        "father_nationality": NATIONALITY if has_father else None,
        "father_residence": father_home if has_father else None,
        "declarant_name": declarant,
        "registration_place": committee(office),
        "registration_date": registered.isoformat(),
        "registration_number": number(rng),
        "book_number": book(rng, registered.year),
    }
    text = {"date_of_birth": dmy(dob), "registration_date": dmy(registered)}
    when = registered
    header = office
    if doc_type == "birth_extract":
        del values["declarant_name"]
        when = day_between(rng, registered, min(LAST_DAY, registered + timedelta(days=365 * 12)))
        header = office if when < places.REFORM or not office.legacy else places.locality(rng, when)
    extra: dict[str, Any] = {
        "header": header_units(header),
        "sign_place": signature_place(header),
        "declarant_paper": declarant_paper,
        "relation": "Cha" if declarant_is_father else "Mẹ" if declarant == mother_name else "Ông nội",
        "signer": officer(rng),
        "signer_title": rng.choice(("PHÓ CHỦ TỊCH", "CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH")),
        "own_number": f"{rng.randint(1, 900)}/TLKS-BS",
        "note": "",
    }
    return Paper(doc_type, when, values, text, extra)


# Marriage ------------------------------------------------------------------------------------------------------------


def marriage(rng: random.Random) -> Paper:
    registered = document_date(rng, date(2010, 1, 1))
    office = places.locality(rng, registered)
    values: dict[str, str | None] = {}
    text: dict[str, str] = {}
    family_of_husband = None
    for role, sex, ages in (("husband", "Nam", (20, 45)), ("wife", "Nữ", (18, 40))):
        eth = ethnicity(rng)
        dob = day_between(
            rng,
            registered - timedelta(days=365 * ages[1]),
            registered - timedelta(days=int(365.25 * ages[0]) + 2),
        )
        name = person_name(rng, sex, eth)
        if role == "husband":
            family_of_husband = name.split(" ")[0]
        elif family_of_husband and name.split(" ")[0] == family_of_husband and rng.random() < 0.7:
            name = person_name(rng, sex, eth)
        paper, _ = id_document(rng, dob, registered, sex)
        home = office if rng.random() < 0.6 else places.locality(rng, registered)
        values.update(
            {
                f"{role}_name": name,
                f"{role}_date_of_birth": dob.isoformat(),
                f"{role}_ethnicity": eth,
                f"{role}_nationality": NATIONALITY,
                f"{role}_residence": home.address(places.local_part(rng, home)),
                f"{role}_id_document": paper,
            }
        )
        text[f"{role}_date_of_birth"] = dmy(dob)
    values.update(
        {
            "registration_place": committee(office),
            "registration_date": registered.isoformat(),
            "registration_number": number(rng),
            "book_number": book(rng, registered.year),
        }
    )
    text["registration_date"] = dmy(registered)
    extra: dict[str, Any] = {
        "header": header_units(office),
        "sign_place": signature_place(office),
        "signer": officer(rng),
        "signer_title": rng.choice(("PHÓ CHỦ TỊCH", "CHỦ TỊCH")),
        "wife_left": rng.random() < 0.5,
    }
    return Paper("marriage_certificate", registered, values, text, extra)


# Death ---------------------------------------------------------------------------------------------------------------

_CAUSES: Final = (
    "Bệnh già", "Ốm đau", "Bệnh tim mạch", "Đột quỵ", "Tai nạn giao thông", "Ung thư phổi", "Suy hô hấp",
    "Suy tim", "Bệnh lý", "Xuất huyết não",
)  # fmt: skip


def death(rng: random.Random) -> Paper:
    registered = document_date(rng, date(2012, 1, 1))
    died = registered - timedelta(days=rng.randint(0, 30))
    sex = rng.choice(("Nam", "Nữ"))
    dob = day_between(rng, died - timedelta(days=365 * 98), died - timedelta(days=365 * 30))
    eth = ethnicity(rng)
    office = places.locality(rng, registered)
    home = office.address(places.local_part(rng, office))
    roll = rng.random()
    if roll < 0.55:
        where = "Tại nhà, " + home
    elif roll < 0.9:
        where = f"Bệnh viện Đa khoa tỉnh {places.bare(office.province)}"
        if office.province.startswith(("Thành phố", "TP.")):
            where = f"Bệnh viện Đa khoa {office.province}"
    else:
        where = home
    hh, mm = rng.randint(0, 23), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50, rng.randint(0, 59)))
    name = person_name(rng, sex, eth)
    pin = make_pin(rng, legacy_code(rng), dob, sex) if registered >= date(2016, 1, 1) and rng.random() < 0.85 else None
    paper, _ = id_document(rng, dob, died, sex)
    relative = person_name(rng, rng.choice(("Nam", "Nữ")), eth, name.split(" ")[0].title())
    values: dict[str, str | None] = {
        "full_name": name,
        "date_of_birth": dob.isoformat(),
        "sex": sex,
        "ethnicity": eth,
        "nationality": NATIONALITY,
        "id_number": pin,
        "last_residence": home,
        "date_of_death": died.isoformat(),
        "time_of_death": f"{hh:02d}:{mm:02d}",
        "place_of_death": where,
        "cause_of_death": rng.choice(_CAUSES),
        "declarant_name": relative,
        "registration_place": committee(office),
        "registration_date": registered.isoformat(),
        "registration_number": number(rng),
    }
    text = {"date_of_birth": dmy(dob), "registration_date": dmy(registered)}
    extra: dict[str, Any] = {
        "header": header_units(office),
        "sign_place": signature_place(office),
        "book": book(rng, registered.year),
        "id_paper": paper if pin is None else "",
        "died": died,
        "notice": f"{rng.randint(1, 300)}/GBT, ngày {dmy(died + timedelta(days=rng.randint(0, 3)))}, "
        f"của {committee(office).replace('Ủy ban nhân dân', 'Công an')}",
        "relation": rng.choice(("Con", "Con", "Vợ", "Chồng", "Cháu")),
        "declarant_paper": id_document(rng, date(1970, 1, 1), registered, "Nam")[0],
        "signer": officer(rng),
        "signer_title": rng.choice(("PHÓ CHỦ TỊCH", "CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH")),
    }
    return Paper("death_extract", registered, values, text, extra)


# Land ----------------------------------------------------------------------------------------------------------------

# Purposes: (code, printed name, kind) — kind "res" residential, "agri" fixed-term agricultural, "other".
PURPOSES_2014: Final = (
    ("CLN", "Đất trồng cây lâu năm"), ("BHK", "Đất bằng trồng cây hàng năm khác"), ("LUC", "Đất chuyên trồng lúa nước"),
    ("NTS", "Đất nuôi trồng thủy sản"), ("LUK", "Đất trồng lúa nước còn lại"),
)  # fmt: skip
PURPOSES_2024: Final = (
    ("CLN", "Đất trồng cây lâu năm"), ("HNK", "Đất trồng cây hằng năm khác"), ("LUC", "Đất chuyên trồng lúa"),
    ("NTS", "Đất nuôi trồng thủy sản"), ("LUK", "Đất trồng lúa còn lại"), ("RSX", "Đất rừng sản xuất"),
)  # fmt: skip
RESIDENTIAL: Final = {"ONT": "Đất ở tại nông thôn", "ODT": "Đất ở tại đô thị"}
_ORIGINS: Final = (
    "Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Công nhận QSDĐ như giao đất không thu tiền sử dụng đất",
    "Nhà nước giao đất có thu tiền sử dụng đất",
    "Nhận chuyển nhượng đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhận thừa kế đất được Công nhận QSDĐ như giao đất không thu tiền sử dụng đất",
    "Được tặng cho đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
)


def area_text(tenths: int, *, always_decimal: bool = False) -> str:
    """Printed area with a decimal comma: ``499,4`` / ``314`` (``314,0`` with ``always_decimal``)."""
    whole, frac = divmod(tenths, 10)
    if frac or always_decimal:
        return f"{whole},{frac}"
    return str(whole)


def area_value(tenths: int) -> str:
    whole, frac = divmod(tenths, 10)
    return f"{whole}.{frac}" if frac else str(whole)


def _holders(rng: random.Random, issued: date, *, with_address: bool) -> tuple[list[dict[str, str]], bool]:
    """One or two holders (a married couple); ``(holders, joint)``."""
    first_sex = "Nam" if rng.random() < 0.7 else "Nữ"
    holders: list[dict[str, str]] = []
    couple = rng.random() < 0.55
    where = places.locality(rng, issued)
    home = where.address(places.local_part(rng, where))
    for n, sex in enumerate((first_sex, "Nữ" if first_sex == "Nam" else "Nam")[: 2 if couple else 1]):
        dob = day_between(rng, date(1940, 1, 1), issued - timedelta(days=365 * 22))
        use_cmnd = issued < date(2021, 7, 1) and rng.random() < 0.6
        number = make_cmnd(rng, legacy_code(rng)) if use_cmnd else make_pin(rng, legacy_code(rng), dob, sex)
        holders.append(
            {
                "title": "Ông" if sex == "Nam" else "Bà",
                "sex": sex,
                "name": person_name(rng, sex),
                "birth_year": str(dob.year),
                "id_kind": "CMND" if use_cmnd else ("Căn cước" if issued >= date(2024, 8, 1) else "CCCD"),
                "id_number": number,
                "address": home if n == 0 or rng.random() < 0.85 else places.address(rng, issued),
            }
        )
    del with_address
    return holders, couple


def _split_area(
    rng: random.Random, residential: str, catalogue: tuple[tuple[str, str], ...]
) -> list[tuple[str, str, int]]:
    """Purposes with areas in tenths of m²: ``[(code, name, tenths), …]``, residential first."""
    parts = [
        (
            residential,
            RESIDENTIAL[residential],
            rng.randint(40, 400) * 10 + (rng.randint(1, 9) if rng.random() < 0.3 else 0),
        )
    ]
    extra = rng.choices((0, 1, 2), (0.45, 0.45, 0.1))[0]
    for code, name in rng.sample(catalogue, extra):
        parts.append((code, name, rng.randint(30, 2500) * 10 + (rng.randint(1, 9) if rng.random() < 0.3 else 0)))
    if rng.random() < 0.12:  # agricultural parcel without residential land
        parts = parts[1:] or parts
    return parts


def _term(rng: random.Random, code: str, issued: date) -> str:
    if code in RESIDENTIAL:
        return "Lâu dài"
    end = date(min(issued.year + rng.choice((20, 30, 50)), 2074), rng.randint(1, 12), rng.randint(1, 28))
    return f"Đến ngày {dmy(end)}" if rng.random() < 0.7 else f"Đến {end.month:02d}/{end.year}"


def _authority_2014(rng: random.Random, where: places.Locality) -> tuple[str, str, str, str]:
    """``(authority, title line, registry prefix, place of signing)`` for a 2014-form certificate."""
    district, province = where.district or "", where.province
    roll = rng.random()
    if roll < 0.45:
        return f"ỦY BAN NHÂN DÂN {district.upper()}", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "CH", places.bare(district)
    if roll < 0.85:
        return (
            f"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG {province.upper()}",
            rng.choice(("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "GIÁM ĐỐC")),
            "CS",
            places.bare(province),
        )
    return (
        f"ỦY BAN NHÂN DÂN {province.upper()}",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "CT",
        places.bare(province),
    )


def land_2014(rng: random.Random) -> Paper:
    issued = day_between(rng, date(2014, 7, 1), date(2024, 12, 31))
    where = places.legacy_locality(rng)
    holders, couple = _holders(rng, issued, with_address=True)
    residential = "ONT" if where.commune.startswith("Xã ") else "ODT"
    parts = _split_area(rng, residential, PURPOSES_2014)
    total = sum(p[2] for p in parts)
    authority, title, prefix, place = _authority_2014(rng, where)
    letters = {2014: "B", 2015: "B", 2016: "C", 2017: "C", 2018: "C", 2019: "C", 2020: "C"}.get(issued.year, "D")
    serial = f"{letters}{rng.choice('ABCDEGHKLMNOPQRSTUVXY')} {rng.randrange(10**6):06d}"
    multi = len(parts) > 1
    land_use = (
        "; ".join(f"{name} ({code}): {area_text(t)} m²" for code, name, t in parts)
        if multi
        else (f"{parts[0][1]} ({parts[0][0]})")
    )
    terms = [(_term(rng, code, issued), name) for code, name, _ in parts]
    use_term = "; ".join(f"{name}: {term}" for term, name in terms) if multi else terms[0][0]
    origins = [rng.choice(_ORIGINS) for _ in parts]
    use_origin = "; ".join(f"{p[1]}: {o}" for p, o in zip(parts, origins, strict=True)) if multi else origins[0]
    shared = couple and rng.random() < 0.3
    use_form = (
        f"Sử dụng riêng: {area_text(total)} m²; Sử dụng chung: Không" if not shared else
        f"Sử dụng riêng: Không; Sử dụng chung: {area_text(total)} m²"
    )  # fmt: skip
    if rng.random() < 0.25:
        use_form = "Sử dụng riêng" if not shared else "Sử dụng chung"
    parcel_local = places.local_part(rng, where)
    values: dict[str, str | None] = {"serial_number": serial, "registry_number": f"{prefix} {rng.randint(1, 9999):05d}"}
    for n, h in enumerate(holders, 1):
        values.update(
            {
                f"holder_{n}_name": h["name"],
                f"holder_{n}_birth_year": h["birth_year"],
                f"holder_{n}_id_number": h["id_number"],
                f"holder_{n}_address": h["address"],
            }
        )
    values.update(
        {
            "parcel_number": str(rng.randint(1, 1500)),
            "map_sheet_number": str(rng.randint(1, 80)),
            "parcel_address": f"{parcel_local}, {where.lower_units()}",
            "area_m2": area_value(total),
            "area_in_words": area_words(area_value(total)),
            "use_form": use_form,
            "land_use": land_use,
            "land_use_codes": ",".join(p[0] for p in parts),
            "use_term": use_term,
            "use_origin": use_origin,
            "issue_date": issued.isoformat(),
            "issuing_authority": authority,
        }
    )
    extra: dict[str, Any] = {
        "holders": holders,
        "area_text": area_text(total),
        "title_line": title,
        "sign_place": place,
        "signer": officer(rng),
        "barcode": "".join(str(rng.randrange(10)) for _ in range(13)),
        "parts": parts,
    }
    return Paper("land_certificate_2014", issued, values, {}, extra)


def land_2024(rng: random.Random) -> Paper:
    issued = day_between(rng, date(2024, 8, 1), LAST_DAY)
    where = places.locality(rng, issued)
    holders, couple = _holders(rng, issued, with_address=False)
    residential = "ONT" if where.commune.startswith("Xã ") else "ODT"
    parts = _split_area(rng, residential, PURPOSES_2024)
    total = sum(p[2] for p in parts)
    land_use = "; ".join(f"{name} ({code}): {area_text(t, always_decimal=True)} m²" for code, name, t in parts)
    terms = [(_term(rng, code, issued), name) for code, name, _ in parts]
    use_term = "; ".join(f"{name}: {term}" for term, name in terms)
    use_form = "Sử dụng chung của vợ và chồng" if couple and rng.random() < 0.8 else "Sử dụng riêng"
    province = where.province
    if where.legacy:
        authority = rng.choice(
            (f"CHI NHÁNH VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI {(where.district or '').upper()}",
             f"VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI {province.upper()}")
        )  # fmt: skip
        place = places.bare(where.district or province)
    else:
        authority = rng.choice(
            (f"VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI {province.upper()}", f"ỦY BAN NHÂN DÂN {where.commune.upper()}")
        )
        place = places.bare(where.commune if authority.startswith("ỦY BAN") else province)
    if issued >= date(2025, 3, 1) and rng.random() < 0.3:
        authority = f"SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG {province.upper()}"
        place = places.bare(province)
    title = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" if not authority.startswith("ỦY BAN") else "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    serial = f"A{rng.choice('ABCDEG')} {rng.randrange(10**8):08d}"
    registry = f"{rng.choice(('CS', 'CH', 'VP', 'CN'))} {rng.randint(1, 99999):05d}"
    values: dict[str, str | None] = {"serial_number": serial, "registry_number": registry}
    for n, h in enumerate(holders, 1):
        values[f"holder_{n}_name"] = h["name"]
        values[f"holder_{n}_id_number"] = h["id_number"]
    values.update(
        {
            "parcel_number": str(rng.randint(1, 1500)),
            "map_sheet_number": str(rng.randint(1, 80)),
            "parcel_address": f"{places.local_part(rng, where)}, {where.lower_units()}",
            "area_m2": area_value(total),
            "use_form": use_form,
            "land_use": land_use,
            "land_use_codes": ",".join(p[0] for p in parts),
            "use_term": use_term,
            "issue_date": issued.isoformat(),
            "issuing_authority": authority,
        }
    )
    code = f"{rng.randint(10, 96)}{rng.randrange(10**3):03d}{issued.year % 100:02d}{rng.randrange(10**6):06d}"
    extra: dict[str, Any] = {
        "holders": holders,
        "area_text": area_text(total, always_decimal=True),
        "title_line": title,
        "sign_place": place,
        "signer": officer(rng),
        "certificate_code": code,
        "parts": parts,
    }
    return Paper("land_certificate_2024", issued, values, {}, extra)


def qr_payload_2024(paper: Paper) -> str:
    """The QR of a 2024 land certificate (its content is not published; this record is the generator's choice).

    ``GCN|<serial>|<certificate code>|<parcel>|<map sheet>|<area>|<codes>|<holder 1 name>|<holder 1 ID>|
    <holder 2 name>|<holder 2 ID>|<parcel address>|<issue date ISO>|<registry number>`` — 14 fields, UTF-8,
    normalised values as in the ground truth (area with a dot, codes comma-separated), empty when absent.
    """
    v = paper.values
    fields = (
        "GCN", v["serial_number"], paper.extra["certificate_code"], v["parcel_number"], v["map_sheet_number"],
        v["area_m2"], v["land_use_codes"], v.get("holder_1_name"), v.get("holder_1_id_number"),
        v.get("holder_2_name"), v.get("holder_2_id_number"), v["parcel_address"], v["issue_date"],
        v["registry_number"],
    )  # fmt: skip
    return "|".join(f or "" for f in fields)


MAKERS: Final = {
    "birth_certificate": lambda rng: birth(rng, "birth_certificate"),
    "birth_extract": lambda rng: birth(rng, "birth_extract"),
    "marriage_certificate": marriage,
    "death_extract": death,
    "land_certificate_2014": land_2014,
    "land_certificate_2024": land_2024,
}


def make_paper(doc_type: str, rng: random.Random) -> Paper:
    maker: Any = MAKERS[doc_type]
    paper: Paper = maker(rng)
    return paper
