from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("portal_sites", "0003_provisioning")]

    operations = [
        migrations.RenameField("visitcounter", "views", "count"),
        migrations.AlterField(
            "visitcounter",
            "count",
            models.PositiveBigIntegerField(default=0, verbose_name="số lượt"),
        ),
    ]
