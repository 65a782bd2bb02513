"""Benchmark: the clinician's timeline with and without the kept load flags.

Not part of the test run. In a temporary data folder (SQLite, ``DEBUG=false``) it
migrates, creates a runner with one run a day for 1 to 10 years (and a clinician of
a clinic they share everything with), then times the timeline as the clinician sees
it: CPU time of one view in this process (Django's test client, template included),
with the load page's cache (`clinic.training.load_cache`, as served) and with it
replaced by Django's dummy cache (every view recomputes the load report, as before).
The two alternate for `ROUNDS` rounds of `VIEWS` views; each round gives one ratio
(uncached / cached median CPU time). Minimum and median ratios are printed.

Run: ``.venv/bin/python bench/timeline.py``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_page import _create_runner, _environment  # noqa: E402

ROUNDS = 5
VIEWS = 7
YEARS = (1, 5)
# No static files are collected: whitenoise's warning about it is not the bench's.
warnings.filterwarnings("ignore", "No directory at")
_DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def _cpu_ms(client: Any, url: str) -> float:
    start = resource.getrusage(resource.RUSAGE_SELF)
    response = client.get(url)
    end = resource.getrusage(resource.RUSAGE_SELF)
    assert response.status_code == 200
    return ((end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)) * 1000


def _clinician_for(runner: Any) -> Any:
    from clinic.accounts.models import User
    from clinic.clinics.models import Clinic, Membership
    from clinic.runners.models import AccessGrant

    clinic = Clinic.objects.create(slug=f"bench-{runner.pk}", name="Bench clinic")
    user = User.objects.create_user(
        email=f"physio{runner.pk}@example.org", password="bench-password-1"
    )
    Membership.objects.create(user=user, clinic=clinic, is_clinician=True)
    AccessGrant.objects.create(runner=runner, clinic=clinic)
    return user


def _median_ms(client: Any, url: str, *, cached: bool) -> float:
    from django.conf import settings
    from django.test import override_settings

    caches = {**settings.CACHES}
    if not cached:
        caches["load_page"] = _DUMMY
    with override_settings(CACHES=caches):
        return statistics.median(_cpu_ms(client, url) for _ in range(VIEWS))


def bench(years: int) -> None:
    from django.test import Client
    from django.urls import reverse

    runner = _create_runner(years, f"timeline{years}@example.org")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_clinician_for(runner))
    url = reverse("workspace:timeline", args=[runner.pk])
    times: dict[str, list[float]] = {"cached": [], "uncached": []}
    for _ in range(ROUNDS):
        times["uncached"].append(_median_ms(client, url, cached=False))
        times["cached"].append(_median_ms(client, url, cached=True))
    ratios = sorted(
        u / c for u, c in zip(times["uncached"], times["cached"], strict=True)
    )
    print(
        f"  {years:2d} years ({365 * years:5d} runs): cached "
        f"{statistics.median(times['cached']):6.1f} ms, uncached "
        f"{statistics.median(times['uncached']):6.1f} ms; ratio median "
        f"{statistics.median(ratios):.2f}x, min {ratios[0]:.2f}x"
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
        print(
            "the timeline as a clinician sees it (this process, CPU ms, median of "
            f"{VIEWS} views per round, {ROUNDS} alternating rounds)"
        )
        for years in YEARS:
            bench(years)


if __name__ == "__main__":
    main()
