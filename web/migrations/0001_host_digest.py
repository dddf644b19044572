import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("rotations", "0003_plan_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="HostDigest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sessions", models.CharField(max_length=64)),
                ("items", models.JSONField(default=list)),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                ("host", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="rotations.employee")),
                ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="rotations.rotationplan")),
            ],
            options={
                "ordering": ("-sent_at", "-pk"),
                "indexes": [models.Index(fields=["plan", "host", "-sent_at"], name="hostdigest_plan_host_sent")],
            },
        ),
    ]
