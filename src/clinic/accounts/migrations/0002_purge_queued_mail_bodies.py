"""Mail tasks queued before they carried only ids held whole e-mails (reset links
included) in the task table; the task they name no longer exists. Remove them."""

from django.db import migrations


def purge(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path="clinic.lib.mail.send_email").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(purge, migrations.RunPython.noop)]
