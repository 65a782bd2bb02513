"""Many processes book one slot at the same moment: exactly one gets it.

Each racer is a separate Python process with its own database connection, on
the engine the suite runs on (SQLite: a copy of the test database in a file, as
in production; PostgreSQL: the test database itself).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from clinic.bookings.models import Appointment
from tests.clinic.bookings.conftest import NOW, TUESDAY_10, Diary
from tests.clinic.factories import RunnerFactory

RACERS = 8
PROJECT = Path(__file__).resolve().parents[3]


def _database_url(folder: Path) -> str:
    """An address other processes can open for the test database."""
    if connection.vendor == "sqlite":
        path = folder / "race.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{path}"
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def _start(url: str, folder: Path, name: str, args: dict[str, object]):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.clinic.bookings.race", url, str(folder), name]
        + [json.dumps(args)],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_ready(folder: Path, count: int, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while len(list(folder.glob("*.ready"))) < count:
        assert time.monotonic() < deadline, "racers did not start in time"
        time.sleep(0.05)


def _live_count(url: str) -> int:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            rows = db.execute(
                "SELECT count(*) FROM bookings_appointment WHERE status = 'booked'"
            )
            return int(rows.fetchone()[0])
    return Appointment.objects.live().count()


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_many_processes_gets_the_slot(diary: Diary, tmp_path) -> None:
    runners = [RunnerFactory().pk for _ in range(RACERS)]
    url = _database_url(tmp_path)
    common = {
        "type": diary.diagnostic.pk,
        "clinician": diary.clinician.pk,
        "starts_at": TUESDAY_10.isoformat(),
        "now": NOW.isoformat(),
    }
    racers = [
        _start(url, tmp_path, f"racer{i}", {**common, "runner": runner})
        for i, runner in enumerate(runners)
    ]
    _wait_until_ready(tmp_path, RACERS)
    (tmp_path / "go").touch()
    outcomes = []
    for racer in racers:
        out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    booked = [o for o in outcomes if o["outcome"] == "booked"]
    taken = [o for o in outcomes if o["outcome"] == "taken"]
    assert len(booked) == 1 and len(taken) == RACERS - 1
    for loser in taken:
        assert loser["message"] == "Sorry, that slot was just taken."
        assert len(loser["alternatives"]) == 3
        assert TUESDAY_10.isoformat() not in loser["alternatives"]
    assert _live_count(url) == 1
