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
