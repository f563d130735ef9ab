"""Addresses consistent with a document date: three levels before 01/07/2025, two levels from then (spec §5).

Legacy units come from :mod:`samples.generator.places`; the 2025 units below are a small sample of real names
(34 provinces, a few communes each) copied from the 2025 register (``vietnam-provinces`` 2025.10.1 via the
project's gazetteer table). Not a complete register.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Final

from samples.generator import places

REFORM: Final = date(2025, 7, 1)

# (code, printed province, "commune|commune|…")
_UNITS_2025: Final[tuple[tuple[str, str, str], ...]] = (
    ("01", "Thành phố Hà Nội",
     "Xã Quảng Oai|Xã Hồng Sơn|Xã Thuận An|Xã Chương Dương|Phường Cầu Giấy|Phường Tùng Thiện|Phường Dương Nội"),
    ("04", "Tỉnh Cao Bằng",
     "Xã Nam Tuấn|Xã Thông Nông|Xã Bế Văn Đàn|Xã Quảng Uyên|Phường Nùng Trí Cao|Phường Tân Giang|Phường Thục Phán"),
    ("08", "Tỉnh Tuyên Quang",
     "Xã Phú Linh|Xã Nậm Dịch|Xã Bắc Quang|Xã Kiến Thiết|Phường An Tường|Phường Minh Xuân|Phường Hà Giang 2"),
    ("11", "Tỉnh Điện Biên",
     "Xã Mường Chà|Xã Thanh Yên|Xã Mường Nhà|Xã Na Sang|Phường Điện Biên Phủ|Phường Mường Lay|Phường Mường Thanh"),
    ("12", "Tỉnh Lai Châu",
     "Xã Bản Bo|Xã Mường Mô|Xã Bình Lư|Xã Tủa Sín Chải|Phường Tân Phong|Phường Đoàn Kết"),
    ("14", "Tỉnh Sơn La",
     "Xã Thuận Châu|Xã Kim Bon|Xã Co Mạ|Xã Ngọc Chiến|Phường Chiềng Sinh|Phường Chiềng An|Phường Mộc Sơn"),
    ("15", "Tỉnh Lào Cai",
     "Xã Tú Lệ|Xã Văn Chấn|Xã Gia Phú|Xã Nghĩa Đô|Phường Cầu Thia|Phường Yên Bái|Phường Âu Lâu"),
    ("19", "Tỉnh Thái Nguyên",
     "Xã Đại Từ|Xã Cao Minh|Xã Nghiên Loan|Xã Vĩnh Thông|Phường Sông Công|Phường Quan Triều|Phường Phúc Thuận"),
    ("20", "Tỉnh Lạng Sơn",
     "Xã Văn Lãng|Xã Kiên Mộc|Xã Quý Hòa|Xã Thất Khê|Phường Đông Kinh|Phường Lương Văn Tri|Phường Tam Thanh"),
    ("22", "Tỉnh Quảng Ninh",
     "Xã Hải Sơn|Xã Hải Lạng|Xã Cái Chiên|Xã Điền Xá|Phường Hà An|Phường Móng Cái 2|Phường Móng Cái 1"),
    ("24", "Tỉnh Bắc Ninh",
     "Xã Trường Sơn|Xã Yên Định|Xã Tam Giang|Xã Dương Hưu|Phường Nam Sơn|Phường Đồng Nguyên|Phường Vân Hà"),
    ("25", "Tỉnh Phú Thọ",
     "Xã Lạc Sơn|Xã Tiên Lữ|Xã Long Cốc|Xã Đà Bắc|Phường Thanh Miếu|Phường Hòa Bình|Phường Vân Phú"),
    ("31", "Thành phố Hải Phòng",
     "Xã Chí Minh|Xã Ninh Giang|Xã Thanh Hà|Xã Thanh Miện|Phường Trần Nhân Tông|Phường Phạm Sư Mạnh|Phường Trần Liễu"),
    ("33", "Tỉnh Hưng Yên",
     "Xã Tiên La|Xã Bắc Đông Quan|Xã Diên Hà|Xã Nam Đông Hưng|Phường Trần Hưng Đạo|Phường Mỹ Hào|Phường Hồng Châu"),
    ("37", "Tỉnh Ninh Bình",
     "Xã Đại Hoàng|Xã Yên Mạc|Xã Kim Sơn|Xã Xuân Giang|Phường Yên Thắng|Phường Tam Chúc|Phường Trường Thi"),
    ("38", "Tỉnh Thanh Hóa",
     "Xã Thành Vinh|Xã Các Sơn|Xã Tống Sơn|Xã Thường Xuân|Phường Nam Sầm Sơn|Phường Hải Bình|Phường Đào Duy Từ"),
    ("40", "Tỉnh Nghệ An",
     "Xã Bạch Ngọc|Xã Hạnh Lâm|Xã Tân Phú|Xã Lam Thành|Phường Quỳnh Mai|Phường Thành Vinh|Phường Tân Mai"),
    ("42", "Tỉnh Hà Tĩnh",
     "Xã Lộc Hà|Xã Đức Thọ|Xã Đức Minh|Xã Sơn Hồng|Phường Hoành Sơn|Phường Hà Huy Tập|Phường Hải Ninh"),
    ("44", "Tỉnh Quảng Trị",
     "Xã Tuyên Bình|Xã Nam Hải Lăng|Xã Hướng Hiệp|Xã Tuyên Sơn|Phường Đông Hà|Phường Đồng Hới|Phường Quảng Trị"),
    ("46", "Thành phố Huế",
     "Xã Nam Đông|Xã Phú Hồ|Xã Hưng Lộc|Xã A Lưới 5|Phường Hóa Châu|Phường Hương Trà|Phường Hương Thủy"),
    ("48", "Thành phố Đà Nẵng",
     "Xã Quế Phước|Xã Bà Nà|Xã Vu Gia|Xã Phú Thuận|Phường Hương Trà|Phường Hải Châu|Phường An Hải"),
    ("51", "Tỉnh Quảng Ngãi",
     "Xã Khánh Cường|Xã Thanh Bồng|Xã Đình Cương|Xã Sơn Mai|Phường Trương Quang Trọng|Phường Nghĩa Lộ|Phường Đức Phổ"),
    ("52", "Tỉnh Gia Lai",
     "Xã Đức Cơ|Xã Kon Chiêng|Xã Phù Mỹ Đông|Xã SRó|Phường Quy Nhơn Tây|Phường Tam Quan|Phường An Khê"),
    ("56", "Tỉnh Khánh Hòa",
     "Xã Phước Hậu|Xã Vạn Ninh|Xã Trung Khánh Vĩnh|Xã Ninh Phước|Phường Tây Nha Trang|Phường Hòa Thắng|"
     "Phường Đông Hải"),
    ("66", "Tỉnh Đắk Lắk",
     "Xã Ea Bá|Xã Pơng Drang|Xã Xuân Thọ|Xã Krông Năng|Phường Buôn Hồ|Phường Cư Bao|Phường Buôn Ma Thuột"),
    ("68", "Tỉnh Lâm Đồng",
     "Xã Hòa Thắng|Xã Quảng Tân|Xã Hàm Thuận Bắc|Xã Gia Hiệp|Phường Lâm Viên - Đà Lạt|Phường 2 Bảo Lộc|Phường B'Lao"),
    ("75", "Tỉnh Đồng Nai",
     "Xã An Phước|Xã Lộc Ninh|Xã Đại Phước|Xã Hưng Phước|Phường Long Khánh|Phường Trấn Biên|Phường An Lộc"),
    ("79", "Thành phố Hồ Chí Minh",
     "Xã Bàu Bàng|Xã Bắc Tân Uyên|Xã Phước Thành|Xã Hồ Tràm|Phường Bình Tiên|Phường Tân Bình|Phường Chợ Quán"),
    ("80", "Tỉnh Tây Ninh",
     "Xã Phước Vĩnh Tây|Xã Vĩnh Thạnh|Xã Thuận Mỹ|Xã Tân Hưng|Phường Bình Minh|Phường Tân Ninh|Phường Long An"),
    ("82", "Tỉnh Đồng Tháp",
     "Xã Tân Hương|Xã Tân Hộ Cơ|Xã Mỹ Đức Tây|Xã Bình Trưng|Phường Gò Công|Phường Cao Lãnh|Phường Mỹ Tho"),
    ("86", "Tỉnh Vĩnh Long",
     "Xã Tân Xuân|Xã Hưng Nhượng|Xã Phước Long|Xã Tân Long Hội|Phường Hòa Thuận|Phường Tân Hạnh|Phường An Hội"),
    ("91", "Tỉnh An Giang",
     "Xã Hòa Điền|Xã Vĩnh Hanh|Xã Phú Tân|Xã Cù Lao Giêng|Phường Tịnh Biên|Phường Thới Sơn|Phường Bình Đức"),
    ("92", "Thành phố Cần Thơ",
     "Xã Đông Hiệp|Xã Thạnh Quới|Xã Hồ Đắc Kiện|Xã Phụng Hiệp|Phường Phước Thới|Phường Mỹ Xuyên|Phường Ô Môn"),
    ("96", "Tỉnh Cà Mau",
     "Xã Hồng Dân|Xã Phan Ngọc Hiển|Xã Đá Bạc|Xã Khánh Lâm|Phường Vĩnh Trạch|Phường Láng Tròn|Phường Tân Thành"),
)  # fmt: skip
_SOUTH_2025: Final = frozenset({"68", "75", "79", "80", "82", "86", "91", "92", "96"})
_STREETS: Final = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hùng Vương", "Quang Trung", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Nguyễn Du", "Phan Chu Trinh", "Lê Duẩn", "Trần Phú", "Nguyễn Huệ", "Ngô Quyền", "Lê Hồng Phong", "Bà Triệu",
)  # fmt: skip
_HAMLETS: Final = (
    "Đông", "Tây", "Thượng", "Hạ", "Trung", "Phú Mỹ", "Tân Lập", "An Phú", "Bình An", "Hòa Bình", "Đồng Tâm",
    "Yên Phú", "Tiền Phong", "Phước Hòa", "Long Thạnh", "Mỹ Hòa", "Tân Hưng", "Nam Sơn", "Bắc Hà",
)  # fmt: skip


@dataclass(frozen=True)
class Locality:
    """One commune with its parents, printed with prefixes (``Xã Nghi Phong``, ``Huyện Nghi Lộc``, ``Tỉnh Nghệ An``)."""

    commune: str
    district: str | None  # None after the reform
    province: str
    south: bool

    @property
    def legacy(self) -> bool:
        return self.district is not None

    def units(self) -> list[str]:
        return [u for u in (self.commune, self.district, self.province) if u]

    def address(self, local: str | None = None) -> str:
        return ", ".join([*([local] if local else []), *self.units()])

    def lower_units(self) -> str:
        """``xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An`` (inside a sentence: lower-case unit words)."""
        return ", ".join(_lower_prefix(u) for u in self.units())


def _lower_prefix(unit: str) -> str:
    for prefix in ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Phường ", "Xã ", "Tỉnh ", "Đặc khu "):
        if unit.startswith(prefix):
            return prefix.lower() + unit[len(prefix) :]
    return unit


def bare(unit: str) -> str:
    """``Huyện Nghi Lộc`` → ``Nghi Lộc`` (numbered units keep their prefix)."""
    return places.bare(unit)


def legacy_locality(rng: random.Random, code: str | None = None) -> Locality:
    province = places.PROVINCES[code] if code else places.PROVINCES[rng.choice(sorted(places.PROVINCES))]
    district = rng.choice(province.districts)
    label = places.province_label(province, rng.choice(("full", "long"))) if province.city else f"Tỉnh {province.name}"
    return Locality(rng.choice(district.communes), district.name, label, province.south)


def locality_2025(rng: random.Random) -> Locality:
    code, province, communes = rng.choice(_UNITS_2025)
    label = province
    if province.startswith("Thành phố ") and rng.random() < 0.3:
        label = "TP. " + province.removeprefix("Thành phố ")
    return Locality(rng.choice(communes.split("|")), None, label, code in _SOUTH_2025)


def locality(rng: random.Random, when: date) -> Locality:
    """A commune valid on a document dated ``when``."""
    return locality_2025(rng) if when >= REFORM else legacy_locality(rng)


def local_part(rng: random.Random, where: Locality) -> str:
    """Hamlet, residential group or street address in front of the commune."""
    if where.commune.startswith("Xã "):
        if where.south:
            return rng.choice((f"Ấp {rng.choice(_HAMLETS)}", f"Ấp {rng.randint(1, 9)}"))
        return rng.choice((f"Thôn {rng.choice(_HAMLETS)}", f"Xóm {rng.randint(1, 15)}", f"Thôn {rng.randint(1, 9)}"))
    if rng.random() < 0.6:
        street = rng.choice(_STREETS)
        form = rng.random()
        if form < 0.5:
            return f"Số {rng.randint(1, 420)} {street}"
        if form < 0.8:
            return f"{rng.randint(1, 420)}/{rng.randint(1, 60)} {street}"
        return f"Số {rng.randint(1, 200)}, Ngõ {rng.randint(2, 180)} {street}"
    return rng.choice(("Tổ {n}", "Khu phố {n}", "Tổ dân phố {n}")).format(n=rng.randint(1, 30))


def address(rng: random.Random, when: date, *, local: bool = True) -> str:
    where = locality(rng, when)
    return where.address(local_part(rng, where) if local else None)
