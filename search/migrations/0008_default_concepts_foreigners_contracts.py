import secrets

from django.db import migrations

# Default concepts added after 0007 (search/data/concepts.txt, issue 16 round
# 2: nationalities for "người nước ngoài", sales contracts): created where
# missing.
NEW_CONCEPTS = (
    "Người nước ngoài (quốc tịch)",
    "Hợp đồng mua bán tài sản",
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
    dependencies = [("portal_search", "0007_default_concepts_phrasings")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
