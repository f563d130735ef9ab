"""Per-type card layouts (domain spec §1.1, §1.3, §1.4, §1.5): what is printed where, with the real labels.

Coordinates are pixels of the 1012 × 638 canonical card; y values are text baselines. The :class:`Painter` adds the
per-card jitter and records the box of every field value.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from samples.generator import artwork, codes, fonts
from samples.generator.mrz import build_td1
from samples.generator.people import CardIssue, Person
from samples.generator.render import CARD_H, CARD_W, RED, Layout, Painter

NATIONALITY: Final = "Việt Nam"
NO_EXPIRY_TEXT: Final = "Không thời hạn"
MOTTO_VI: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MOTTO_EN: Final = ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness")


def dmy(day: date, sep: str = "/") -> str:
    return day.strftime(f"%d{sep}%m{sep}%Y")


def expiry_text(card: CardIssue) -> str:
    return NO_EXPIRY_TEXT if card.expiry is None else dmy(card.expiry)


# Shared pieces --------------------------------------------------------------------------------------------------------


def motto(p: Painter, cx: float, y: float, max_width: float, *, english: bool, size: int = 19) -> None:
    p.centered(cx, y, MOTTO_VI[0], size, max_width=max_width)
    box = p.centered(cx, y + size + 6, MOTTO_VI[1], size - 1, max_width=max_width)
    if not english:
        p.draw.line((box[0] + 4, box[3] + 4, box[2] - 4, box[3] + 4), fill=p.style.label_color, width=2)
        return
    p.centered(cx, y + 2 * size + 8, MOTTO_EN[0], size - 5, max_width=max_width)
    p.centered(cx, y + 3 * size + 7, MOTTO_EN[1], size - 5, "regular", max_width=max_width)


def finger_box(p: Painter, x: float, y: float, w: int, h: int, vietnamese: str, english: str | None = None) -> None:
    x0, y0 = p.x(x), p.y(y)
    p.draw.rectangle((x0, y0, x0 + w, y0 + h), outline=p.style.label_color, width=2)
    p.centered(x + w / 2, y + 20, vietnamese, 13, max_width=w - 8)
    if english:
        p.centered(x + w / 2, y + 36, english, 11, "italic", max_width=w - 8)
    top = 44 if english else 28
    p.paste(artwork.fingerprint(p.rng, w - 24, h - top - 10), x0 + 12, y0 + top, jitter=False)


def signature_block(
    p: Painter, cx: float, y: float, titles: tuple[str, ...], signer: str, *, title_size: int = 16, gap: int = 120
) -> None:
    """Issuer title lines centred on ``cx`` from baseline ``y``, then signature, seal and signer name."""
    for i, title in enumerate(titles):
        p.centered(cx, y + i * (title_size + 4), title, title_size, max_width=470)
    top = y + len(titles) * (title_size + 4)
    diameter = min(gap + 10, 118)
    p.paste(artwork.seal(p.rng, diameter), cx - diameter - 5, top - 12)
    p.paste(artwork.signature(p.rng, 170, max(40, gap - 40)), cx - 60, top + 6)
    p.centered(cx, top + gap, signer, title_size + 2, "bold")


def mrz(p: Painter, person: Person, card: CardIssue, first_baseline: float, pitch: float = 62) -> None:
    lines = build_td1(person.pin, person.full_name, person.dob, person.sex, card.expiry)
    font = fonts.load(fonts.mrz_font_file(), 42)
    width = p.width(lines[0], font)
    x = p.x((CARD_W - width) / 2)
    for i, line in enumerate(lines):
        p.record("mrz", p.text(x, p.y(first_baseline + i * pitch), line, font, (16, 16, 20)))


def issuer_lines(issuer: str) -> tuple[str, ...]:
    """Split a long authority title onto two lines after "CỤC CẢNH SÁT" (as printed)."""
    marker = "CỤC CẢNH SÁT "
    if marker in issuer:
        head, tail = issuer.split(marker, 1)
        return (head + marker.strip(), tail)
    return (issuer,)


# CMND -----------------------------------------------------------------------------------------------------------------


def cmnd_front(p: Painter, person: Person, card: CardIssue) -> None:
    p.paste(artwork.emblem(150), 95, 22)
    p.paste(artwork.face_photo(p.rng, 200, 266), 70, 214)
    cx = 670
    motto(p, cx, 46, 600, english=False, size=19)
    p.centered(cx, 136, "GIẤY CHỨNG MINH NHÂN DÂN", 30, color=RED, max_width=610)
    x0, right = 372, 985
    end = p.label(x0, 212, "Số", 24, "bold")
    number = person.old_cmnd or ""
    p.value("id_number", end + 28, 214, number, 36, "bold", RED, raw_x=True, spacing=5)
    name_label = "Họ tên" if p.rng.random() < 0.8 else "Họ và tên"
    end = p.label(x0, 282, name_label, 21)
    y = p.flow("full_name", end, 282, person.upper_name, 24, left=x0, right=right, line_height=33, max_lines=2,
               weight="bold", dots=True)  # fmt: skip
    if y == 282:
        p.dots(p.x(x0), p.x(right), 315)
    end = p.label(x0, 368, "Sinh ngày", 21)
    p.dots(end + 4, p.x(right), 368)
    p.value("date_of_birth", end + 14, 368, dmy(person.dob, "-"), 23, raw_x=True)
    end = p.label(x0, 424, "Nguyên quán", 21)
    y = p.flow("place_of_origin", end, 424, person.place_of_origin, 23, left=x0, right=right, line_height=33,
               dots=True)  # fmt: skip
    y = max(y, 457) + 52
    end = p.label(x0, y, "Nơi ĐKHK thường trú", 21)
    p.flow("place_of_residence", end, y, person.place_of_residence, 23, left=x0, right=right, line_height=33,
           dots=True)  # fmt: skip


def cmnd_back(p: Painter, person: Person, card: CardIssue) -> None:
    x0 = 40
    end = p.label(x0, 64, "Dân tộc:", 21)
    p.dots(end + 4, p.x(470), 64)
    p.value("ethnicity", end + 12, 64, person.ethnicity, 23, raw_x=True)
    end = p.label(520, 64, "Tôn giáo:", 21)
    p.dots(end + 4, p.x(985), 64)
    p.value("religion", end + 12, 64, person.religion, 23, raw_x=True)
    p.label(x0, 118, "DẤU VẾT RIÊNG VÀ DỊ HÌNH", 20, "bold")
    for i in range(2):
        baseline = 156 + i * 36
        p.dots(p.x(x0), p.x(985), baseline)
        if i < len(person.marks):
            p.value("personal_identification", x0 + 8, baseline, person.marks[i], 22, max_right=980)
    finger_box(p, 30, 250, 160, 350, "NGÓN TRỎ TRÁI")
    finger_box(p, 200, 250, 160, 350, "NGÓN TRỎ PHẢI")
    # "Ngày .. tháng .. năm ...." with the numbers typed on the dots.
    x = 430.0
    day = card.issue_date
    for word, number in (("Ngày", f"{day.day:02d}"), ("tháng", f"{day.month:02d}"), ("năm", f"{day.year}")):
        end = p.label(x, 300, word, 21)
        p.dots(end + 3, end + 20 + 14 * len(number), 300)
        x = p.value("issue_date", end + 10, 300, number, 23, raw_x=True) + 12 - p.style.dx
    signature_block(p, 700, 348, (card.issuer,), card.signer, title_size=19, gap=130)


# CCCD 2016 (barcode) -------------------------------------------------------------------------------------------------


def cccd_2016_front(p: Painter, person: Person, card: CardIssue) -> None:
    p.paste(artwork.emblem(150), 62, 22)
    p.paste(artwork.face_photo(p.rng, 214, 300), 42, 198)
    end = p.label(40, 552, "Có giá trị đến:", 17)
    p.value("date_of_expiry", end + 8, 552, expiry_text(card), 20, raw_x=True, max_right=272)
    cx = 620
    motto(p, cx, 52, 660, english=False, size=21)
    p.centered(cx, 146, "CĂN CƯỚC CÔNG DÂN", 38, color=RED, max_width=640)
    x0, right = 292, 988
    end = p.label(x0, 222, "Số:", 21, "bold")
    p.value("id_number", end + 14, 224, person.pin, 32, "bold", RED, raw_x=True)
    end = p.label(x0, 276, "Họ và tên:", 20)
    y = p.flow("full_name", end, 276, person.upper_name, 24, left=x0, right=right, line_height=32, weight="bold")
    y += 46
    end = p.label(x0, y, "Ngày, tháng, năm sinh:", 20)
    p.value("date_of_birth", end + 10, y, dmy(person.dob), 23, raw_x=True)
    y += 44
    end = p.label(x0, y, "Giới tính:", 20)
    p.value("sex", end + 10, y, person.sex, 23, raw_x=True)
    end = p.label(620, y, "Quốc tịch:", 20)
    p.value("nationality", end + 10, y, NATIONALITY, 23, raw_x=True)
    y += 44
    end = p.label(x0, y, "Quê quán:", 20)
    y = p.flow("place_of_origin", end, y, person.place_of_origin, 23, left=x0, right=right, line_height=31)
    y += 42
    end = p.label(x0, y, "Nơi thường trú:", 20)
    p.flow("place_of_residence", end, y, person.place_of_residence, 23, left=x0, right=right, line_height=31)


def cccd_2016_back(p: Painter, person: Person, card: CardIssue) -> None:
    barcode = codes.pdf417_bitmap(codes.barcode_2016_payload(person, card), 900, 112)
    p.gray_bitmap(barcode, 56, 24)
    finger_box(p, 46, 160, 200, 222, "Ngón trỏ trái")
    finger_box(p, 46, 392, 200, 222, "Ngón trỏ phải")
    x0, right = 360, 985
    end = p.label(x0, 202, "Đặc điểm nhân dạng:", 20)
    p.flow("personal_identification", end, 202, " ".join(person.marks), 22, left=x0, right=right, line_height=30)
    day = card.issue_date
    x = 500.0
    for word, number in (("Ngày", f"{day.day:02d}"), ("tháng", f"{day.month:02d}"), ("năm", f"{day.year}")):
        end = p.label(x, 306, word, 20, "italic")
        x = p.value("issue_date", end + 8, 306, number, 22, raw_x=True) + 10 - p.style.dx
    signature_block(p, 672, 348, issuer_lines(card.issuer), card.signer, title_size=17, gap=150)


# CCCD 2021 (chip) ---------------------------------------------------------------------------------------------------


def cccd_2021_front(p: Painter, person: Person, card: CardIssue) -> None:
    p.paste(artwork.emblem(136), 30, 28)
    p.paste(artwork.face_photo(p.rng, 224, 320), 40, 190)
    qr = codes.qr_bitmap(codes.qr_payload(person, card), 180)
    qr_x = CARD_W - 24 - qr.shape[1]
    p.gray_bitmap(qr, qr_x, 24, ("qr", "old_id_number"))
    cx = (186 + qr_x) / 2
    motto(p, cx, 46, qr_x - 200, english=True)
    p.centered(cx, 152, "CĂN CƯỚC CÔNG DÂN", 32, color=RED, max_width=qr_x - 200)
    p.centered(cx, 177, "Citizen Identity Card", 17, max_width=qr_x - 200)
    x0, right = 290, 990
    end = p.bilingual(x0, 248, "Số", "No.", 17)
    p.value("id_number", end + 12, 250, person.pin, 30, "bold", raw_x=True)
    end = p.bilingual(x0, 286, "Họ và tên", "Full name", 17)
    p.flow("full_name", end, 286, person.upper_name, 26, left=x0, right=right, line_height=34, max_lines=1,
           first_line=False, weight="bold")  # fmt: skip
    end = p.bilingual(x0, 358, "Ngày sinh", "Date of birth", 17)
    p.value("date_of_birth", end + 10, 358, dmy(person.dob), 23, raw_x=True)
    end = p.bilingual(x0, 394, "Giới tính", "Sex", 17)
    p.value("sex", end + 10, 394, person.sex, 23, raw_x=True)
    end = p.bilingual(590, 394, "Quốc tịch", "Nationality", 17)
    p.value("nationality", end + 10, 394, NATIONALITY, 23, raw_x=True)
    end = p.bilingual(x0, 430, "Quê quán", "Place of origin", 17)
    y = p.flow("place_of_origin", end, 430, person.place_of_origin, 23, left=x0, right=right, line_height=30)
    y += 36
    end = p.bilingual(x0, y, "Nơi thường trú", "Place of residence", 17)
    p.flow("place_of_residence", end, y, person.place_of_residence, 23, left=x0, right=right, line_height=30)
    end = p.label(36, 568, "Có giá trị đến:", 15)
    p.label(36, 588, "Date of expiry", 13, "italic")
    p.value("date_of_expiry", end + 8, 574, expiry_text(card), 19, raw_x=True, max_right=284)


def cccd_2021_back(p: Painter, person: Person, card: CardIssue) -> None:
    p.paste(artwork.chip(124, 96), 42, 40)
    x_marks, right = 186, 640
    end = p.bilingual(x_marks, 62, "Đặc điểm nhân dạng", "Personal identification", 16)
    p.flow("personal_identification", end, 62, " ".join(person.marks), 20, left=x_marks, right=right, line_height=27,
           first_line=False)  # fmt: skip
    end = p.bilingual(40, 176, "Ngày, tháng, năm", "Date, month, year", 16)
    p.value("issue_date", end + 10, 176, dmy(card.issue_date), 21, raw_x=True)
    titles = (*issuer_lines(card.issuer),)
    for i, title in enumerate(titles):
        p.centered(340, 208 + i * 19, title, 15, max_width=560)
    p.centered(340, 246, "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", 11, "regular", max_width=560)
    p.centered(340, 260, "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER", 11, "regular", max_width=560)
    p.paste(artwork.seal(p.rng, 100), 200, 262)
    p.paste(artwork.signature(p.rng, 170, 58), 285, 280)
    p.centered(340, 372, card.signer, 17, "bold")
    finger_box(p, 662, 32, 150, 300, "Ngón trỏ trái", "Left index finger")
    finger_box(p, 828, 32, 150, 300, "Ngón trỏ phải", "Right index finger")
    mrz(p, person, card, 462)


# Căn cước 2024 --------------------------------------------------------------------------------------------------------


def can_cuoc_2024_front(p: Painter, person: Person, card: CardIssue) -> None:
    p.paste(artwork.emblem(128), 34, 28)
    p.paste(artwork.face_photo(p.rng, 224, 320), 40, 200)
    p.paste(artwork.chip(118, 92), 862, 44)
    cx = 520
    motto(p, cx, 46, 600, english=True)
    p.centered(cx, 156, "CĂN CƯỚC", 36, color=RED, max_width=600)
    p.centered(cx, 182, "IDENTITY CARD", 18, max_width=600)
    x0, right = 292, 990
    p.bilingual(x0, 252, "Số định danh cá nhân", "Personal identification number", 17)
    p.value("id_number", x0, 292, person.pin, 31, "bold")
    p.bilingual(x0, 338, "Họ, chữ đệm và tên khai sinh", "Full name", 17)
    p.value("full_name", x0, 374, person.upper_name, 26, "bold", max_right=right)
    end = p.bilingual(x0, 428, "Ngày, tháng, năm sinh", "Date of birth", 17)
    p.value("date_of_birth", end + 10, 428, dmy(person.dob), 23, raw_x=True)
    end = p.bilingual(x0, 486, "Giới tính", "Sex", 17)
    p.value("sex", end + 10, 486, person.sex, 23, raw_x=True)
    end = p.bilingual(600, 486, "Quốc tịch", "Nationality", 17)
    p.value("nationality", end + 10, 486, NATIONALITY, 23, raw_x=True)


def can_cuoc_2024_back(p: Painter, person: Person, card: CardIssue) -> None:
    qr = codes.qr_bitmap(codes.qr_payload(person, card), 200)
    qr_x = CARD_W - 26 - qr.shape[1]
    p.gray_bitmap(qr, qr_x, 20, ("qr", "old_id_number"))
    x0, right = 40, qr_x - 20
    end = p.bilingual(x0, 40, "Nơi cư trú", "Place of residence", 17)
    y = p.flow("place_of_residence", end, 40, person.place_of_residence, 21, left=x0, right=right, line_height=28,
               first_line=False)  # fmt: skip
    y = max(y + 40, 140)
    end = p.bilingual(x0, y, "Nơi đăng ký khai sinh", "Place of birth", 17)
    p.flow("place_of_birth_registration", end, y, person.place_of_birth_registration, 21, left=x0, right=right,
           line_height=28, first_line=False)  # fmt: skip
    end = p.bilingual(x0, 268, "Ngày, tháng, năm cấp", "Date of issue", 17)
    p.value("issue_date", end + 10, 268, dmy(card.issue_date), 21, raw_x=True)
    end = p.bilingual(x0, 320, "Ngày, tháng, năm hết hạn", "Date of expiry", 17)
    p.value("date_of_expiry", end + 10, 320, expiry_text(card), 21, raw_x=True, max_right=qr_x + 10)
    cx = qr_x + qr.shape[1] / 2 - 20
    p.centered(cx, 262, "BỘ CÔNG AN", 18, max_width=250)
    p.centered(cx, 280, "MINISTRY OF PUBLIC SECURITY", 12, max_width=250)
    p.paste(artwork.seal(p.rng, 92), cx - 118, 290)
    p.paste(artwork.signature(p.rng, 140, 50), cx - 40, 304)
    p.centered(cx, 404, card.signer, 16, "bold", max_width=250)
    mrz(p, person, card, 464)


LAYOUTS: Final[dict[str, Layout]] = {
    "cmnd_front": cmnd_front,
    "cmnd_back": cmnd_back,
    "cccd_2016_front": cccd_2016_front,
    "cccd_2016_back": cccd_2016_back,
    "cccd_2021_front": cccd_2021_front,
    "cccd_2021_back": cccd_2021_back,
    "can_cuoc_2024_front": can_cuoc_2024_front,
    "can_cuoc_2024_back": can_cuoc_2024_back,
}

assert CARD_H == 638  # layouts above are drawn for the canonical height
