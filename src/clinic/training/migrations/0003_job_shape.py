"""ImportBatch takes the shared job shape (clinic.jobs.models.Job).

Rows that already started get their creation time as their start, so the sweep
can tell how long a job that was left running (before heartbeats existed) has
been silent: such a job is picked up as stale on the first sweep.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F


def started_when_created(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:
    rows = apps.get_model("training", "ImportBatch").objects.exclude(status="queued")
    rows.update(started_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("runners", "0002_runner_timezone"),
        ("training", "0002_load_page_cache"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Waiting to start"),
                    ("running", "Working"),
                    ("done", "Finished"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="importbatch",
            index=models.Index(
                fields=["status", "heartbeat_at"], name="training_importbatch_live"
            ),
        ),
        migrations.RunPython(started_when_created, migrations.RunPython.noop),
    ]
