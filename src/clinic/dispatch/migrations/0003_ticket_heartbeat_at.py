from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0002_ticket_waiting_since_turn_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
