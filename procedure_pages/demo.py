"""Cao Bằng demo catalogue: the plan's 7 priority procedures plus a generated
catalogue that brings the total to the plan's 1,006 (650 provincial, 207
district, 149 commune), loaded through the importer.

Generated procedures are marked as sample data (``is_sample``) and use codes
``9.xxxxxx`` that the national database does not use. The codes of the 7
priority procedures follow the national format but are illustrative.

Re-running the seed imports only codes that are missing, so editors' changes to
demo procedures survive.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from wagtail.models import Site

from procedure_pages.models import Agency, ProcedurePage, Tier
from procedure_pages.services import catalogue_for_site
from procedure_pages.transfer import import_file
from sites.models import AdministrativeUnit, UnitKind

TOTALS = {Tier.PROVINCIAL: 650, Tier.DISTRICT: 207, Tier.COMMUNE: 149}

# The plan's 17 provincial agencies (fallback when the site tree has no units).
PROVINCIAL_AGENCIES = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Ban Dân tộc",
]
DISTRICT_FALLBACK = ["Huyện Hòa An", "Thành phố Cao Bằng", "Huyện Trùng Khánh"]
COMMUNE_FALLBACK = ["Xã Dân Chủ", "Phường Hợp Giang"]

LEGAL_43 = (
    "43/2011/NĐ-CP; 13/06/2011; Chính phủ; Nghị định quy định về việc cung cấp "
    "thông tin và dịch vụ công trực tuyến trên trang thông tin điện tử hoặc cổng "
    "thông tin điện tử của cơ quan nhà nước"
)
LEGAL_42 = (
    "42/2022/NĐ-CP; 06/06/2022; Chính phủ; Nghị định quy định về việc cung cấp "
    "thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng"
)
LEGAL_1159 = (
    "1159/QĐ-UBND; 09/08/2013; UBND tỉnh Cao Bằng; Quyết định ban hành Kế hoạch "
    "cung cấp dịch vụ công trực tuyến trên cổng thông tin điện tử của các cơ quan "
    "nhà nước tỉnh Cao Bằng"
)


def council_name(unit_name: str) -> str:
    """ "Huyện Hòa An" → "UBND huyện Hòa An" (the people's committee of a unit)."""
    return "UBND " + unit_name[:1].lower() + unit_name[1:]


def _join(*items: str) -> str:
    return " | ".join(items)


PRIORITY: list[dict[str, Any]] = [
    {
        "code": "1.009645",
        "name": "Cấp giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện "
        "chấp thuận chủ trương đầu tư",
        "sector": "Đầu tư tại Việt Nam",
        "agency": "Sở Kế hoạch và Đầu tư",
        "tier": "tinh",
        "level": 3,
        "user_type": "organisation",
        "processing_days": 15,
        "fee": "Không thu phí",
        "applicants": "Nhà đầu tư trong nước và nước ngoài",
        "steps": _join(
            "Nhà đầu tư nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa của Sở Kế "
            "hoạch và Đầu tư",
            "Sở Kế hoạch và Đầu tư kiểm tra tính hợp lệ và lấy ý kiến các cơ quan "
            "liên quan",
            "Sở Kế hoạch và Đầu tư cấp giấy chứng nhận đăng ký đầu tư",
            "Nhà đầu tư nhận kết quả tại Bộ phận một cửa",
        ),
        "documents": _join(
            "Văn bản đề nghị thực hiện dự án đầu tư; 1; 0; theo mẫu A.I.1",
            "Bản sao tài liệu về tư cách pháp lý của nhà đầu tư; 0; 1",
            "Đề xuất dự án đầu tư; 1; 0",
            "Bản sao báo cáo tài chính 02 năm gần nhất của nhà đầu tư; 0; 1",
            "Đề xuất nhu cầu sử dụng đất; 1; 0",
        ),
        "result": "Giấy chứng nhận đăng ký đầu tư",
        "legal_basis": _join(
            "61/2020/QH14; 17/06/2020; Quốc hội; Luật Đầu tư",
            "31/2021/NĐ-CP; 26/03/2021; Chính phủ; Nghị định quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Đầu tư",
            LEGAL_1159,
        ),
        "conditions": "Dự án không thuộc diện chấp thuận chủ trương đầu tư; phù hợp "
        "quy hoạch; có đủ năng lực tài chính.",
        "channels": "in_person | post | online",
        "co_agencies": "Sở Tài nguyên và Môi trường | Sở Xây dựng",
        "deciding_agency": "Sở Kế hoạch và Đầu tư",
    },
    {
        "code": "1.009972",
        "name": "Cấp giấy phép xây dựng mới đối với công trình cấp I, II; công trình "
        "tôn giáo; công trình di tích lịch sử - văn hóa",
        "sector": "Hoạt động xây dựng",
        "agency": "Sở Xây dựng",
        "tier": "tinh",
        "level": 3,
        "user_type": "both",
        "processing_days": 20,
        "fee_amount": 150000,
        "fee": "Lệ phí cấp giấy phép xây dựng công trình",
        "applicants": "Chủ đầu tư là tổ chức, cá nhân",
        "steps": _join(
            "Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng",
            "Bộ phận một cửa tiếp nhận, kiểm tra và viết giấy biên nhận hẹn ngày "
            "trả kết quả",
            "Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa",
            "Sở Xây dựng cấp giấy phép xây dựng",
        ),
        "documents": _join(
            "Đơn đề nghị cấp giấy phép xây dựng; 1; 0; theo mẫu số 01 Phụ lục II "
            "Nghị định 15/2021/NĐ-CP",
            "Bản sao giấy tờ chứng minh quyền sử dụng đất; 0; 1; có chứng thực",
            "Bản sao quyết định phê duyệt dự án; 0; 1",
            "Hai bộ bản vẽ thiết kế xây dựng; 2; 0",
            "Bản kê khai năng lực, kinh nghiệm của tổ chức thiết kế; 1; 0",
        ),
        "result": "Giấy phép xây dựng",
        "legal_basis": _join(
            "50/2014/QH13; 18/06/2014; Quốc hội; Luật Xây dựng",
            "15/2021/NĐ-CP; 03/03/2021; Chính phủ; Nghị định quy định chi tiết một "
            "số nội dung về quản lý dự án đầu tư xây dựng",
            LEGAL_1159,
        ),
        "conditions": "Phù hợp với quy hoạch xây dựng; bảo đảm an toàn công trình "
        "và công trình lân cận.",
        "channels": "in_person | online",
        "co_agencies": "Sở Tài nguyên và Môi trường",
    },
    {
        "code": "2.002137",
        "name": "Giải quyết khiếu nại lần đầu tại cấp tỉnh",
        "sector": "Giải quyết khiếu nại",
        "agency": "Thanh tra tỉnh",
        "tier": "tinh",
        "level": 3,
        "user_type": "both",
        "processing_days": 30,
        "processing_time_text": "kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày",
        "fee": "Không thu phí",
        "applicants": "Công dân, cơ quan, tổ chức có quyền khiếu nại",
        "steps": _join(
            "Người khiếu nại gửi đơn và tài liệu liên quan",
            "Thụ lý giải quyết khiếu nại và thông báo cho người khiếu nại",
            "Xác minh nội dung khiếu nại, tổ chức đối thoại",
            "Ra quyết định giải quyết khiếu nại và gửi cho người khiếu nại",
        ),
        "documents": _join(
            "Đơn khiếu nại hoặc văn bản ghi lời khiếu nại; 1; 0",
            "Tài liệu, chứng cứ liên quan (nếu có); 0; 1",
        ),
        "result": "Quyết định giải quyết khiếu nại",
        "legal_basis": _join(
            "02/2011/QH13; 11/11/2011; Quốc hội; Luật Khiếu nại",
            "124/2020/NĐ-CP; 19/10/2020; Chính phủ; Nghị định quy định chi tiết một "
            "số điều và biện pháp thi hành Luật Khiếu nại",
            LEGAL_1159,
        ),
        "conditions": "Khiếu nại trong thời hiệu 90 ngày kể từ ngày nhận được "
        "quyết định hành chính hoặc biết được hành vi hành chính.",
        "channels": "in_person | post | online",
        "co_agencies": "UBND huyện Hòa An | UBND thành phố Cao Bằng",
    },
    {
        "code": "1.004604",
        "name": "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh đối với người Việt Nam",
        "sector": "Khám bệnh, chữa bệnh",
        "agency": "Sở Y tế",
        "tier": "tinh",
        "level": 3,
        "user_type": "individual",
        "processing_days": 60,
        "fee_amount": 360000,
        "fee": "Phí thẩm định cấp chứng chỉ hành nghề",
        "applicants": "Người hành nghề khám bệnh, chữa bệnh",
        "steps": _join(
            "Người đề nghị nộp hồ sơ tại Bộ phận một cửa Sở Y tế hoặc trực tuyến",
            "Sở Y tế thẩm định hồ sơ, tổ chức Hội đồng tư vấn cấp chứng chỉ hành nghề",
            "Giám đốc Sở Y tế cấp chứng chỉ hành nghề",
        ),
        "documents": _join(
            "Đơn đề nghị cấp chứng chỉ hành nghề; 1; 0; theo mẫu 01",
            "Bản sao văn bằng chuyên môn; 0; 1; có chứng thực",
            "Giấy chứng nhận đủ sức khỏe để hành nghề; 1; 0",
            "Giấy xác nhận quá trình thực hành; 1; 0",
            "Phiếu lý lịch tư pháp; 1; 0",
            "Hai ảnh màu 04 cm x 06 cm; 2; 0",
        ),
        "result": "Chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "legal_basis": _join(
            "15/2023/QH15; 09/01/2023; Quốc hội; Luật Khám bệnh, chữa bệnh",
            LEGAL_1159,
        ),
        "conditions": "Có văn bằng chuyên môn phù hợp và đã qua thời gian thực hành.",
        "channels": "in_person | online",
    },
    {
        "code": "1.001865",
        "name": "Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp hoạt động "
        "dịch vụ việc làm",
        "sector": "Việc làm",
        "agency": "Sở Lao động - Thương binh và Xã hội",
        "tier": "tinh",
        "level": 3,
        "user_type": "organisation",
        "processing_days": 7,
        "fee": "Theo quy định của HĐND tỉnh",
        "applicants": "Doanh nghiệp hoạt động dịch vụ việc làm",
        "steps": _join(
            "Doanh nghiệp gửi hồ sơ đề nghị cấp giấy phép",
            "Sở Lao động - Thương binh và Xã hội xem xét, cấp giấy phép",
        ),
        "documents": _join(
            "Văn bản đề nghị cấp giấy phép; 1; 0; mẫu số 02 Nghị định 23/2021/NĐ-CP",
            "Giấy chứng nhận đã thực hiện ký quỹ; 1; 0",
            "Lý lịch tự thuật của người đại diện theo pháp luật; 1; 0",
        ),
        "result": "Giấy phép hoạt động dịch vụ việc làm",
        "legal_basis": _join(
            "38/2013/QH13; 16/11/2013; Quốc hội; Luật Việc làm",
            "23/2021/NĐ-CP; 19/03/2021; Chính phủ; Nghị định quy định chi tiết "
            "Luật Việc làm về trung tâm dịch vụ việc làm, doanh nghiệp hoạt động "
            "dịch vụ việc làm",
        ),
        "conditions": "Đã ký quỹ 300.000.000 đồng; có địa điểm hoạt động ổn định "
        "từ 03 năm trở lên.",
        "channels": "in_person | post | online",
    },
    {
        "code": "1.002809",
        "name": "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        "sector": "Đường bộ",
        "agency": "Sở Giao thông vận tải",
        "tier": "tinh",
        "level": 4,
        "user_type": "individual",
        "processing_days": 5,
        "fee_amount": 135000,
        "fee": "Lệ phí cấp, đổi giấy phép lái xe",
        "applicants": "Người có giấy phép lái xe hết hạn, hư hỏng hoặc đổi sang "
        "giấy phép lái xe vật liệu PET",
        "steps": _join(
            "Cá nhân nộp hồ sơ và nộp lệ phí trực tuyến trên Cổng dịch vụ công",
            "Sở Giao thông vận tải kiểm tra, đối chiếu dữ liệu giấy phép lái xe",
            "Giấy phép lái xe mới được gửi qua dịch vụ bưu chính công ích",
        ),
        "documents": _join(
            "Đơn đề nghị đổi giấy phép lái xe; 1; 0; theo mẫu",
            "Giấy khám sức khỏe của người lái xe; 1; 0; do cơ sở y tế có thẩm quyền "
            "cấp",
            "Bản sao giấy phép lái xe; 0; 1",
        ),
        "result": "Giấy phép lái xe",
        "legal_basis": _join(
            "35/2024/TT-BGTVT; 15/11/2024; Bộ Giao thông vận tải; Thông tư quy định "
            "về đào tạo, sát hạch, cấp giấy phép lái xe",
            LEGAL_42,
        ),
        "conditions": "Giấy phép lái xe còn trong hệ thống quản lý.",
        "channels": "in_person | post | online",
    },
    {
        "code": "1.003003",
        "name": "Đăng ký, cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và "
        "tài sản khác gắn liền với đất lần đầu cho hộ gia đình, cá nhân",
        "sector": "Đất đai",
        "agency": "UBND huyện Hòa An",
        "tier": "huyen",
        "level": 3,
        "user_type": "individual",
        "processing_days": 20,
        "processing_time_text": "không kể thời gian xem xét xử lý đối với trường hợp "
        "vi phạm pháp luật đất đai",
        "fee_amount": 100000,
        "fee": "Lệ phí cấp giấy chứng nhận",
        "applicants": "Hộ gia đình, cá nhân đang sử dụng đất",
        "steps": _join(
            "Hộ gia đình, cá nhân nộp hồ sơ tại Bộ phận một cửa cấp huyện hoặc "
            "trực tuyến",
            "Văn phòng đăng ký đất đai kiểm tra hồ sơ, xác minh thực địa",
            "Cơ quan thuế xác định nghĩa vụ tài chính",
            "UBND huyện ký giấy chứng nhận",
            "Trả giấy chứng nhận tại Bộ phận một cửa",
        ),
        "documents": _join(
            "Đơn đăng ký, cấp giấy chứng nhận; 1; 0; mẫu số 04a/ĐK",
            "Giấy tờ về quyền sử dụng đất; 0; 1; bản sao kèm bản chính để đối chiếu",
            "Chứng từ thực hiện nghĩa vụ tài chính (nếu có); 1; 0",
            "Tờ khai lệ phí trước bạ; 1; 0",
        ),
        "result": "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
        "khác gắn liền với đất",
        "legal_basis": _join(
            "31/2024/QH15; 18/01/2024; Quốc hội; Luật Đất đai",
            "101/2024/NĐ-CP; 29/07/2024; Chính phủ; Nghị định quy định về điều tra "
            "cơ bản đất đai; đăng ký, cấp giấy chứng nhận",
            LEGAL_1159,
        ),
        "conditions": "Đất không có tranh chấp, phù hợp quy hoạch sử dụng đất.",
        "channels": "in_person | online",
        "co_agencies": "Sở Tài nguyên và Môi trường | Chi cục Thuế",
    },
]

SECTORS_BY_TIER: dict[str, list[tuple[str, list[str]]]] = {
    Tier.PROVINCIAL: [
        (
            "Thành lập và hoạt động doanh nghiệp",
            [
                "đăng ký thành lập doanh nghiệp",
                "đăng ký thay đổi nội dung đăng ký doanh nghiệp",
                "thông báo tạm ngừng kinh doanh",
            ],
        ),
        (
            "Lưu thông hàng hóa trong nước",
            [
                "giấy phép kinh doanh bán lẻ sản phẩm rượu",
                "giấy chứng nhận đủ điều kiện kinh doanh xăng dầu",
                "giấy phép bán buôn thuốc lá",
            ],
        ),
        (
            "Môi trường",
            [
                "giấy phép môi trường",
                "thẩm định báo cáo đánh giá tác động môi trường",
                "xác nhận hoàn thành công trình bảo vệ môi trường",
            ],
        ),
        (
            "Giáo dục và Đào tạo",
            [
                "cho phép thành lập trường trung học phổ thông tư thục",
                "công nhận trường đạt chuẩn quốc gia",
                "cấp bản sao văn bằng, chứng chỉ",
            ],
        ),
        (
            "Văn hóa",
            [
                "giấy phép tổ chức lễ hội",
                "giấy phép phổ biến phim",
                "giấy phép triển lãm mỹ thuật",
            ],
        ),
        (
            "Nông nghiệp",
            [
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "giấy phép khai thác thủy sản",
                "chứng chỉ hành nghề thú y",
            ],
        ),
        (
            "Công chức, viên chức",
            [
                "thi tuyển công chức",
                "xét chuyển cán bộ, công chức cấp xã thành công chức cấp huyện",
            ],
        ),
        (
            "Bổ trợ tư pháp",
            [
                "chứng chỉ hành nghề luật sư",
                "đăng ký hoạt động văn phòng công chứng",
                "thẻ đấu giá viên",
            ],
        ),
        (
            "Báo chí, xuất bản",
            [
                "giấy phép xuất bản bản tin",
                "giấy phép hoạt động in",
                "xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
            ],
        ),
        (
            "Khoa học và Công nghệ",
            [
                "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                "giấy phép tiến hành công việc bức xạ",
            ],
        ),
    ],
    Tier.DISTRICT: [
        (
            "Hộ tịch",
            [
                "đăng ký khai sinh có yếu tố nước ngoài",
                "đăng ký kết hôn có yếu tố nước ngoài",
                "thay đổi, cải chính hộ tịch",
            ],
        ),
        (
            "Đất đai",
            [
                "chuyển mục đích sử dụng đất",
                "gia hạn sử dụng đất",
                "đính chính giấy chứng nhận đã cấp",
            ],
        ),
        (
            "Thành lập và hoạt động hộ kinh doanh",
            [
                "đăng ký hộ kinh doanh",
                "đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
                "chấm dứt hoạt động hộ kinh doanh",
            ],
        ),
        (
            "Bảo trợ xã hội",
            [
                "trợ cấp xã hội hằng tháng",
                "hỗ trợ chi phí mai táng",
                "tiếp nhận đối tượng vào cơ sở trợ giúp xã hội",
            ],
        ),
        (
            "Giáo dục và Đào tạo",
            [
                "cho phép trường mầm non hoạt động giáo dục",
                "chuyển trường đối với học sinh trung học cơ sở",
            ],
        ),
    ],
    Tier.COMMUNE: [
        (
            "Hộ tịch",
            [
                "đăng ký khai sinh",
                "đăng ký khai tử",
                "đăng ký kết hôn",
                "cấp giấy xác nhận tình trạng hôn nhân",
            ],
        ),
        (
            "Chứng thực",
            [
                "chứng thực bản sao từ bản chính",
                "chứng thực chữ ký",
                "chứng thực hợp đồng, giao dịch",
            ],
        ),
        (
            "Người có công",
            [
                "xác nhận thương binh, người hưởng chính sách như thương binh",
                "hỗ trợ người có công cải thiện nhà ở",
            ],
        ),
        (
            "Nông nghiệp",
            [
                "hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai",
                "xác nhận nguồn gốc gỗ",
            ],
        ),
    ],
}
VARIANTS = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Cấp đổi", "Thu hồi", "Xác nhận"]
TIER_PREFIX = {
    Tier.PROVINCIAL: "tại cấp tỉnh",
    Tier.DISTRICT: "tại cấp huyện",
    Tier.COMMUNE: "tại cấp xã",
}
TIER_CODE = {Tier.PROVINCIAL: 1, Tier.DISTRICT: 2, Tier.COMMUNE: 3}


def _level(index: int) -> int:
    """A deterministic spread: ~70% level 2, ~25% level 3, ~5% level 4."""
    slot = index % 20
    return 4 if slot == 0 else 3 if slot < 6 else 2


def generated_rows(tier: str, count: int, agencies: list[str]) -> list[dict[str, Any]]:
    """``count`` sample procedures of a tier spread over ``agencies``."""
    sectors = SECTORS_BY_TIER[tier]
    rows = []
    for index in range(count):
        sector, subjects = sectors[index % len(sectors)]
        subject = subjects[(index // len(sectors)) % len(subjects)]
        variant = VARIANTS[(index // (len(sectors) * len(subjects))) % len(VARIANTS)]
        round_ = index // (len(sectors) * len(subjects) * len(VARIANTS))
        name = f"{variant} {subject} {TIER_PREFIX[tier]}"
        if round_:
            name += f" (trường hợp {round_ + 1})"
        level = _level(index)
        rows.append(
            {
                "code": f"9.{TIER_CODE[tier]}{index:05d}",
                "name": name,
                "sector": sector,
                "agency": agencies[index % len(agencies)],
                "tier": tier,
                "level": level,
                "user_type": ["both", "individual", "organisation"][index % 3],
                "processing_days": 3 + (index * 7) % 28,
                "fee": "Không thu phí" if index % 4 else "Theo quy định hiện hành",
                "applicants": "Tổ chức, cá nhân có nhu cầu",
                "steps": _join(
                    "Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định",
                    "Nộp hồ sơ tại Bộ phận một cửa"
                    + (" hoặc trực tuyến" if level >= 3 else ""),
                    "Cơ quan có thẩm quyền giải quyết và trả kết quả",
                ),
                "documents": _join(
                    f"Tờ khai đề nghị {subject}; 1; 0; theo mẫu",
                    "Giấy tờ tùy thân của người đề nghị; 0; 1",
                ),
                "result": f"Văn bản chấp thuận {subject}",
                "legal_basis": LEGAL_43,
                "channels": "in_person | online" if level >= 3 else "in_person | post",
                "sample": "1",
            }
        )
    return rows


def _ensure_agencies() -> dict[str, list[str]]:
    """Agencies for the units of the site tree (names per tier), created once."""
    units = AdministrativeUnit.objects.exclude(kind=UnitKind.PROVINCE)
    names: dict[str, list[str]] = {tier: [] for tier in TOTALS}
    for unit in units.order_by("name"):
        if unit.kind == UnitKind.DEPARTMENT:
            name, tier = unit.name, Tier.PROVINCIAL
        else:
            tier = Tier.DISTRICT if unit.kind == UnitKind.DISTRICT else Tier.COMMUNE
            name = council_name(unit.name)
        agency, _created = Agency.objects.get_or_create(
            name=name, defaults={"tier": tier, "unit": unit}
        )
        if agency.unit_id is None:
            agency.unit = unit
            agency.save(update_fields=["unit"])
        names[tier].append(name)
    names[Tier.PROVINCIAL] = names[Tier.PROVINCIAL] or PROVINCIAL_AGENCIES
    names[Tier.DISTRICT] = names[Tier.DISTRICT] or [
        council_name(name) for name in DISTRICT_FALLBACK
    ]
    names[Tier.COMMUNE] = names[Tier.COMMUNE] or [
        council_name(name) for name in COMMUNE_FALLBACK
    ]
    return names


def demo_rows(
    agencies: dict[str, list[str]], scale: float = 1.0
) -> list[dict[str, Any]]:
    """The 7 priority procedures, then sample ones up to the plan's totals.

    ``scale`` (settings.DEMO_SAMPLE_SCALE) shrinks the generated part; codes are
    stable, so a later full-scale seed only adds the missing ones.
    """
    rows = list(PRIORITY)
    for tier, total in TOTALS.items():
        have = sum(1 for row in PRIORITY if row["tier"] == tier)
        wanted = max(have, round(total * scale))
        rows += generated_rows(tier, wanted - have, agencies[tier])
    return rows


def seed(report: Callable[[str], None] = print) -> None:
    """Catalogue pages on every site, agencies, and the 1,006 demo procedures."""
    started = time.monotonic()
    for site in Site.objects.select_related("root_page"):
        catalogue_for_site(site)
    agencies = _ensure_agencies()
    rows = demo_rows(agencies, settings.DEMO_SAMPLE_SCALE)
    existing = set(ProcedurePage.objects.values_list("code", flat=True))
    missing = [row for row in rows if row["code"] not in existing]
    if not missing:
        report(f"exists   {len(rows)} procedures")
        return
    data = json.dumps(missing, ensure_ascii=False).encode()
    result = import_file(data, "demo-procedures.json")
    report(
        f"created  {len(result.created)} procedures through the importer "
        f"({time.monotonic() - started:.1f} s)"
    )
