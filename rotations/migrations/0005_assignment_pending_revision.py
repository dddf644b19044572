from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rotations", "0004_run_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="pending",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Published"),
                    ("add", "Added by the draft revision"),
                    ("drop", "Dropped by the draft revision"),
                ],
                default="",
                help_text="Part of a draft revision not yet published (see Pending).",
                max_length=8,
            ),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=models.Q(("pending__in", ["", "add", "drop"])),
                name="assignment_pending_is_known",
            ),
        ),
    ]
