from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("calendars", "0001_calendar_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarevent",
            name="sent_attendees",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="failures",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="calendarevent",
            name="last_error",
            field=models.TextField(blank=True),
        ),
    ]
