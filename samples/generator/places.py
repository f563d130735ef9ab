"""Hand-written table of legacy (pre-2025, three-level) Vietnamese administrative units and address builders.

A sample of real province / district / commune names, enough to make addresses look right; it is not a
complete or authoritative register. Province codes are the PIN codes of domain spec §1.8.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class District:
    name: str  # with its prefix: "Huyện Nghi Lộc", "Quận 1", "Thành phố Vinh"
    communes: tuple[str, ...]  # with prefix: "Xã Nghi Phong", "Phường Bến Nghé"


@dataclass(frozen=True)
class Province:
    code: str  # 3-digit PIN province code
    name: str  # bare name: "Nghệ An"
    city: bool  # centrally-run city (printed "TP. …" / "Thành phố …")
    south: bool  # hamlets are "Ấp" in the south, "Thôn"/"Xóm" elsewhere
    districts: tuple[District, ...]
    streets: tuple[str, ...]


_GENERIC_STREETS: Final = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hùng Vương",
    "Quang Trung",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Nguyễn Du",
    "Phan Chu Trinh",
    "Lê Duẩn",
    "Trần Phú",
    "Nguyễn Huệ",
    "Điện Biên Phủ",
    "Ngô Quyền",
    "Lê Hồng Phong",
    "Nguyễn Thị Minh Khai",
    "Bà Triệu",
    "Phạm Văn Đồng",
)

# code, name, city, south, {district: "commune|commune|…"}, streets ("" → generic list)
_RAW: Final[tuple[tuple[str, str, bool, bool, dict[str, str], str], ...]] = (
    ("001", "Hà Nội", True, False, {
        "Quận Ba Đình": "Phường Kim Mã|Phường Ngọc Hà|Phường Điện Biên|Phường Cống Vị|Phường Liễu Giai",
        "Quận Hoàn Kiếm": "Phường Hàng Bạc|Phường Hàng Trống|Phường Tràng Tiền|Phường Phúc Tân",
        "Quận Đống Đa": "Phường Văn Miếu|Phường Láng Thượng|Phường Ô Chợ Dừa|Phường Khâm Thiên",
        "Quận Cầu Giấy": "Phường Dịch Vọng|Phường Nghĩa Đô|Phường Quan Hoa|Phường Yên Hòa",
        "Huyện Đông Anh": "Xã Uy Nỗ|Xã Cổ Loa|Xã Vân Hà|Xã Kim Chung",
        "Huyện Sóc Sơn": "Xã Phù Linh|Xã Minh Trí|Xã Tiên Dược",
    }, "Phố Huế|Đường Láng|Phố Kim Mã|Đường Giải Phóng|Phố Tôn Đức Thắng|Đường Nguyễn Trãi|Phố Chùa Bộc|"
       "Đường Xuân Thủy"),
    ("002", "Hà Giang", False, False, {
        "Huyện Đồng Văn": "Xã Lũng Cú|Xã Sủng Là|Xã Má Lé",
        "Huyện Bắc Quang": "Xã Việt Vinh|Xã Tân Quang|Xã Hùng An",
        "Thành phố Hà Giang": "Phường Minh Khai|Phường Nguyễn Trãi",
    }, ""),
    ("004", "Cao Bằng", False, False, {
        "Huyện Hòa An": "Xã Hồng Việt|Xã Bế Triều|Xã Dân Chủ",
        "Huyện Trùng Khánh": "Xã Đàm Thủy|Xã Chí Viễn|Xã Ngọc Khê",
        "Thành phố Cao Bằng": "Phường Sông Hiến|Phường Hợp Giang",
    }, ""),
    ("008", "Tuyên Quang", False, False, {
        "Huyện Sơn Dương": "Xã Tân Trào|Xã Hợp Thành|Xã Kháng Nhật",
        "Thành phố Tuyên Quang": "Phường Minh Xuân|Phường Phan Thiết|Phường Tân Quang",
    }, ""),
    ("010", "Lào Cai", False, False, {
        "Huyện Bát Xát": "Xã Y Tý|Xã A Mú Sung|Xã Quang Kim",
        "Thị xã Sa Pa": "Xã Tả Van|Xã Tả Phìn|Xã Bản Hồ",
        "Thành phố Lào Cai": "Phường Cốc Lếu|Phường Duyên Hải|Phường Kim Tân",
    }, ""),
    ("011", "Điện Biên", False, False, {
        "Thành phố Điện Biên Phủ": "Phường Him Lam|Phường Mường Thanh|Phường Tân Thanh",
        "Huyện Điện Biên": "Xã Thanh Xương|Xã Thanh An|Xã Thanh Chăn",
    }, ""),
    ("014", "Sơn La", False, False, {
        "Thành phố Sơn La": "Phường Chiềng Lề|Phường Quyết Thắng|Phường Tô Hiệu",
        "Huyện Mộc Châu": "Xã Chiềng Sơn|Xã Đông Sang|Xã Tân Lập",
        "Huyện Mai Sơn": "Xã Chiềng Mung|Xã Mường Bon|Xã Cò Nòi",
    }, ""),
    ("015", "Yên Bái", False, False, {
        "Huyện Mù Cang Chải": "Xã La Pán Tẩn|Xã Chế Cu Nha",
        "Thành phố Yên Bái": "Phường Đồng Tâm|Phường Yên Ninh|Phường Minh Tân",
    }, ""),
    ("017", "Hòa Bình", False, False, {
        "Thành phố Hòa Bình": "Phường Phương Lâm|Phường Đồng Tiến|Phường Tân Thịnh",
        "Huyện Lương Sơn": "Xã Lâm Sơn|Xã Cư Yên|Xã Liên Sơn",
    }, ""),
    ("019", "Thái Nguyên", False, False, {
        "Thành phố Thái Nguyên": "Phường Hoàng Văn Thụ|Phường Phan Đình Phùng|Phường Quang Trung|Phường Tân Thịnh",
        "Huyện Đại Từ": "Xã Tân Linh|Xã La Bằng|Xã Hoàng Nông",
        "Huyện Phú Lương": "Xã Yên Lạc|Xã Vô Tranh|Xã Phấn Mễ",
    }, ""),
    ("020", "Lạng Sơn", False, False, {
        "Thành phố Lạng Sơn": "Phường Chi Lăng|Phường Hoàng Văn Thụ|Phường Tam Thanh|Phường Vĩnh Trại",
        "Huyện Hữu Lũng": "Xã Minh Sơn|Xã Đồng Tân|Xã Hồ Sơn",
    }, ""),
    ("022", "Quảng Ninh", False, False, {
        "Thành phố Hạ Long": "Phường Bãi Cháy|Phường Hồng Gai|Phường Hà Tu|Phường Cao Xanh",
        "Thành phố Uông Bí": "Phường Quang Trung|Phường Thanh Sơn|Phường Yên Thanh",
        "Huyện Vân Đồn": "Xã Quan Lạn|Xã Minh Châu|Xã Bản Sen",
    }, ""),
    ("024", "Bắc Giang", False, False, {
        "Huyện Lục Ngạn": "Xã Quý Sơn|Xã Giáp Sơn|Xã Phượng Sơn",
        "Huyện Yên Thế": "Xã Phồn Xương|Xã Đồng Kỳ|Xã Tam Tiến",
        "Thành phố Bắc Giang": "Phường Trần Phú|Phường Ngô Quyền|Phường Hoàng Văn Thụ",
    }, ""),
    ("025", "Phú Thọ", False, False, {
        "Thành phố Việt Trì": "Phường Gia Cẩm|Phường Nông Trang|Phường Tiên Cát",
        "Huyện Thanh Sơn": "Xã Địch Quả|Xã Thục Luyện|Xã Võ Miếu",
    }, ""),
    ("026", "Vĩnh Phúc", False, False, {
        "Thành phố Vĩnh Yên": "Phường Liên Bảo|Phường Ngô Quyền|Phường Tích Sơn",
        "Huyện Tam Đảo": "Xã Đạo Trù|Xã Hồ Sơn|Xã Đại Đình",
        "Huyện Lập Thạch": "Xã Tử Du|Xã Triệu Đề|Xã Liên Hòa",
    }, ""),
    ("027", "Bắc Ninh", False, False, {
        "Thành phố Bắc Ninh": "Phường Suối Hoa|Phường Vệ An|Phường Đại Phúc|Phường Kinh Bắc",
        "Huyện Gia Bình": "Xã Đại Lai|Xã Đông Cứu|Xã Nhân Thắng",
        "Huyện Yên Phong": "Xã Đông Phong|Xã Dũng Liệt|Xã Văn Môn",
    }, ""),
    ("030", "Hải Dương", False, False, {
        "Thành phố Hải Dương": "Phường Trần Hưng Đạo|Phường Quang Trung|Phường Nguyễn Trãi|Phường Bình Hàn",
        "Huyện Gia Lộc": "Xã Gia Khánh|Xã Đoàn Thượng|Xã Toàn Thắng",
        "Huyện Thanh Miện": "Xã Đoàn Tùng|Xã Lam Sơn|Xã Ngũ Hùng",
    }, ""),
    ("031", "Hải Phòng", True, False, {
        "Quận Lê Chân": "Phường An Biên|Phường Dư Hàng Kênh|Phường Trại Cau",
        "Quận Ngô Quyền": "Phường Máy Tơ|Phường Lạch Tray|Phường Đông Khê",
        "Huyện Thủy Nguyên": "Xã Lập Lễ|Xã Thủy Sơn|Xã Tam Hưng",
        "Huyện Tiên Lãng": "Xã Tiên Thanh|Xã Quang Phục|Xã Đoàn Lập",
    }, "Đường Lạch Tray|Đường Tô Hiệu|Đường Lê Lợi|Đường Trần Nguyên Hãn"),
    ("033", "Hưng Yên", False, False, {
        "Huyện Văn Giang": "Xã Phụng Công|Xã Xuân Quan|Xã Cửu Cao",
        "Huyện Khoái Châu": "Xã Dạ Trạch|Xã Bình Minh|Xã Đông Tảo",
        "Thành phố Hưng Yên": "Phường Lê Lợi|Phường Hiến Nam|Phường An Tảo",
    }, ""),
    ("034", "Thái Bình", False, False, {
        "Huyện Vũ Thư": "Xã Song Lãng|Xã Tam Quang|Xã Hồng Lý",
        "Huyện Tiền Hải": "Xã Nam Thịnh|Xã Đông Trà|Xã Tây Giang",
        "Thành phố Thái Bình": "Phường Đề Thám|Phường Lê Hồng Phong|Phường Kỳ Bá",
    }, ""),
    ("035", "Hà Nam", False, False, {
        "Huyện Lý Nhân": "Xã Nhân Hậu|Xã Chân Lý|Xã Đạo Lý",
        "Huyện Kim Bảng": "Xã Thanh Sơn|Xã Khả Phong|Xã Ngọc Sơn",
        "Thành phố Phủ Lý": "Phường Minh Khai|Phường Lương Khánh Thiện|Phường Hai Bà Trưng",
    }, ""),
    ("036", "Nam Định", False, False, {
        "Huyện Hải Hậu": "Xã Hải Đông|Xã Hải Lý|Xã Hải Quang|Xã Hải Minh",
        "Huyện Giao Thủy": "Xã Giao Thiện|Xã Giao An|Xã Bạch Long",
        "Thành phố Nam Định": "Phường Trần Hưng Đạo|Phường Vị Xuyên|Phường Năng Tĩnh",
    }, ""),
    ("037", "Ninh Bình", False, False, {
        "Huyện Hoa Lư": "Xã Trường Yên|Xã Ninh Hải|Xã Ninh Xuân",
        "Huyện Kim Sơn": "Xã Kim Chính|Xã Lưu Phương|Xã Kim Đông",
        "Thành phố Ninh Bình": "Phường Đông Thành|Phường Vân Giang|Phường Thanh Bình",
    }, ""),
    ("038", "Thanh Hóa", False, False, {
        "Huyện Hoằng Hóa": "Xã Hoằng Phụ|Xã Hoằng Trường|Xã Hoằng Thắng",
        "Huyện Thọ Xuân": "Xã Xuân Lập|Xã Thọ Diên|Xã Xuân Bái",
        "Huyện Quảng Xương": "Xã Quảng Nhân|Xã Quảng Hải|Xã Quảng Ngọc",
        "Thành phố Thanh Hóa": "Phường Điện Biên|Phường Lam Sơn|Phường Ba Đình|Phường Đông Thọ",
    }, ""),
    ("040", "Nghệ An", False, False, {
        "Huyện Nghi Lộc": "Xã Nghi Phong|Xã Nghi Thái|Xã Nghi Trung|Xã Nghi Long",
        "Huyện Nam Đàn": "Xã Kim Liên|Xã Nam Cát|Xã Hùng Tiến",
        "Huyện Diễn Châu": "Xã Diễn Kim|Xã Diễn Thành|Xã Diễn Hải",
        "Thành phố Vinh": "Phường Hưng Bình|Phường Lê Lợi|Phường Trường Thi|Phường Bến Thủy",
    }, "Đường Lê Lợi|Đường Quang Trung|Đường Nguyễn Du|Đường Trường Chinh"),
    ("042", "Hà Tĩnh", False, False, {
        "Huyện Can Lộc": "Xã Tùng Lộc|Xã Thiên Lộc|Xã Vượng Lộc",
        "Huyện Cẩm Xuyên": "Xã Cẩm Hưng|Xã Cẩm Nhượng|Xã Cẩm Thạch",
        "Thành phố Hà Tĩnh": "Phường Bắc Hà|Phường Nam Hà|Phường Tân Giang",
    }, ""),
    ("044", "Quảng Bình", False, False, {
        "Huyện Lệ Thủy": "Xã Hoa Thủy|Xã Sen Thủy|Xã Phong Thủy",
        "Huyện Quảng Trạch": "Xã Quảng Đông|Xã Quảng Phú|Xã Quảng Hưng",
        "Thành phố Đồng Hới": "Phường Hải Đình|Phường Đồng Mỹ|Phường Nam Lý|Phường Bắc Lý",
    }, ""),
    ("045", "Quảng Trị", False, False, {
        "Huyện Gio Linh": "Xã Trung Giang|Xã Gio Mỹ|Xã Gio Hải",
        "Thành phố Đông Hà": "Phường 1|Phường 5|Phường Đông Lương",
    }, ""),
    ("046", "Thừa Thiên Huế", False, False, {
        "Thành phố Huế": "Phường Phú Hội|Phường Vĩnh Ninh|Phường Thuận Thành|Phường Tây Lộc",
        "Huyện Phú Vang": "Xã Phú Thuận|Xã Vinh Thanh|Xã Phú Diên",
        "Huyện Phong Điền": "Xã Phong Hiền|Xã Phong Chương|Xã Điền Hải",
    }, "Đường Lê Lợi|Đường Hùng Vương|Đường Trần Hưng Đạo|Đường Nguyễn Huệ"),
    ("048", "Đà Nẵng", True, False, {
        "Quận Hải Châu": "Phường Thạch Thang|Phường Hải Châu I|Phường Hòa Thuận Tây|Phường Bình Hiên",
        "Quận Thanh Khê": "Phường Tam Thuận|Phường Xuân Hà|Phường Chính Gián",
        "Quận Sơn Trà": "Phường An Hải Bắc|Phường Mân Thái|Phường Phước Mỹ",
        "Huyện Hòa Vang": "Xã Hòa Phong|Xã Hòa Tiến|Xã Hòa Nhơn",
    }, "Đường Lê Duẩn|Đường Nguyễn Văn Linh|Đường Hùng Vương|Đường Trần Phú|Đường Điện Biên Phủ"),
    ("049", "Quảng Nam", False, False, {
        "Thành phố Hội An": "Phường Minh An|Phường Cẩm Phô|Phường Sơn Phong|Xã Cẩm Thanh",
        "Huyện Duy Xuyên": "Xã Duy Phú|Xã Duy Hải|Xã Duy Trinh",
    }, ""),
    ("051", "Quảng Ngãi", False, False, {
        "Huyện Bình Sơn": "Xã Bình Châu|Xã Bình Hải|Xã Bình Thạnh",
        "Huyện Mộ Đức": "Xã Đức Phong|Xã Đức Lợi|Xã Đức Thạnh",
        "Thành phố Quảng Ngãi": "Phường Trần Phú|Phường Nghĩa Chánh|Phường Lê Hồng Phong",
    }, ""),
    ("052", "Bình Định", False, False, {
        "Thành phố Quy Nhơn": "Phường Lý Thường Kiệt|Phường Nguyễn Văn Cừ|Phường Ghềnh Ráng|Phường Hải Cảng",
        "Huyện Phù Mỹ": "Xã Mỹ Thắng|Xã Mỹ An|Xã Mỹ Chánh",
        "Huyện Tây Sơn": "Xã Bình Thành|Xã Tây Giang|Xã Bình Tường",
    }, ""),
    ("056", "Khánh Hòa", False, False, {
        "Thành phố Nha Trang": "Phường Vĩnh Hải|Phường Lộc Thọ|Phường Phước Hải|Phường Vĩnh Phước",
        "Huyện Diên Khánh": "Xã Diên An|Xã Diên Phú|Xã Diên Điền",
        "Huyện Vạn Ninh": "Xã Vạn Thắng|Xã Vạn Lương|Xã Vạn Hưng",
    }, "Đường Trần Phú|Đường Thống Nhất|Đường 2 Tháng 4|Đường Yersin"),
    ("060", "Bình Thuận", False, True, {
        "Thành phố Phan Thiết": "Phường Đức Thắng|Phường Phú Thủy|Phường Hàm Tiến|Phường Mũi Né",
        "Huyện Tuy Phong": "Xã Phước Thể|Xã Vĩnh Hảo|Xã Chí Công",
        "Huyện Hàm Thuận Bắc": "Xã Hàm Liêm|Xã Hàm Chính|Xã Hàm Trí",
    }, ""),
    ("064", "Gia Lai", False, False, {
        "Thành phố Pleiku": "Phường Hội Thương|Phường Ia Kring|Phường Yên Đỗ|Phường Hoa Lư",
        "Huyện Chư Păh": "Xã Nghĩa Hưng|Xã Ia Ka|Xã Ia Nhin",
    }, ""),
    ("066", "Đắk Lắk", False, False, {
        "Thành phố Buôn Ma Thuột": "Phường Tân Lợi|Phường Thắng Lợi|Phường Tân An|Phường Ea Tam",
        "Huyện Krông Pắc": "Xã Ea Kly|Xã Hòa An|Xã Ea Phê",
    }, ""),
    ("068", "Lâm Đồng", False, False, {
        "Thành phố Đà Lạt": "Phường 1|Phường 4|Phường 8|Phường 10|Xã Tà Nung",
        "Huyện Đức Trọng": "Xã Hiệp Thạnh|Xã Ninh Gia|Xã Tân Hội",
        "Thành phố Bảo Lộc": "Phường Lộc Sơn|Phường 2|Xã Đại Lào",
    }, "Đường Phan Đình Phùng|Đường Trần Phú|Đường Hai Bà Trưng|Đường Ba Tháng Hai"),
    ("072", "Tây Ninh", False, True, {
        "Huyện Gò Dầu": "Xã Phước Thạnh|Xã Thanh Phước|Xã Hiệp Thạnh",
        "Huyện Châu Thành": "Xã Thanh Điền|Xã Hảo Đước|Xã Biên Giới",
        "Thành phố Tây Ninh": "Phường 1|Phường 3|Phường Ninh Sơn",
    }, ""),
    ("074", "Bình Dương", False, True, {
        "Thành phố Thủ Dầu Một": "Phường Phú Cường|Phường Hiệp Thành|Phường Chánh Nghĩa|Phường Phú Hòa",
        "Thành phố Dĩ An": "Phường Dĩ An|Phường Đông Hòa|Phường Tân Bình",
        "Huyện Bàu Bàng": "Xã Lai Uyên|Xã Long Nguyên|Xã Trừ Văn Thố",
    }, "Đường Yersin|Đường Cách Mạng Tháng Tám|Đường Đại lộ Bình Dương|Đường Nguyễn An Ninh"),
    ("075", "Đồng Nai", False, True, {
        "Thành phố Biên Hòa": "Phường Tân Phong|Phường Trảng Dài|Phường Tam Hiệp|Phường Hố Nai",
        "Huyện Long Thành": "Xã An Phước|Xã Long An|Xã Bình Sơn",
        "Huyện Trảng Bom": "Xã Bàu Hàm|Xã Sông Trầu|Xã Hố Nai 3",
    }, "Đường Phạm Văn Thuận|Đường Đồng Khởi|Đường Nguyễn Ái Quốc|Đường Võ Thị Sáu"),
    ("077", "Bà Rịa - Vũng Tàu", False, True, {
        "Thành phố Vũng Tàu": "Phường 1|Phường 7|Phường Thắng Tam|Phường Rạch Dừa",
        "Huyện Long Điền": "Xã Phước Hưng|Xã Tam Phước|Xã An Ngãi",
        "Huyện Xuyên Mộc": "Xã Bông Trang|Xã Bình Châu|Xã Hòa Hiệp",
    }, "Đường Thùy Vân|Đường Ba Cu|Đường Lê Lợi|Đường 30 Tháng 4"),
    ("079", "Hồ Chí Minh", True, True, {
        "Quận 1": "Phường Bến Nghé|Phường Bến Thành|Phường Đa Kao|Phường Tân Định|Phường Cầu Ông Lãnh",
        "Quận 3": "Phường Võ Thị Sáu|Phường 9|Phường 12|Phường 14",
        "Quận Bình Thạnh": "Phường 1|Phường 13|Phường 25|Phường 26",
        "Quận Gò Vấp": "Phường 1|Phường 5|Phường 10|Phường 17",
        "Thành phố Thủ Đức": "Phường Linh Trung|Phường Hiệp Bình Chánh|Phường Thảo Điền|Phường An Phú",
        "Huyện Củ Chi": "Xã Tân Thông Hội|Xã Phước Vĩnh An|Xã Trung An",
        "Huyện Bình Chánh": "Xã Vĩnh Lộc A|Xã Bình Hưng|Xã Tân Kiên",
    }, "Đường Nguyễn Thị Minh Khai|Đường Lê Lợi|Đường Cách Mạng Tháng Tám|Đường Điện Biên Phủ|"
       "Đường Xô Viết Nghệ Tĩnh|Đường Phan Đăng Lưu|Đường Nguyễn Văn Cừ|Đường Võ Văn Tần|Đường Hai Bà Trưng|"
       "Đường Quang Trung|Đường Nguyễn Oanh|Đường Lê Văn Sỹ"),
    ("080", "Long An", False, True, {
        "Huyện Cần Giuộc": "Xã Phước Lý|Xã Long Thượng|Xã Tân Kim",
        "Huyện Đức Hòa": "Xã Đức Lập Hạ|Xã Mỹ Hạnh Nam|Xã Hựu Thạnh",
        "Thành phố Tân An": "Phường 2|Phường 6|Phường Khánh Hậu",
    }, ""),
    ("082", "Tiền Giang", False, True, {
        "Huyện Cái Bè": "Xã Đông Hòa Hiệp|Xã Hậu Thành|Xã An Cư",
        "Huyện Chợ Gạo": "Xã Bình Phan|Xã Hòa Định|Xã Song Bình",
        "Thành phố Mỹ Tho": "Phường 1|Phường 4|Phường Tân Long",
    }, ""),
    ("083", "Bến Tre", False, True, {
        "Huyện Mỏ Cày Nam": "Xã An Thạnh|Xã Định Thủy|Xã Cẩm Sơn",
        "Huyện Châu Thành": "Xã Tân Thạch|Xã Phú Túc|Xã Quới Sơn",
        "Thành phố Bến Tre": "Phường 2|Phường 7|Phường Phú Khương",
    }, ""),
    ("084", "Trà Vinh", False, True, {
        "Huyện Cầu Kè": "Xã Hòa Ân|Xã Phong Thạnh|Xã Ninh Thới",
        "Huyện Trà Cú": "Xã Ngãi Xuyên|Xã Thanh Sơn|Xã Hàm Giang",
        "Thành phố Trà Vinh": "Phường 1|Phường 5|Phường 9",
    }, ""),
    ("086", "Vĩnh Long", False, True, {
        "Huyện Long Hồ": "Xã Long Phước|Xã Phước Hậu|Xã An Bình",
        "Huyện Tam Bình": "Xã Mỹ Thạnh Trung|Xã Hòa Hiệp|Xã Tân Phú",
        "Thành phố Vĩnh Long": "Phường 1|Phường 8|Phường Tân Ngãi",
    }, ""),
    ("087", "Đồng Tháp", False, True, {
        "Thành phố Cao Lãnh": "Phường 1|Phường 4|Phường Mỹ Phú",
        "Huyện Lấp Vò": "Xã Long Hưng A|Xã Bình Thạnh Trung|Xã Tân Mỹ",
        "Thành phố Sa Đéc": "Phường 1|Phường An Hòa|Xã Tân Khánh Đông",
    }, ""),
    ("089", "An Giang", False, True, {
        "Thành phố Long Xuyên": "Phường Mỹ Bình|Phường Mỹ Long|Phường Bình Khánh",
        "Huyện Chợ Mới": "Xã Mỹ Hội Đông|Xã Long Điền A|Xã Kiến An",
        "Thành phố Châu Đốc": "Phường Châu Phú A|Phường Núi Sam|Xã Vĩnh Châu",
    }, ""),
    ("091", "Kiên Giang", False, True, {
        "Thành phố Rạch Giá": "Phường Vĩnh Thanh Vân|Phường Vĩnh Lạc|Phường An Hòa",
        "Huyện Châu Thành": "Xã Mong Thọ A|Xã Giục Tượng",
        "Thành phố Phú Quốc": "Phường Dương Đông|Phường An Thới|Xã Cửa Dương",
    }, ""),
    ("092", "Cần Thơ", True, True, {
        "Quận Ninh Kiều": "Phường An Hòa|Phường Xuân Khánh|Phường Hưng Lợi|Phường Cái Khế",
        "Quận Bình Thủy": "Phường Trà An|Phường Long Hòa|Phường An Thới",
        "Huyện Phong Điền": "Xã Mỹ Khánh|Xã Nhơn Ái|Xã Giai Xuân",
    }, "Đường 30 Tháng 4|Đường Mậu Thân|Đường Trần Hưng Đạo|Đường Nguyễn Văn Cừ"),
    ("094", "Sóc Trăng", False, True, {
        "Thành phố Sóc Trăng": "Phường 2|Phường 5|Phường 7",
        "Huyện Mỹ Xuyên": "Xã Tham Đôn|Xã Đại Tâm|Xã Thạnh Phú",
        "Thị xã Vĩnh Châu": "Phường 1|Xã Lai Hòa|Xã Vĩnh Hải",
    }, ""),
    ("096", "Cà Mau", False, True, {
        "Thành phố Cà Mau": "Phường 5|Phường 9|Phường Tân Xuyên",
        "Huyện Năm Căn": "Xã Hàm Rồng|Xã Đất Mới|Xã Hàng Vịnh",
        "Huyện Ngọc Hiển": "Xã Đất Mũi|Xã Viên An",
    }, ""),
)  # fmt: skip

PROVINCES: Final[dict[str, Province]] = {
    code: Province(
        code=code,
        name=name,
        city=city,
        south=south,
        districts=tuple(District(d, tuple(c.split("|"))) for d, c in districts.items()),
        streets=tuple(streets.split("|")) if streets else tuple(f"Đường {s}" for s in _GENERIC_STREETS),
    )
    for code, name, city, south, districts, streets in _RAW
}

# Where people tend to live (residence), besides their home province.
BIG_CITIES: Final = ("001", "079", "048", "031", "092", "074", "075")

_HAMLET_NAMES: Final = (
    "Đông", "Tây", "Thượng", "Hạ", "Trung", "Phú Mỹ", "Tân Lập", "An Phú", "Bình An", "Hòa Bình", "Thanh Xuân",
    "Đồng Tâm", "Yên Phú", "Quyết Thắng", "Tiền Phong", "Lạc Thiện", "Phước Hòa", "Long Thạnh", "Mỹ Hòa", "Tân Hưng",
    "Đông Hải", "Nam Sơn", "Bắc Hà", "Hưng Thịnh", "Kim Ngọc", "Vĩnh Phúc", "Thuận Lợi",
)  # fmt: skip


def bare(unit: str) -> str:
    """``"Huyện Nghi Lộc"`` → ``"Nghi Lộc"``; numbered units (``"Quận 1"``, ``"Phường 5"``) keep their prefix."""
    for prefix in ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Phường ", "Xã ", "Tỉnh "):
        if unit.startswith(prefix):
            rest = unit[len(prefix) :]
            return unit if rest[:1].isdigit() else rest
    return unit


def province_label(province: Province, style: str) -> str:
    if style == "short":
        return province.name
    if province.city:
        return f"TP. {province.name}" if style == "full" else f"Thành phố {province.name}"
    return f"Tỉnh {province.name}"


def _local_part(rng: random.Random, province: Province, commune: str) -> str:
    """The part before the commune: hamlet, residential group or street address."""
    urban = not commune.startswith("Xã ")
    if urban and rng.random() < 0.6:
        street = rng.choice(province.streets)
        number = rng.randint(1, 420)
        form = rng.random()
        if form < 0.4:
            return f"Số {number} {street}"
        if form < 0.7:
            return f"{number}/{rng.randint(1, 60)} {bare_street(street)}"
        if form < 0.85:
            return f"Số {number}, Ngõ {rng.randint(2, 180)} {street}"
        return f"Số nhà {number}, {street}"
    if urban:
        return rng.choice(("Tổ {n}", "Khu phố {n}", "Tổ dân phố {n}")).format(n=rng.randint(1, 30))
    if province.south:
        return rng.choice((f"Ấp {rng.choice(_HAMLET_NAMES)}", f"Ấp {rng.randint(1, 9)}"))
    return rng.choice((f"Thôn {rng.choice(_HAMLET_NAMES)}", f"Xóm {rng.randint(1, 15)}", f"Thôn {rng.randint(1, 9)}"))


def bare_street(street: str) -> str:
    for prefix in ("Đường ", "Phố "):
        if street.startswith(prefix):
            return street[len(prefix) :]
    return street


def address(
    rng: random.Random, province: Province, *, with_local: bool = True, style: str = "full", district_bare: bool = False
) -> str:
    """One address inside ``province``: ``[local, ]commune, district, province``.

    ``style``: ``"full"`` ("TP. …" / "Tỉnh …"), ``"long"`` ("Thành phố …"), ``"short"`` (bare province name).
    ``district_bare`` drops the district's "Huyện"/"Quận" prefix, as many cards print it.
    """
    district = rng.choice(province.districts)
    commune = rng.choice(district.communes)
    parts = []
    if with_local:
        parts.append(_local_part(rng, province, commune))
    parts.append(commune)
    parts.append(bare(district.name) if district_bare else district.name)
    parts.append(province_label(province, style))
    return ", ".join(parts)


def pick_province(rng: random.Random, preferred: tuple[str, ...] = ()) -> Province:
    pool = [c for c in preferred if c in PROVINCES]
    if pool and rng.random() < 0.8:
        return PROVINCES[rng.choice(pool)]
    return PROVINCES[rng.choice(sorted(PROVINCES))]
