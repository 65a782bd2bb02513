from django.db import migrations, models
from django.db.models import F


def waiting_since_queued(apps, schema_editor):
    # Tickets queued before this change count as waiting since they were queued,
    # so one that had lost its task is found by the first sweep.
    apps.get_model("dispatch", "Ticket").objects.update(waiting_since=F("queued_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="turn_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="ticket",
            name="waiting_since",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(waiting_since_queued, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="ticket",
            name="waiting_since",
            field=models.DateTimeField(),
        ),
    ]
