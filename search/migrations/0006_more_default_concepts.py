import secrets

from django.db import migrations

# Default concepts added after 0005 (search/data/concepts.txt, issue 16 round
# 2): created where missing; the others are left as editors made them.
NEW_CONCEPTS = (
    "Bản sao giấy tờ hộ tịch",
    "Thông tin đất đai",
    "Đất hết hạn sử dụng",
    "Đào đường, đấu nối quốc lộ",
    "Đường ra quốc lộ",
    "Thay đổi đăng ký công ty",
    "Quán nhỏ, tiệm dịch vụ",
    "Thay đổi hộ kinh doanh",
    "Vật liệu nổ",
    "Trường tư thục",
    "Sửa, hủy hợp đồng",
    "Trung tâm tư vấn pháp luật",
)


def add_defaults(apps, schema_editor):
    from search.concept_defaults import ensure_default_concepts

    concept = apps.get_model("portal_search", "Concept")
    if ensure_default_concepts(concept, names=NEW_CONCEPTS):
        # Running processes reload their terms when the revision moves
        # (search.models.terms_changed).
        apps.get_model("portal_search", "TermsRevision").objects.update_or_create(
            pk=1, defaults={"revision": secrets.randbits(62)}
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0005_default_concepts")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
