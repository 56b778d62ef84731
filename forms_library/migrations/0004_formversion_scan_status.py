from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forms_library", "0003_formdownloadcount_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="formversion",
            name="scan_status",
            field=models.CharField(
                choices=[
                    ("pending", "Chờ quét virus"),
                    ("clean", "Đã quét, sạch"),
                    ("infected", "Có mã độc"),
                ],
                default="pending",
                editable=False,
                max_length=20,
                verbose_name="quét virus",
            ),
        ),
    ]
