from django.db import migrations


def add_defaults(apps, schema_editor):
    from search.concept_defaults import ensure_default_concepts
    from search.synonym_defaults import ensure_default_synonyms

    ensure_default_synonyms(apps.get_model("portal_search", "Synonym"))
    ensure_default_concepts(apps.get_model("portal_search", "Concept"))


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_concepts_query_log")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
