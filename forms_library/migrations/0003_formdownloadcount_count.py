from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forms_library", "0002_versions_downloads")]

    operations = [
        migrations.RenameField("formdownloadcount", "downloads", "count"),
        migrations.AlterField(
            "formdownloadcount",
            "count",
            models.PositiveBigIntegerField(default=0, verbose_name="số lượt"),
        ),
    ]
