from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rotations", "0003_plan_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="solverun",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Running: its job's last sign of life (every second or so). Queued: "
                "when it was last handed to the queue. The reaper re-queues a run silent for "
                "too long.",
                null=True,
            ),
        ),
    ]
