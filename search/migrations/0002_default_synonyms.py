from django.db import migrations


def add_defaults(apps, schema_editor):
    from search.synonym_defaults import DEFAULT_SYNONYMS

    Synonym = apps.get_model("portal_search", "Synonym")
    for term, expansions, is_abbreviation in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(
            term=term,
            defaults={
                "expansions": "\n".join(expansions),
                "is_abbreviation": is_abbreviation,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
