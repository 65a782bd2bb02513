"""One racer in the concurrency test: book a slot the moment the test says go.

Run as `python -m tests.clinic.bookings.race DATABASE_URL FOLDER NAME ARGS_JSON`:
sets Django up on the given database, writes FOLDER/NAME.ready, waits for
FOLDER/go, books, and prints the outcome as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path


def main(database_url: str, folder: str, name: str, raw: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    import django

    django.setup()
    from clinic.accounts.models import User
    from clinic.bookings.models import AppointmentType
    from clinic.bookings.services import SlotTakenError, book_appointment
    from clinic.runners.models import Runner

    args = json.loads(raw)
    runner = Runner.objects.get(pk=args["runner"])
    appointment_type = AppointmentType.objects.get(pk=args["type"])
    clinician = User.objects.get(pk=args["clinician"])
    (Path(folder) / f"{name}.ready").touch()
    while not (Path(folder) / "go").exists():
        time.sleep(0.001)
    try:
        appointment = book_appointment(
            runner=runner,
            appointment_type=appointment_type,
            clinician=clinician,
            starts_at=datetime.fromisoformat(args["starts_at"]),
            now=datetime.fromisoformat(args["now"]),
        )
    except SlotTakenError as exc:
        outcome = {
            "outcome": "taken",
            "message": str(exc),
            "alternatives": [s.starts_at.isoformat() for s in exc.alternatives],
            # Refused by the database (the race) or by the search (already gone).
            "by_database": exc.__cause__ is not None,
        }
    else:
        outcome = {"outcome": "booked", "id": appointment.pk}
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(*sys.argv[1:])
