import re

from django.db import migrations, models

# Errors written before runs said them in words: exception text ("SystemExit: -241",
# "OperationalError: ...") and failed enqueues. Users see words; the details were logged.
_EXCEPTION_TEXT = re.compile(r"^(?:[A-Z]\w*(?:Error|Exit|Exception|Interrupt)|could not queue the job)\b:?")
_CRASHED = "the job stopped on an unexpected error (the details are in the worker's log)"


def plain_words(apps, schema_editor):
    SolveRun = apps.get_model("rotations", "SolveRun")
    for run in SolveRun.objects.exclude(error="").only("pk", "error").iterator():
        if _EXCEPTION_TEXT.match(run.error):
            SolveRun.objects.filter(pk=run.pk).update(error=_CRASHED)


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
        migrations.RunPython(plain_words, migrations.RunPython.noop),
    ]
