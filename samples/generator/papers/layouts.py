"""One renderer per paper type: upright pages at 300 dpi with the spec's labels in printed order (§2–§4).

Each renderer returns the document's pages (:class:`RenderedPage`: RGB image, 1-based page number in the
document, and the pixel box of every contract field drawn on it). Positions are estimates from the spec's
descriptions, not measurements of real forms.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image

from samples.generator.codes import qr_bitmap
from samples.generator.papers.people import Paper, dmy, qr_payload_2024
from samples.generator.papers.render import (
    A4,
    LAND_2014,
    RED,
    Box,
    Flow,
    Sheet,
    Style,
    barcode,
    emblem,
    font_of,
    land_paper,
    mm,
    seal,
    signature,
)

MOTTO: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class RenderedPage:
    image: npt.NDArray[np.uint8]  # H × W × 3 RGB, upright
    doc_page: int  # 1-based page number within the document
    boxes: dict[str, Box]


class Overflow(Exception):
    """The content did not fit on the page at this size; the caller retries smaller."""


def _white(size: tuple[int, int], rng: random.Random) -> Image.Image:
    level = rng.randint(246, 255)
    return Image.new("RGB", size, (level, level, max(240, level - rng.randint(0, 4))))


def _signed_date(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def centred_parts(
    sheet: Sheet, cx: float, y: float, parts: list[tuple[str, str | None]], size: float, weight: str
) -> None:
    """A centred line made of pieces; pieces with a name are recorded as that field's box."""
    font = font_of(sheet.style.serif, round(size), "italic" if weight == "italic" else "regular")
    total = sum(sheet.width_of(t, font) for t, _ in parts)
    x = cx - total / 2
    for text, name in parts:
        box = sheet.text(x, y, text, font)
        if name:
            sheet.record(name, box)
        x += sheet.width_of(text, font)


def wrap_words(sheet: Sheet, text: str, size: float, weight: str, max_width: float) -> list[str]:
    font = font_of(sheet.style.serif, round(size), "bold" if weight == "bold" else "regular")
    lines: list[str] = []
    current: list[str] = []
    for word in text.split(" "):
        if current and sheet.width_of(" ".join([*current, word]), font) > max_width:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def motto(sheet: Sheet, cx: float, y: float, size: float, max_width: float) -> float:
    sheet.centred(cx, y, MOTTO[0], size, max_width=max_width)
    y2 = y + size * 1.35
    box = sheet.centred(cx, y2, MOTTO[1], size * 1.05, max_width=max_width)
    sheet.line(box[0], box[3] + 8, box[2], box[3] + 8, width=3)
    return y2 + size * 0.6


def civil_header(
    sheet: Sheet, paper: Paper, left: float, right: float, numbers: list[tuple[str, str, str | None]]
) -> float:
    """UBND block top-left with ``Số``/``Quyển số`` under it, motto top-right. Returns the y below."""
    size = sheet.style.size * 0.92
    lcx = left + (right - left) * 0.2
    rcx = left + (right - left) * 0.7
    y = mm(20)
    sheet.centred(lcx, y, "ỦY BAN NHÂN DÂN", size, max_width=780)
    ly = float(y)
    last: Box = (0, 0, 0, 0)
    for line in paper.extra["header"]:
        ly += size * 1.3
        last = sheet.centred(lcx, ly, line, size, max_width=800)
    mid = (last[0] + last[2]) / 2
    sheet.line(mid - 110, last[3] + 16, mid + 110, last[3] + 16, width=3)
    motto(sheet, rcx, y, size, max_width=1100)
    flow = Flow(sheet, left, lcx + 420, last[3] + size * 2.2, size=size)
    for label, value, name in numbers:
        flow.pair(label, value, name).newline()
    return flow.y


def sign_block(
    sheet: Sheet,
    cx: float,
    y: float,
    heading: list[str],
    paper: Paper,
    *,
    dated: date | None,
    seal_text: str,
    titles: list[str],
    date_field: str | None = None,
    authority_field: str | None = None,
    authority_lines: list[str] | None = None,
) -> float:
    """Date line, authority, signer heading, seal overlapping the signature, signer's name. Returns the y below."""
    size = sheet.style.size
    if dated is not None:
        place = paper.extra["sign_place"]
        centred_parts(sheet, cx, y, [(f"{place}, ", None), (_signed_date(dated), date_field)], size * 0.98, "italic")
        y += size * 1.5
    for line in authority_lines or []:
        box = sheet.centred(cx, y, line, size * 0.98, max_width=1150)
        if authority_field:
            sheet.record(authority_field, box)
        y += size * 1.3
    for line in heading:
        sheet.centred(cx, y, line, size * 0.98, max_width=1150)
        y += size * 1.3
    if dated is None or authority_lines is None:
        sheet.centred(cx, y - size * 0.2, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", size * 0.8, "italic")
        y += size * 0.8
    top = y
    sig_cy = top + 170
    signature(sheet, cx + sheet.rng.uniform(-40, 60), sig_cy, sheet.rng.uniform(260, 380))
    seal(
        sheet,
        cx - sheet.rng.uniform(150, 230),
        sig_cy + sheet.rng.uniform(-30, 30),
        sheet.rng.randint(185, 215),
        seal_text,
    )
    y = top + 380
    for t in titles:
        sheet.centred(cx, y, t, size * 0.98)
        y += size * 1.3
    sheet.centred(cx, y, paper.extra["signer"], size * 1.02)
    return y + size


def _finish(sheet: Sheet, doc_page: int, limit: float, y: float) -> RenderedPage:
    if y > limit:
        raise Overflow(f"page content ends at {y:.0f} > {limit:.0f}")
    return RenderedPage(sheet.as_array(), doc_page, dict(sheet.boxes))


def _seal_text(paper: Paper) -> str:
    return "ỦY BAN NHÂN DÂN " + " ".join(paper.extra["header"])


def _person_row(
    flow: Flow, paper: Paper, prefix: str, year_label: str, year_name: str, tabs: tuple[float, float]
) -> None:
    flow.pair(year_label, paper.shown(year_name), year_name)
    flow.tab(tabs[0]).pair("Dân tộc:", paper.shown(f"{prefix}ethnicity"), f"{prefix}ethnicity")
    flow.tab(tabs[1]).pair("Quốc tịch:", paper.shown(f"{prefix}nationality"), f"{prefix}nationality")
    flow.newline()


# Civil status --------------------------------------------------------------------------------------------------------


def birth_page(paper: Paper, style: Style, rng: random.Random) -> list[RenderedPage]:
    sheet = Sheet(_white(A4, rng), style, rng)
    w, h = A4
    left, right = mm(20) + rng.randint(-15, 15), w - mm(16) + rng.randint(-15, 15)
    extract = paper.type == "birth_extract"
    if extract:
        numbers: list[tuple[str, str, str | None]] = [("Số:", paper.extra["own_number"], None)]
    else:
        numbers = [
            ("Số:", paper.shown("registration_number"), "registration_number"),
            ("Quyển số:", paper.shown("book_number"), "book_number"),
        ]
    y = civil_header(sheet, paper, left, right, numbers)
    title_y = max(y + 90, mm(62))
    sheet.centred(w / 2, title_y, "TRÍCH LỤC KHAI SINH" if extract else "GIẤY KHAI SINH", style.size * 1.75)
    if extract:
        sheet.centred(w / 2, title_y + style.size * 1.4, "(BẢN SAO)", style.size * 1.1)
        title_y += style.size * 1.2
    span = right - left
    tabs = (left + span * 0.37, left + span * 0.66)
    f = Flow(sheet, left, right, title_y + style.size * 2.6)
    f.pair("Họ, chữ đệm, tên:", paper.shown("full_name"), "full_name").newline()
    f.pair("Ngày, tháng, năm sinh:", paper.shown("date_of_birth"), "date_of_birth")
    f.label("ghi bằng chữ:").value(paper.shown("date_of_birth_in_words"), "date_of_birth_in_words").newline()
    f.pair("Giới tính:", paper.shown("sex"), "sex")
    f.tab(tabs[0]).pair("Dân tộc:", paper.shown("ethnicity"), "ethnicity")
    f.tab(tabs[1]).pair("Quốc tịch:", paper.shown("nationality"), "nationality").newline()
    f.pair("Nơi sinh:", paper.shown("place_of_birth"), "place_of_birth").newline()
    f.pair("Quê quán:", paper.shown("place_of_origin"), "place_of_origin").newline()
    f.pair("Số định danh cá nhân:", paper.shown("id_number"), "id_number").newline(style.size * 0.3)
    for role, who in (("mother", "mẹ"), ("father", "cha")):
        f.pair(f"Họ, chữ đệm, tên người {who}:", paper.shown(f"{role}_name"), f"{role}_name").newline()
        _person_row(f, paper, f"{role}_", "Năm sinh:", f"{role}_birth_year", tabs)
        f.pair("Nơi cư trú:", paper.shown(f"{role}_residence"), f"{role}_residence").newline(style.size * 0.3)
    if extract:
        f.pair("Đăng ký khai sinh tại:", paper.shown("registration_place"), "registration_place").newline()
        f.pair("Số:", paper.shown("registration_number"), "registration_number")
        f.label(", Quyển số:").value(paper.shown("book_number"), "book_number")
        f.label(", ngày").value(paper.shown("registration_date"), "registration_date").newline()
        f.pair("Ghi chú:", paper.extra["note"]).newline()
    else:
        f.pair("Họ, chữ đệm, tên người đi khai sinh:", paper.shown("declarant_name"), "declarant_name").newline()
        f.pair("Giấy tờ tùy thân:", paper.extra["declarant_paper"]).newline()
        f.pair("Nơi đăng ký khai sinh:", paper.shown("registration_place"), "registration_place").newline()
        f.pair("Ngày, tháng, năm đăng ký:", paper.shown("registration_date"), "registration_date").newline()
    y = f.end() + style.size * 0.6
    cx = left + span * 0.72
    heading = ["NGƯỜI KÝ TRÍCH LỤC"] if extract else ["NGƯỜI KÝ GIẤY KHAI SINH"]
    end = sign_block(
        sheet, cx, y, heading, paper, dated=paper.when if extract else None, seal_text=_seal_text(paper),
        titles=[paper.extra["signer_title"].capitalize()],
    )  # fmt: skip
    return [_finish(sheet, 1, h - mm(8), end)]


def marriage_page(paper: Paper, style: Style, rng: random.Random) -> list[RenderedPage]:
    sheet = Sheet(_white(A4, rng), style, rng)
    w, h = A4
    left, right = mm(18) + rng.randint(-15, 15), w - mm(15) + rng.randint(-15, 15)
    numbers: list[tuple[str, str, str | None]] = [
        ("Số:", paper.shown("registration_number"), "registration_number"),
        ("Quyển số:", paper.shown("book_number"), "book_number"),
    ]
    y = civil_header(sheet, paper, left, right, numbers)
    title_y = max(y + 90, mm(60))
    emblem(sheet, w / 2, title_y - 40, 70)
    title_y += 120
    sheet.centred(w / 2, title_y, "GIẤY CHỨNG NHẬN KẾT HÔN", style.size * 1.7)
    order = ["wife", "husband"] if paper.extra["wife_left"] else ["husband", "wife"]
    words = {"wife": "vợ", "husband": "chồng"}
    span = right - left
    gutter = 70
    col_w = (span - gutter) / 2
    cols = {role: (left + i * (col_w + gutter), left + i * (col_w + gutter) + col_w) for i, role in enumerate(order)}
    size = style.size * 0.95
    y = title_y + style.size * 2.4
    rows: list[tuple[str, str]] = [
        ("Họ, chữ đệm, tên {w}:", "name"),
        ("Ngày, tháng, năm sinh:", "date_of_birth"),
        ("Dân tộc:", "ethnicity"),
        ("Quốc tịch:", "nationality"),
        ("Nơi cư trú:", "residence"),
        ("Giấy tờ tùy thân:", "id_document"),
    ]
    for label, key in rows:
        ends = []
        for role in order:
            x0, x1 = cols[role]
            cell = Flow(sheet, x0, x1, y, size=size)
            cell.pair(label.format(w=words[role]), paper.shown(f"{role}_{key}"), f"{role}_{key}")
            ends.append(cell.end())
        y = max(ends) + size * 0.15
    f = Flow(sheet, left, right, y + size * 0.6)
    f.pair("Nơi đăng ký kết hôn:", paper.shown("registration_place"), "registration_place").newline()
    f.pair("Ngày, tháng, năm đăng ký:", paper.shown("registration_date"), "registration_date").newline()
    y = f.end() + style.size * 0.4
    # Spouses sign on the left half, the officer on the right.
    sub = span * 0.25
    for i, role in enumerate(order):
        cx = left + sub * (i + 0.5)
        sheet.centred(cx, y, "Chồng" if role == "husband" else "Vợ", style.size)
        sheet.centred(cx, y + style.size * 1.2, "(Ký, ghi rõ họ, chữ đệm, tên)", style.size * 0.7, "italic")
        signature(sheet, cx, y + 260, 260)
        sheet.centred(cx, y + 450, paper.shown(f"{role}_name").title(), style.size * 0.9, "regular")
    end = sign_block(
        sheet, left + span * 0.75, y, ["NGƯỜI KÝ GIẤY CHỨNG NHẬN", "KẾT HÔN"], paper, dated=None,
        seal_text=_seal_text(paper), titles=[paper.extra["signer_title"].capitalize()],
    )  # fmt: skip
    return [_finish(sheet, 1, h - mm(8), end)]


def death_page(paper: Paper, style: Style, rng: random.Random) -> list[RenderedPage]:
    sheet = Sheet(_white(A4, rng), style, rng)
    w, h = A4
    left, right = mm(20) + rng.randint(-15, 15), w - mm(16) + rng.randint(-15, 15)
    numbers: list[tuple[str, str, str | None]] = [
        ("Số:", paper.shown("registration_number"), "registration_number"),
        ("Quyển số:", paper.extra["book"], None),
    ]
    y = civil_header(sheet, paper, left, right, numbers)
    title_y = max(y + 90, mm(62))
    sheet.centred(w / 2, title_y, "TRÍCH LỤC KHAI TỬ", style.size * 1.75)
    span = right - left
    tabs = (left + span * 0.37, left + span * 0.66)
    f = Flow(sheet, left, right, title_y + style.size * 2.4)
    f.pair("Họ, chữ đệm, tên:", paper.shown("full_name"), "full_name").newline()
    f.pair("Ngày, tháng, năm sinh:", paper.shown("date_of_birth"), "date_of_birth").newline()
    f.pair("Giới tính:", paper.shown("sex"), "sex")
    f.tab(tabs[0]).pair("Dân tộc:", paper.shown("ethnicity"), "ethnicity")
    f.tab(tabs[1]).pair("Quốc tịch:", paper.shown("nationality"), "nationality").newline()
    f.pair("Số định danh cá nhân:", paper.shown("id_number"), "id_number").newline()
    f.pair("Giấy tờ tùy thân:", paper.extra["id_paper"]).newline()
    f.pair("Nơi cư trú cuối cùng:", paper.shown("last_residence"), "last_residence").newline()
    hh, mi = paper.shown("time_of_death").split(":")
    died: date = paper.extra["died"]
    f.label("Đã chết vào lúc:").value(hh, "time_of_death").label("giờ").value(mi, "time_of_death")
    f.label("phút, ngày").value(f"{died.day:02d}", "date_of_death").label("tháng").value(
        f"{died.month:02d}", "date_of_death"
    )
    f.label("năm").value(str(died.year), "date_of_death").newline()
    f.pair("Nơi chết:", paper.shown("place_of_death"), "place_of_death").newline()
    f.pair("Nguyên nhân chết:", paper.shown("cause_of_death"), "cause_of_death").newline()
    f.pair("Giấy báo tử/Giấy tờ thay thế Giấy báo tử số:", paper.extra["notice"]).newline(style.size * 0.3)
    f.pair("Họ, chữ đệm, tên người đi khai tử:", paper.shown("declarant_name"), "declarant_name").newline()
    f.pair("Giấy tờ tùy thân:", paper.extra["declarant_paper"]).newline()
    f.pair("Quan hệ với người đã chết:", paper.extra["relation"]).newline()
    f.pair("Nơi đăng ký khai tử:", paper.shown("registration_place"), "registration_place").newline()
    f.pair("Ngày, tháng, năm đăng ký:", paper.shown("registration_date"), "registration_date").newline()
    f.pair("Ghi chú:", "").newline()
    y = f.end() + style.size * 0.3
    end = sign_block(
        sheet, left + span * 0.72, y, ["NGƯỜI KÝ TRÍCH LỤC"], paper, dated=paper.when, seal_text=_seal_text(paper),
        titles=[paper.extra["signer_title"].capitalize()],
    )  # fmt: skip
    return [_finish(sheet, 1, h - mm(8), end)]


# Land ----------------------------------------------------------------------------------------------------------------


def _land_sheet(size: tuple[int, int], style: Style, rng: random.Random) -> Sheet:
    return Sheet(land_paper(size[0], size[1], rng), style, rng)


def _land_title(sheet: Sheet, y: float, lines: list[str], size: float) -> float:
    w = sheet.width
    y = motto(sheet, w / 2, y, size * 0.95, max_width=w * 0.7)
    emblem(sheet, w / 2, y + 120, 95)
    y += 310
    sheet.centred(w / 2, y, "GIẤY CHỨNG NHẬN", size * 2.1, fill=RED)
    for line in lines:
        y += size * 1.55
        sheet.centred(w / 2, y, line, size * 1.15, fill=RED, max_width=w * 0.82)
    return y + size * 1.5


_UNIT_WORDS: Final = ("TỈNH ", "HUYỆN ", "THÀNH PHỐ ", "THỊ XÃ ", "QUẬN ", "XÃ ", "PHƯỜNG ", "TP. ")


def _authority_lines(sheet: Sheet, paper: Paper) -> list[str]:
    """The authority on one line, or broken before its unit name (``… ĐẤT ĐAI`` / ``TỈNH ĐẮK LẮK``)."""
    text = paper.values["issuing_authority"] or ""
    font = font_of(sheet.style.serif, round(sheet.style.size * 0.98), "bold")
    limit = 1250
    if sheet.width_of(text, font) <= limit:
        return [text]
    cuts = [i for word in _UNIT_WORDS for i in range(1, len(text)) if text.startswith(word, i) and text[i - 1] == " "]
    for cut in sorted(cuts, reverse=True):
        head, tail = text[:cut].strip(), text[cut:]
        if sheet.width_of(head, font) <= limit and sheet.width_of(tail, font) <= limit:
            return [head, tail]
    return wrap_words(sheet, text, sheet.style.size * 0.98, "bold", limit)


def _holder_lines_2014(flow: Flow, paper: Paper) -> None:
    for n, holder in enumerate(paper.extra["holders"], 1):
        p = f"holder_{n}_"
        if n == 1:
            flow.label(f"{holder['title']}:")
        else:
            flow.label("và vợ:" if holder["sex"] == "Nữ" else "và chồng:").label(holder["title"])
        flow.value(holder["name"], p + "name").label(", Năm sinh:").value(holder["birth_year"], p + "birth_year")
        flow.newline()
        flow.label(f"{holder['id_kind']} số:").value(holder["id_number"], p + "id_number").newline()
        flow.pair("Địa chỉ thường trú:", holder["address"], p + "address").newline(flow.size * 0.4)


def _sketch(sheet: Sheet, x0: float, y0: float, x1: float, y1: float, paper: Paper) -> None:
    """A parcel sketch: a random quadrilateral with edge lengths, inside a frame."""
    rng = sheet.rng
    sheet.draw.rectangle((x0, y0, x1, y1), outline=(60, 60, 60), width=3)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rw, rh = (x1 - x0) * 0.3, (y1 - y0) * 0.3
    pts = [
        (cx - rw + rng.uniform(-40, 40), cy - rh + rng.uniform(-40, 40)),
        (cx + rw + rng.uniform(-40, 40), cy - rh + rng.uniform(-40, 40)),
        (cx + rw + rng.uniform(-40, 40), cy + rh + rng.uniform(-40, 40)),
        (cx - rw + rng.uniform(-40, 40), cy + rh + rng.uniform(-40, 40)),
    ]
    sheet.draw.polygon(pts, outline=(30, 30, 30), width=4)
    font = font_of(sheet.style.sans, 34)
    for i, (a, b) in enumerate(zip(pts, pts[1:] + pts[:1], strict=True)):
        length = np.hypot(b[0] - a[0], b[1] - a[1]) / 40
        sheet.text((a[0] + b[0]) / 2 + 10, (a[1] + b[1]) / 2 - 10, f"{length:.2f}".replace(".", ","), font)
        sheet.text(a[0] - 30, a[1] - 10, str(i + 1), font, (180, 30, 30))
    sheet.text(cx - 60, cy, f"({paper.values['parcel_number']})", font_of(sheet.style.sans, 40, "bold"))
    sheet.text(x1 - 80, y0 + 70, "N", font_of(sheet.style.sans, 44, "bold"))
    sheet.line(x1 - 65, y0 + 85, x1 - 65, y0 + 180, width=4)


def _changes_table(sheet: Sheet, x0: float, y0: float, x1: float, y1: float, size: float) -> None:
    mid = x0 + (x1 - x0) * 0.55
    sheet.draw.rectangle((x0, y0, x1, y1), outline=(60, 60, 60), width=3)
    sheet.line(mid, y0, mid, y1, width=3)
    sheet.line(x0, y0 + size * 2.6, x1, y0 + size * 2.6, width=3)
    sheet.centred(
        (x0 + mid) / 2, y0 + size * 1.1, "Nội dung thay đổi và cơ sở pháp lý", size * 0.85, max_width=mid - x0 - 20
    )
    sheet.centred((mid + x1) / 2, y0 + size * 1.1, "Xác nhận của cơ quan", size * 0.85, max_width=x1 - mid - 20)
    sheet.centred((mid + x1) / 2, y0 + size * 2.1, "có thẩm quyền", size * 0.85, max_width=x1 - mid - 20)


def land_2014_pages(paper: Paper, style: Style, rng: random.Random) -> list[RenderedPage]:
    w, h = LAND_2014
    left, right = mm(17), w - mm(15)
    size = style.size * 0.95
    pages: list[RenderedPage] = []

    # Page 1: title and holders, serial bottom-right.
    s1 = _land_sheet(LAND_2014, style, random.Random(rng.randrange(2**32)))
    y = _land_title(s1, mm(22), ["QUYỀN SỬ DỤNG ĐẤT", "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"], size)
    f = Flow(s1, left, right, y + size, size=size)
    f.label("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", weight="bold").newline(
        size * 0.4
    )
    _holder_lines_2014(f, paper)
    end = f.end()
    serial_font = font_of(style.sans, 66, "bold")
    box = s1.text(w - mm(20) - s1.width_of(paper.values["serial_number"] or "", serial_font), h - mm(22),
                  paper.values["serial_number"] or "", serial_font, RED)  # fmt: skip
    s1.record("serial_number", box)
    pages.append(_finish(s1, 1, box[1] - 20, end))

    # Page 2: parcel block a) … g), house and other assets, signature, registry number.
    s2 = _land_sheet(LAND_2014, style, random.Random(rng.randrange(2**32)))
    f = Flow(s2, left, right, mm(22), size=size)
    f.label("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", weight="bold").newline(size * 0.3)
    f.label("1. Thửa đất:", weight="bold").newline()
    f.label("a) Thửa đất số:").value(paper.shown("parcel_number"), "parcel_number")
    f.label(", tờ bản đồ số:").value(paper.shown("map_sheet_number"), "map_sheet_number").newline()
    f.pair("b) Địa chỉ:", paper.shown("parcel_address"), "parcel_address").newline()
    f.label("c) Diện tích:").value(paper.extra["area_text"], "area_m2").label("m², (bằng chữ:")
    f.value(paper.shown("area_in_words"), "area_in_words").label(")").newline()
    f.pair("d) Hình thức sử dụng:", paper.shown("use_form"), "use_form").newline()
    f.pair("đ) Mục đích sử dụng:", paper.shown("land_use"), "land_use").newline()
    f.pair("e) Thời hạn sử dụng:", paper.shown("use_term"), "use_term").newline()
    f.pair("g) Nguồn gốc sử dụng:", paper.shown("use_origin"), "use_origin").newline(size * 0.3)
    for item in ("2. Nhà ở:", "3. Công trình xây dựng khác:", "4. Rừng sản xuất là rừng trồng:", "5. Cây lâu năm:",
                 "6. Ghi chú:"):  # fmt: skip
        f.label(item, weight="bold").label("-/-").newline()
    y = f.end() + size * 0.5
    if "land_use" in s2.boxes:
        s2.boxes["land_use_codes"] = s2.boxes["land_use"]
    cx = left + (right - left) * 0.66
    end = sign_block(
        s2,
        cx,
        y,
        paper.extra["title_line"].split("\n"),
        paper,
        dated=paper.when,
        seal_text=paper.values["issuing_authority"] or "",
        titles=[],
        date_field="issue_date",
        authority_field="issuing_authority",
        authority_lines=_authority_lines(s2, paper),
    )
    rf = Flow(s2, left, left + (right - left) * 0.6, h - mm(24), size=size)
    rf.label("Số vào sổ cấp GCN:").value(paper.shown("registry_number"), "registry_number", weight="italic")
    rf.end()
    pages.append(_finish(s2, 2, h - mm(24) - size * 1.5, end))

    # Page 3: sketch and changes table; page 4: changes continued, notice, barcode.
    s3 = _land_sheet(LAND_2014, style, random.Random(rng.randrange(2**32)))
    f = Flow(s3, left, right, mm(22), size=size)
    f.label("III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất", weight="bold").newline()
    _sketch(s3, left + 60, f.y, right - 60, f.y + 1150, paper)
    f.y += 1250
    f.label("IV. Những thay đổi sau khi cấp Giấy chứng nhận", weight="bold").newline()
    _changes_table(s3, left, f.y, right, h - mm(22), size)
    pages.append(_finish(s3, 3, h, 0))
    s4 = _land_sheet(LAND_2014, style, random.Random(rng.randrange(2**32)))
    _changes_table(s4, left, mm(22), right, h - mm(75), size)
    notice = Flow(s4, left, right - 700, h - mm(60), size=size * 0.72)
    _italic_note(
        notice,
        "Người được cấp Giấy chứng nhận không được sửa chữa, tẩy xóa hoặc bổ sung bất kỳ nội dung nào trong Giấy "
        "chứng nhận; khi bị mất hoặc hư hỏng Giấy chứng nhận phải khai báo ngay với cơ quan cấp Giấy.",
    )
    notice.end()
    barcode(s4, right - 640, h - mm(58), paper.extra["barcode"])
    pages.append(_finish(s4, 4, h, 0))
    return pages


def _italic_note(flow: Flow, text: str) -> None:
    for word in text.split(" "):
        flow.label(word, weight="italic")


def land_2024_pages(paper: Paper, style: Style, rng: random.Random) -> list[RenderedPage]:
    w, h = A4
    left, right = mm(18), w - mm(16)
    size = style.size * 0.95
    s1 = _land_sheet(A4, style, random.Random(rng.randrange(2**32)))
    qr = qr_bitmap(qr_payload_2024(paper), mm(20), border=2)
    s1.image.paste(Image.fromarray(qr, "L").convert("RGB"), (right - qr.shape[1] - 10, mm(14)))
    y = _land_title(s1, mm(24), ["QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN", "GẮN LIỀN VỚI ĐẤT"], size)
    s1.centred(w / 2, y, f"Mã Giấy chứng nhận: {paper.extra['certificate_code']}", size * 0.8, "regular")
    f = Flow(s1, left, right, y + size * 1.8, size=size)
    f.label("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất", weight="bold").newline()
    for n, holder in enumerate(paper.extra["holders"], 1):
        p = f"holder_{n}_"
        if n > 1:
            f.label("Và vợ:" if holder["sex"] == "Nữ" else "Và chồng:")
        f.label(f"{holder['title']}:").value(holder["name"], p + "name")
        f.label(f", {holder['id_kind']}:").value(holder["id_number"], p + "id_number").newline()
    f.label("2. Thông tin thửa đất", weight="bold").newline()
    f.label("a. Thửa đất số:").value(paper.shown("parcel_number"), "parcel_number")
    f.label("; tờ bản đồ số:").value(paper.shown("map_sheet_number"), "map_sheet_number").newline()
    f.label("b. Diện tích:").value(paper.extra["area_text"], "area_m2").label("m²").newline()
    f.pair("c. Loại đất:", paper.shown("land_use"), "land_use").newline()
    f.pair("d. Thời hạn sử dụng đất:", paper.shown("use_term"), "use_term").newline()
    f.pair("đ. Hình thức sử dụng:", paper.shown("use_form"), "use_form").newline()
    f.pair("e. Địa chỉ:", paper.shown("parcel_address"), "parcel_address").newline()
    f.label("3. Thông tin tài sản gắn liền với đất:", weight="bold").label("-/-").newline()
    if "land_use" in s1.boxes:
        s1.boxes["land_use_codes"] = s1.boxes["land_use"]
    y = f.end()
    s1.centred(w / 2, y, "Thông tin chi tiết được thể hiện tại mã QR", size * 0.85, "italic")
    y += size * 1.8
    end = sign_block(
        s1, left + (right - left) * 0.66, y, paper.extra["title_line"].split("\n"), paper, dated=paper.when,
        seal_text=paper.values["issuing_authority"] or "", titles=[], date_field="issue_date",
        authority_field="issuing_authority", authority_lines=_authority_lines(s1, paper),
    )  # fmt: skip
    serial_font = font_of(style.sans, 62, "bold")
    serial = paper.values["serial_number"] or ""
    box = s1.text(right - s1.width_of(serial, serial_font) - 20, h - mm(20), serial, serial_font, RED)
    s1.record("serial_number", box)
    page1 = _finish(s1, 1, box[1] - 20, end)

    s2 = _land_sheet(A4, style, random.Random(rng.randrange(2**32)))
    f = Flow(s2, left, right, mm(22), size=size)
    f.label("4. Sơ đồ thửa đất, tài sản gắn liền với đất", weight="bold").newline()
    _sketch(s2, left + 60, f.y, right - 60, f.y + 1100, paper)
    f.y += 1200
    f.label("5. Ghi chú:", weight="bold").label("-/-").newline()
    f.label("6. Những thay đổi sau khi cấp Giấy chứng nhận", weight="bold").newline()
    _changes_table(s2, left, f.y, right, f.y + 1150, size)
    f.y += 1150 + size * 1.8
    f.label("Số vào sổ cấp Giấy chứng nhận:").value(paper.shown("registry_number"), "registry_number", weight="italic")
    f.newline(size * 0.5)
    note = Flow(s2, left, right, f.y, size=size * 0.72)
    note.label("Lưu ý:", weight="bold")
    _italic_note(
        note,
        "Người được cấp Giấy chứng nhận không được sửa chữa, tẩy xóa hoặc bổ sung bất kỳ nội dung nào trong Giấy "
        "chứng nhận; khi bị mất hoặc hư hỏng Giấy chứng nhận phải khai báo ngay với cơ quan cấp Giấy.",
    )
    end = note.end()
    return [page1, _finish(s2, 2, h - mm(10), end)]


RENDERERS: Final[dict[str, Callable[[Paper, Style, random.Random], list[RenderedPage]]]] = {
    "birth_certificate": birth_page,
    "birth_extract": birth_page,
    "marriage_certificate": marriage_page,
    "death_extract": death_page,
    "land_certificate_2014": land_2014_pages,
    "land_certificate_2024": land_2024_pages,
}


def render_paper(paper: Paper, rng: random.Random) -> list[RenderedPage]:
    """All pages of ``paper``, upright. Shrinks the type until the content fits (same ``rng`` state each try)."""
    seed = rng.randrange(2**32)
    style = Style.draw(random.Random(seed))
    for shrink in range(0, 12, 2):
        attempt = random.Random(seed + 1)
        sized = Style(**{**style.__dict__, "size": style.size - shrink})
        try:
            return RENDERERS[paper.type](paper, sized, attempt)
        except Overflow:
            continue
    raise RuntimeError(f"{paper.type}: content does not fit on the page")


__all__ = ["RenderedPage", "dmy", "render_paper"]
