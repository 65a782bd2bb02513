"""Benchmark: slot search and booking at 1, 10 and 50 concurrent clients.

Not part of the test run. It makes a fresh PostgreSQL database, migrates it,
seeds a clinic (four physiotherapists with hours every day, the 60-minute
diagnostic with its 15-minute buffer, one logged-in runner per client), serves
the app with gunicorn (``--preload``, sync workers) and, at each level, lets
every client (a thread with its own keep-alive connection and session) repeat:

1. a slot search (``GET /book/<clinic>/<type>/`` for one physiotherapist),
2. a booking attempt (``POST .../confirm/``) at a slot drawn from the same
   small set of hot slots (`HOT_SLOTS`), so most attempts collide,
3. a trivial page (the anonymous home page), the baseline.

Appointments are cleared between levels. After each level it counts double
bookings in the database (pairs of live appointments of one clinician whose
blocked ranges overlap) and checks that every "booked" answer has its row.

Per level: p50/p95 of the booking requests, booking attempts per second, and
the p95 of the baseline page under the same load. The goal: no double booking,
and booking p95 within 3x the baseline p95 at 50 clients.

Run: ``.venv/bin/python bench/booking.py [--database-url URL] [--json]``
(default ``postgresql://postgres@127.0.0.1:5432/tractus_bench_booking``; the
database is dropped and made again). With ``--json`` the last line is one JSON
object: ``{"attempts", "double_bookings", "levels": [{"clients", "p50_ms",
"p95_ms", "rps", "baseline_p95_ms"}, ...]}``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psycopg

# Progress shows as each level ends, also when the output goes to a file.
sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

PROJECT = Path(__file__).resolve().parents[1]
LEVELS = ((1, 100), (10, 300), (50, 600))  # (clients, booking attempts)
HOT_SLOTS = 40
CLINICIANS = 4
TAKEN = b"that slot was just taken"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Clinic:
    slug: str
    type_id: int
    clinician_ids: list[int]
    sessions: list[str]


@dataclass
class Timings:
    search_ms: list[float] = field(default_factory=list)
    book_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    booked: int = 0
    taken: int = 0
    errors: int = 0

    def add(self, other: Timings) -> None:
        self.search_ms += other.search_ms
        self.book_ms += other.book_ms
        self.baseline_ms += other.baseline_ms
        self.booked += other.booked
        self.taken += other.taken
        self.errors += other.errors


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
    }


def _recreate_database(database_url: str) -> None:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _seed(now: datetime) -> Clinic:
    """The clinic, its diary and one logged-in runner per client (in this process)."""
    from datetime import time as clock

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from clinic.accounts.models import User
    from clinic.bookings.models import AppointmentKind
    from clinic.bookings.setup import add_weekly_hours, set_up_booking
    from clinic.clinics.models import Clinic as ClinicRow
    from clinic.clinics.models import Membership
    from clinic.runners.services import ensure_runner

    clinic = ClinicRow.objects.create(name="Bench Physio", slug="bench")
    location = set_up_booking(clinic=clinic, time_zone="Europe/London")
    diagnostic = clinic.appointment_types.get(kind=AppointmentKind.DIAGNOSTIC)
    clinicians = []
    for i in range(CLINICIANS):
        user = User.objects.create_user(f"physio{i}@bench.test", full_name=f"P{i}")
        Membership.objects.create(clinic=clinic, user=user, is_clinician=True)
        add_weekly_hours(
            clinic=clinic,
            clinician=user,
            location=location,
            weekdays=list(range(7)),
            opens=clock(8),
            closes=clock(20),
        )
        clinicians.append(user)
    diagnostic.clinicians.set(clinicians)
    sessions = []
    for i in range(max(c for c, _ in LEVELS)):
        runner = ensure_runner(User.objects.create_user(f"runner{i}@bench.test"))
        session = SessionStore()
        session[SESSION_KEY] = str(runner.user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = runner.user.get_session_auth_hash()
        session.create()
        sessions.append(str(session.session_key))
    return Clinic("bench", diagnostic.pk, [c.pk for c in clinicians], sessions)


def _hot_slots(clinic: Clinic, now: datetime) -> list[tuple[int, str]]:
    """The first free slots: where every client will try to book."""
    from clinic.bookings.models import Appointment, AppointmentType
    from clinic.bookings.selectors import clinicians_for, open_slots

    Appointment.objects.all().delete()
    diagnostic = AppointmentType.objects.get(pk=clinic.type_id)
    slots = open_slots(
        appointment_type=diagnostic,
        clinicians=clinicians_for(diagnostic),
        first_day=now.date(),
        last_day=now.date() + timedelta(days=3),
        now=now,
    )
    return [(s.clinician.pk, s.starts_at.isoformat()) for s in slots[:HOT_SLOTS]]


def _double_bookings() -> tuple[int, int]:
    """(overlapping pairs of live appointments, live appointments)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM bookings_appointment a
            JOIN bookings_appointment b
              ON a.clinician_id = b.clinician_id AND a.id < b.id
             AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until
            WHERE a.status IN ('held', 'booked', 'attended', 'no_show')
              AND b.status IN ('held', 'booked', 'attended', 'no_show')
            """
        )
        pairs = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM bookings_appointment WHERE status = 'booked'"
        )
        live = cursor.fetchone()[0]
    return int(pairs), int(live)


class Client:
    """One runner's browser: a keep-alive connection, a session and a CSRF token."""

    def __init__(self, port: int, session: str, clinic: Clinic) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.clinic = clinic
        self.cookies = {"sessionid": session}
        self.token = ""

    def request(self, method: str, path: str, body: str = "") -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body or None, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, content

    def fetch_token(self, clinician: int, at: str) -> None:
        path = (
            self._confirm_path() + "?" + urlencode({"clinician": clinician, "at": at})
        )
        _, content = self.request("GET", path)
        found = CSRF_FIELD.search(content)
        self.token = found.group(1).decode() if found else ""

    def _confirm_path(self) -> str:
        return f"/book/{self.clinic.slug}/{self.clinic.type_id}/confirm/"

    def search(self, clinician: int, day: str) -> int:
        path = f"/book/{self.clinic.slug}/{self.clinic.type_id}/"
        return self.request(
            "GET", f"{path}?{urlencode({'clinician': clinician, 'from': day})}"
        )[0]

    def book(self, clinician: int, at: str) -> tuple[int, bytes]:
        form = {"clinician": clinician, "at": at, "csrfmiddlewaretoken": self.token}
        return self.request("POST", self._confirm_path(), urlencode(form))

    def baseline(self) -> int:
        self.connection.request("GET", "/")
        response = self.connection.getresponse()
        response.read()
        return response.status


def _timed(call: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call(*args)
    return result, (time.perf_counter() - start) * 1000


def _run_client(
    client: Client, attempts: int, hot: list[tuple[int, str]], seed: int, out: Timings
) -> None:
    rng = random.Random(seed)
    client.fetch_token(*hot[0])
    for _ in range(attempts):
        clinician, at = rng.choice(hot)
        status, ms = _timed(client.search, clinician, at[:10])
        out.search_ms.append(ms)
        out.errors += status != 200
        (status, content), ms = _timed(client.book, clinician, at)
        out.book_ms.append(ms)
        if status == 302:
            out.booked += 1
        elif status == 200 and TAKEN in content:
            out.taken += 1
        else:
            out.errors += 1
        status, ms = _timed(client.baseline)
        out.baseline_ms.append(ms)
        out.errors += status != 200


def _run_level(
    port: int, clinic: Clinic, clients: int, attempts: int, hot: list[tuple[int, str]]
) -> tuple[Timings, float]:
    each = [Timings() for _ in range(clients)]
    share = [attempts // clients + (i < attempts % clients) for i in range(clients)]
    threads = [
        threading.Thread(
            target=_run_client,
            args=(Client(port, clinic.sessions[i], clinic), share[i], hot, i, each[i]),
        )
        for i in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Timings()
    for timings in each:
        total.add(timings)
    return total, time.perf_counter() - start


def _p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "clinic.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--preload",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/")
            if probe.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within 90 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL",
            "postgresql://postgres@127.0.0.1:5432/tractus_bench_booking",
        ),
    )
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    env = _environment(args.database_url)
    _recreate_database(args.database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=PROJECT,
        env=env,
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()
    now = datetime.now(UTC)
    clinic = _seed(now)
    server = _serve(env, args.port, args.workers)
    try:
        report = _measure(args.port, clinic, now)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps(report))


def _measure(port: int, clinic: Clinic, now: datetime) -> dict[str, Any]:
    levels, attempts, doubles = [], 0, 0
    print(
        f"{'clients':>7} {'attempts':>8} {'booked':>6} {'taken':>5} {'errors':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'search p95':>10} {'baseline p95':>12} {'rps':>6}"
    )
    for clients, level_attempts in LEVELS:
        hot = _hot_slots(clinic, now)
        timings, wall_s = _run_level(port, clinic, clients, level_attempts, hot)
        pairs, rows = _double_bookings()
        # A "booked" answer without its row, or a row nobody was told of, is a failure too.
        doubles += pairs + abs(rows - timings.booked)
        attempts += level_attempts
        level = {
            "clients": clients,
            "p50_ms": _p(timings.book_ms, 50),
            "p95_ms": _p(timings.book_ms, 95),
            "rps": round(level_attempts / wall_s, 1),
            "baseline_p95_ms": _p(timings.baseline_ms, 95),
        }
        levels.append(level)
        print(
            f"{clients:>7} {level_attempts:>8} {timings.booked:>6} {timings.taken:>5} "
            f"{timings.errors:>6} {level['p50_ms']:>7} {level['p95_ms']:>7} "
            f"{_p(timings.search_ms, 95):>10} {level['baseline_p95_ms']:>12} {level['rps']:>6}"
        )
    last = levels[-1]
    ratio = last["p95_ms"] / last["baseline_p95_ms"]
    print(
        f"double bookings: {doubles}; booking p95 / baseline p95 at "
        f"{last['clients']} clients: {ratio:.2f} (goal <= 3)"
    )
    return {"attempts": attempts, "double_bookings": doubles, "levels": levels}


if __name__ == "__main__":
    main()
