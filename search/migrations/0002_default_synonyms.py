from django.db import migrations


def add_defaults(apps, schema_editor):
    from search.synonym_defaults import ensure_default_synonyms

    ensure_default_synonyms(apps.get_model("portal_search", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
