"""The synonyms and abbreviations the portal starts with (editors extend them).

Loaded once by a data migration; afterwards the admin (Snippets → "Từ đồng
nghĩa, viết tắt") is the source of truth.
"""

from typing import Any

# (term citizens type, [official wording, …], is an abbreviation)
DEFAULT_SYNONYMS: list[tuple[str, list[str], bool]] = [
    ("sổ đỏ", ["giấy chứng nhận quyền sử dụng đất"], False),
    ("sổ hồng", ["giấy chứng nhận quyền sử dụng đất quyền sở hữu nhà ở"], False),
    ("bằng lái", ["giấy phép lái xe"], False),
    ("bằng lái xe", ["giấy phép lái xe"], False),
    ("giấy khai sinh", ["đăng ký khai sinh"], False),
    ("giấy chứng tử", ["đăng ký khai tử"], False),
    ("giấy độc thân", ["xác nhận tình trạng hôn nhân"], False),
    ("xác nhận độc thân", ["xác nhận tình trạng hôn nhân"], False),
    ("hộ khẩu", ["thường trú"], False),
    ("nhập hộ khẩu", ["đăng ký thường trú"], False),
    ("sang tên", ["đăng ký biến động chuyển nhượng"], False),
    ("tách sổ", ["tách thửa"], False),
    ("xây nhà", ["giấy phép xây dựng nhà ở riêng lẻ"], False),
    ("giấy phép kinh doanh", ["đăng ký kinh doanh", "đăng ký hộ kinh doanh"], False),
    ("kinh doanh hộ gia đình", ["hộ kinh doanh"], False),
    ("căn cước", ["thẻ căn cước"], False),
    ("xe máy", ["xe mô tô xe gắn máy"], False),
    ("con nuôi", ["nuôi con nuôi"], False),
    ("công chứng", ["chứng thực"], False),
    ("sao y", ["chứng thực bản sao"], False),
    ("GPXD", ["giấy phép xây dựng"], True),
    ("GPLX", ["giấy phép lái xe"], True),
    ("GPKD", ["đăng ký kinh doanh"], True),
    ("GPLĐ", ["giấy phép lao động"], True),
    ("QSDĐ", ["quyền sử dụng đất"], True),
    ("GCN", ["giấy chứng nhận"], True),
    ("CCHN", ["chứng chỉ hành nghề"], True),
    ("ĐKKD", ["đăng ký kinh doanh", "đăng ký thành lập"], True),
    ("CCCD", ["căn cước", "thẻ căn cước"], True),
    ("CMND", ["căn cước"], True),
    ("UBND", ["ủy ban nhân dân"], True),
    ("HĐND", ["hội đồng nhân dân"], True),
    ("LLTP", ["lý lịch tư pháp"], True),
    ("BHXH", ["bảo hiểm xã hội"], True),
    ("BHYT", ["bảo hiểm y tế"], True),
    ("PCCC", ["phòng cháy và chữa cháy"], True),
    ("ATTP", ["an toàn thực phẩm"], True),
    ("DN", ["doanh nghiệp"], True),
    ("HKD", ["hộ kinh doanh"], True),
    ("TTHC", ["thủ tục hành chính"], True),
    # Added with the concepts (issue 16): everyday words for the levels of
    # school, numbers written as digits, and abbreviations common on forms,
    # in forums and in agencies' own notices.
    ("cấp 2", ["trung học cơ sở"], False),
    ("cấp hai", ["trung học cơ sở"], False),
    ("cấp 3", ["trung học phổ thông"], False),
    ("cấp ba", ["trung học phổ thông"], False),
    ("1 thành viên", ["một thành viên"], False),
    ("2 thành viên", ["hai thành viên"], False),
    ("tài xế", ["lái xe"], False),
    ("xe hơi", ["xe ô tô"], False),
    ("ô tô", ["xe ô tô"], False),
    ("thổ cư", ["đất ở"], False),
    ("GCNQSDĐ", ["giấy chứng nhận quyền sử dụng đất"], True),
    ("GCNQSHNO", ["giấy chứng nhận quyền sở hữu nhà ở"], True),
    ("GPMT", ["giấy phép môi trường"], True),
    ("ĐTM", ["đánh giá tác động môi trường"], True),
    ("DNTN", ["doanh nghiệp tư nhân"], True),
    ("TNHH", ["trách nhiệm hữu hạn"], True),
    ("CTCP", ["công ty cổ phần"], True),
    ("cty", ["công ty"], True),
    ("HTX", ["hợp tác xã"], True),
    ("BHTN", ["trợ cấp thất nghiệp", "bảo hiểm thất nghiệp"], True),
    ("KCB", ["khám bệnh, chữa bệnh"], True),
    ("THCS", ["trung học cơ sở"], True),
    ("THPT", ["trung học phổ thông"], True),
    ("BVTV", ["bảo vệ thực vật"], True),
    ("VPĐD", ["văn phòng đại diện"], True),
    ("ĐKĐT", ["đăng ký đầu tư"], True),
    ("GCNĐKĐT", ["giấy chứng nhận đăng ký đầu tư"], True),
    ("GCNĐKKD", ["giấy chứng nhận đăng ký kinh doanh", "đăng ký kinh doanh"], True),
    ("GP", ["giấy phép"], True),
    ("VSATTP", ["an toàn thực phẩm"], True),
    ("ATVSTP", ["an toàn thực phẩm"], True),
    ("XNTTHN", ["xác nhận tình trạng hôn nhân"], True),
    ("TTHN", ["tình trạng hôn nhân"], True),
    ("CMT", ["căn cước"], True),
    ("CMTND", ["căn cước"], True),
    ("GKS", ["đăng ký khai sinh"], True),
    ("XMCD", ["xe máy chuyên dùng"], True),
    ("PTTNĐ", ["phương tiện thủy nội địa"], True),
    ("LĐTBXH", ["lao động thương binh và xã hội"], True),
    ("TNMT", ["tài nguyên và môi trường"], True),
    ("GTVT", ["giao thông vận tải"], True),
    ("KHĐT", ["kế hoạch và đầu tư"], True),
    ("GDĐT", ["giáo dục và đào tạo"], True),
    ("VHTTDL", ["văn hóa thể thao và du lịch"], True),
    ("KHCN", ["khoa học và công nghệ"], True),
    ("TTTT", ["thông tin và truyền thông"], True),
    ("NNPTNT", ["nông nghiệp và phát triển nông thôn"], True),
]


def ensure_default_synonyms(synonym_model: Any = None) -> int:
    """Create the missing defaults (never overwrites editors' changes)."""
    if synonym_model is None:
        from search.models import Synonym

        synonym_model = Synonym
    created = 0
    for term, expansions, is_abbreviation in DEFAULT_SYNONYMS:
        _obj, new = synonym_model.objects.get_or_create(
            term=term,
            defaults={
                "expansions": "\n".join(expansions),
                "is_abbreviation": is_abbreviation,
            },
        )
        created += int(new)
    if created:
        from django.core.cache import cache

        from search.models import SYNONYMS_CACHE_KEY

        cache.delete(SYNONYMS_CACHE_KEY)
    return created


def ensure_default_terms() -> int:
    """Missing default synonyms and concepts (the demo seeder, after a flush)."""
    from search.concept_defaults import ensure_default_concepts

    return ensure_default_synonyms() + ensure_default_concepts()
