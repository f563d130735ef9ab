"""Vietnamese personal names: common family, middle and given names with their diacritics (all synthetic)."""

from __future__ import annotations

import random
from typing import Final

# (family name, rough weight); Nguyễn alone is close to 40 % of the population.
FAMILY_NAMES: Final[tuple[tuple[str, float], ...]] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3.5), ("Huỳnh", 3), ("Phan", 4.5),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1),
    ("Lý", 0.5), ("Đinh", 0.8), ("Đoàn", 0.6), ("Trương", 0.6), ("Lâm", 0.4), ("Mai", 0.4), ("Cao", 0.4),
    ("Trịnh", 0.4), ("Hà", 0.5), ("Lương", 0.3), ("Tạ", 0.3), ("Tô", 0.2), ("Quách", 0.2), ("Châu", 0.2),
    ("Thái", 0.2), ("Kiều", 0.1), ("Khúc", 0.1), ("Ông", 0.1),
)  # fmt: skip

# Family names that are frequent in some ethnic groups.
FAMILY_BY_ETHNICITY: Final[dict[str, tuple[str, ...]]] = {
    "Tày": ("Nông", "Hoàng", "Lương", "Đàm", "Hà"),
    "Nùng": ("Nông", "Hoàng", "Lục", "Vi", "Chu"),
    "Thái": ("Lò", "Cầm", "Quàng", "Lường", "Vi", "Hà"),
    "Mường": ("Đinh", "Bùi", "Quách", "Hà", "Xa"),
    "Khmer": ("Thạch", "Danh", "Sơn", "Kim", "Lâm", "Chau"),
    "Hoa": ("Lý", "Trương", "Lâm", "Quách", "Châu", "Mã", "Tăng"),
}

MIDDLE_MALE: Final = (
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Đình", "Quang", "Xuân", "Ngọc", "Anh",
    "Trọng", "Gia", "Hoàng", "Duy", "Tiến", "Mạnh", "Thế", "Bá", "Nhật", "Khánh",
)  # fmt: skip
MIDDLE_FEMALE: Final = (
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Bích", "Kim", "Mỹ", "Thùy", "Hồng", "Phương",
    "Hoài", "Diệu", "Khánh", "Quỳnh", "Bảo", "Tuyết", "Hải", "Thúy",
)  # fmt: skip
# Second middle names used after "Văn"/"Thị" ("Trần Thị Bích Ngọc").
SECOND_MIDDLE_MALE: Final = ("Minh", "Hữu", "Đức", "Quốc", "Thành", "Anh", "Hoàng", "Tuấn", "Ngọc")
SECOND_MIDDLE_FEMALE: Final = ("Bích", "Thu", "Kim", "Ngọc", "Thanh", "Minh", "Hồng", "Mỹ", "Thùy", "Cẩm", "Diễm")

GIVEN_MALE: Final = (
    "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy",
    "Hưng", "Khang", "Khánh", "Khoa", "Khôi", "Kiên", "Lâm", "Long", "Lộc", "Lực", "Minh", "Nam", "Nghĩa",
    "Nguyên", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Quý", "Sơn", "Tài", "Tâm", "Thắng", "Thành",
    "Thịnh", "Thuận", "Toàn", "Trí", "Trung", "Trường", "Tú", "Tuấn", "Việt", "Vinh", "Vũ", "Đông", "Hậu",
    "Lượng", "Tiến", "Thiện", "Mạnh", "Quyết",
)  # fmt: skip
GIVEN_FEMALE: Final = (
    "Anh", "Ánh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hồng",
    "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt",
    "Nhung", "Oanh", "Phương", "Phượng", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thủy", "Thúy", "Trang",
    "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Diệp", "Khuê", "Hường", "Nhàn", "Thư", "Ngoan",
)  # fmt: skip


def family_name(rng: random.Random, ethnicity: str) -> str:
    special = FAMILY_BY_ETHNICITY.get(ethnicity)
    if special and rng.random() < 0.75:
        return rng.choice(special)
    names = [n for n, _ in FAMILY_NAMES]
    weights = [w for _, w in FAMILY_NAMES]
    return rng.choices(names, weights)[0]


def full_name(rng: random.Random, sex: str, ethnicity: str = "Kinh") -> str:
    """Mixed-case name with diacritics, e.g. ``"Trần Thị Bích Ngọc"`` (3 or 4 words, rarely 5)."""
    male = sex == "Nam"
    parts = [family_name(rng, ethnicity)]
    middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
    parts.append(middle)
    if rng.random() < 0.3:
        second = rng.choice(SECOND_MIDDLE_MALE if male else SECOND_MIDDLE_FEMALE)
        if second != middle:
            parts.append(second)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    if given == parts[-1]:
        given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    parts.append(given)
    if rng.random() < 0.03:  # a few people carry the mother's family name too: "Nguyễn Lê Minh Anh"
        parts.insert(1, family_name(rng, "Kinh"))
    return " ".join(parts)
