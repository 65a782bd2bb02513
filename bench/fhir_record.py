"""Benchmark: the record download (FHIR Bundle) against its former way of reading.

Not part of the test run. In a temporary data folder (SQLite, ``DEBUG=false``) it
migrates, creates a runner with a year of daily runs and a rehab programme with
`SESSIONS` logged sessions of two exercises each, then measures in this process:

1. The view as the runner downloads it, CPU time: as served (sessions read with
   their exercises and sets in three queries, compact JSON from the C encoder) and
   the reference (one query per session and per exercise, JSON indented in Python,
   as before). The two alternate for `ROUNDS` rounds of `VIEWS` views; each round
   gives one ratio (reference / served median). Minimum and median are printed.
2. The JSON alone: the demo-sized bundle indented vs compact.

Run: ``.venv/bin/python bench/fhir_record.py``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT.parent)]
from load_page import _create_runner, _environment  # noqa: E402

ROUNDS = 5
VIEWS = 5
SESSIONS = 60
# No static files are collected: whitenoise's warning about it is not the bench's.
warnings.filterwarnings("ignore", "No directory at")


def _cpu_ms(work: Callable[[], Any]) -> float:
    start = resource.getrusage(resource.RUSAGE_SELF)
    work()
    end = resource.getrusage(resource.RUSAGE_SELF)
    return ((end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)) * 1000


def _log_sessions(runner: Any) -> None:
    from django.utils import timezone
    from tests.clinic.rehab_helpers import make_programme

    from clinic.programmes.services import DoneExercise, log_session

    today = timezone.localdate()
    programme = make_programme(runner, started_on=today - timedelta(days=SESSIONS))
    for k in range(SESSIONS):
        log_session(
            programme=programme,
            day=today - timedelta(days=k),
            pain_during=2,
            done=[DoneExercise("clamshell", 2, 15), DoneExercise("hip_bridge", 3, 10)],
            now=timezone.now(),
        )


@contextmanager
def _reference() -> Iterator[None]:
    """The former reading: sessions without their exercises, indented JSON."""
    from clinic.workspace import fhir_rehab_log, views

    sessions_of, dumps = fhir_rehab_log._sessions_of, views.json.dumps

    class IndentedJson:
        @staticmethod
        def dumps(value: Any, **_: Any) -> str:
            return json.dumps(value, indent=2)

    fhir_rehab_log._sessions_of = lambda p: p.sessions.order_by("day")  # type: ignore[assignment]
    views.json = IndentedJson  # type: ignore[assignment]
    try:
        yield
    finally:
        fhir_rehab_log._sessions_of = sessions_of  # type: ignore[assignment]
        views.json = json
        assert views.json.dumps is dumps


def _median_ms(client: Any, url: str) -> float:
    def view() -> None:
        assert client.get(url).status_code == 200

    return statistics.median(_cpu_ms(view) for _ in range(VIEWS))


def bench_view() -> None:
    from django.test import Client
    from django.urls import reverse

    runner = _create_runner(1, "record@example.org")
    _log_sessions(runner)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(runner.user)
    url = reverse("workspace:record-fhir", args=[runner.pk])
    client.get(url)  # imports the FHIR models once, for both
    served: list[float] = []
    reference: list[float] = []
    for _ in range(ROUNDS):
        with _reference():
            reference.append(_median_ms(client, url))
        served.append(_median_ms(client, url))
    ratios = sorted(r / s for r, s in zip(reference, served, strict=True))
    print(
        f"record download, 365 runs and {SESSIONS} sessions (CPU ms, median of "
        f"{VIEWS} views, {ROUNDS} alternating rounds): served "
        f"{statistics.median(served):.0f} ms, reference "
        f"{statistics.median(reference):.0f} ms; ratio median "
        f"{statistics.median(ratios):.2f}x, min {ratios[0]:.2f}x"
    )
    bundle = json.loads(client.get(url).content)
    indented = [_cpu_ms(lambda: json.dumps(bundle, indent=2)) for _ in range(VIEWS)]
    compact = [
        _cpu_ms(lambda: json.dumps(bundle, separators=(",", ":"))) for _ in range(VIEWS)
    ]
    print(
        f"  its JSON alone ({len(bundle['entry'])} entries): indented "
        f"{statistics.median(indented):.0f} ms, compact "
        f"{statistics.median(compact):.0f} ms (min {min(indented):.0f} / "
        f"{min(compact):.0f} ms)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(Path(tmp))
        os.environ.update(env)
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--noinput"],
            env=env,
            check=True,
            capture_output=True,
        )
        import django

        django.setup()
        bench_view()


if __name__ == "__main__":
    main()
