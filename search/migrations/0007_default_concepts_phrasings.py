import secrets

from django.db import migrations

# Default concepts added after 0006 (search/data/concepts.txt, issue 16 round
# 2: other ways citizens word the same needs): created where missing.
NEW_CONCEPTS = (
    "Đất nông nghiệp sang đất ở",
    "Người già neo đơn",
    "Kiểm dịch vận chuyển",
    "Bằng lái nước ngoài",
    "Giấy tờ hộ tịch ghi sai",
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
    dependencies = [("portal_search", "0006_more_default_concepts")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
