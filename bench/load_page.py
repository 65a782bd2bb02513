"""Benchmark: the load page with and without its per-runner cache.

Not part of the test run. In a temporary data folder (SQLite, ``DEBUG=false``) it
migrates, collects the static files, creates runners with one run a day, and then measures two things:

1. Throughput through gunicorn: two servers of two sync workers each, started with
   ``--preload`` on the same database, one with the load-page cache and one with it
   replaced by Django's dummy cache (so every view recomputes, as before the cache).
   `CLIENTS` concurrent clients (threads, each with the runner's session) request the
   page for `SECONDS` per round; the servers alternate for `ROUNDS` rounds, and each
   round gives one ratio (cached / uncached requests per second). Minimum and median
   are printed. The clients run on the same two cores, so both servers share that
   handicap.
2. What one view costs as the history grows (1 to 10 years of daily runs): CPU time
   of the view in this process (Django's test client, template included), for a
   later view (the kept result) and a first view (computes and keeps it), median of
   `VIEWS` views.

Run: ``.venv/bin/python bench/load_page.py``.
"""

from __future__ import annotations

import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

CLIENTS = 50
SECONDS = 6.0
ROUNDS = 3
VIEWS = 15
YEARS = (1, 2, 5, 10)
TODAY = date.today()
BIN = Path(sys.executable).parent
# The uncached server: the same settings with the load-page cache switched off.
_UNCACHED_SETTINGS = """
from clinic.settings import *  # noqa: F403
CACHES = {**CACHES, "load_page": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
"""


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        TRACTUS_DATA_DIR=str(data_dir),
        PYTHONPATH=str(data_dir),
        DJANGO_SETTINGS_MODULE="clinic.settings",
        LOG_LEVEL="WARNING",
    )
    return env


def _create_runner(years: int, email: str) -> Any:
    from clinic.accounts.models import User
    from clinic.runners.models import Runner
    from clinic.training.models import Activity

    user = User.objects.create_user(email=email, password="bench-password-1")
    runner = Runner.objects.create(user=user, timezone="Europe/Berlin")
    rng = np.random.default_rng(years)
    days = [TODAY - timedelta(days=k) for k in range(1, 365 * years + 1)]
    Activity.objects.bulk_create(
        Activity(
            runner=runner,
            fingerprint=f"run-{day:%Y%m%d}0700",
            source_file="bench.fit",
            source_format="fit",
            sport="running",
            start_time=datetime(day.year, day.month, day.day, 7, tzinfo=UTC),
            local_date=day,
            local_date_basis="timezone",
            distance_m=float(rng.uniform(3000, 20000)),
            duration_s=float(rng.uniform(1000, 7000)),
            distance_source="device_total",
            elevation_loss_m=float(rng.uniform(0, 300)),
            elevation_source="device_total",
        )
        for day in days
    )
    return runner


def _session_cookie(user: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(env: dict[str, str], settings: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "clinic.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--preload", "--backlog", "2048"],
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_LOG", os.devnull), "a"),  # noqa: SIM115
    )
    return process, f"http://127.0.0.1:{port}"


def _get(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return int(response.status)


def _wait_until_up(url: str, cookie: str) -> None:
    error: Exception | None = None
    for _ in range(300):
        try:
            if _get(url, cookie) == 200:
                return
        except OSError as exc:
            error = exc
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer: {error}")


def _load(url: str, cookie: str) -> float:
    """Requests per second answered with 200 by `CLIENTS` clients in `SECONDS`."""
    done = [0] * CLIENTS
    stop = time.monotonic() + SECONDS

    def client(k: int) -> None:
        while time.monotonic() < stop:
            if _get(url, cookie) == 200:
                done[k] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def bench_throughput(env: dict[str, str], path: str, cookie: str) -> None:
    servers = {
        "cached": _serve(env, "clinic.settings"),
        "uncached": _serve(env, "bench_uncached_settings"),
    }
    try:
        for _process, base in servers.values():
            _wait_until_up(base + path, cookie)
        rates: dict[str, list[float]] = {"cached": [], "uncached": []}
        for _ in range(ROUNDS):
            for name in ("uncached", "cached"):
                rates[name].append(_load(servers[name][1] + path, cookie))
    finally:
        for process, _base in servers.values():
            process.terminate()
            process.wait(timeout=30)
    ratios = sorted(
        c / u for c, u in zip(rates["cached"], rates["uncached"], strict=True)
    )
    print(
        f"load page, {CLIENTS} clients, gunicorn 2 sync workers each: "
        f"cached {statistics.median(rates['cached']):.1f} req/s, "
        f"uncached {statistics.median(rates['uncached']):.1f} req/s (medians)"
    )
    print(
        f"  ratio median {statistics.median(ratios):.2f}x, min {ratios[0]:.2f}x "
        f"({ROUNDS} alternating rounds of {SECONDS:.0f} s; per round: "
        + ", ".join(f"{r:.2f}x" for r in ratios)
        + ")"
    )


def _cpu_ms(client: Any, url: str) -> float:
    start = resource.getrusage(resource.RUSAGE_SELF)
    response = client.get(url)
    end = resource.getrusage(resource.RUSAGE_SELF)
    assert response.status_code == 200
    return ((end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)) * 1000


def _first_view_ms(client: Any, url: str, runner_id: int) -> float:
    from clinic.training.load_cache import forget_runner

    forget_runner(runner_id)
    return _cpu_ms(client, url)


def bench_history() -> None:
    from django.test import Client
    from django.urls import reverse

    print(
        "one view of the load page, all weeks shown (this process, CPU ms, median of "
        f"{VIEWS}): a later view uses the kept result, a first view (after an import, "
        "or on a new day) computes and keeps it"
    )
    for years in YEARS:
        runner = _create_runner(years, f"history{years}@example.org")
        client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS, as the servers
        client.force_login(runner.user)
        url = reverse("training:load", args=[runner.pk]) + "?weeks=all"
        first = [_first_view_ms(client, url, runner.pk) for _ in range(VIEWS)]
        later = [_cpu_ms(client, url) for _ in range(VIEWS)]
        print(
            f"  {years:2d} years ({365 * years:5d} runs): later view "
            f"{statistics.median(later):6.1f} ms, first view "
            f"{statistics.median(first):6.1f} ms"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        (data_dir / "bench_uncached_settings.py").write_text(_UNCACHED_SETTINGS)
        env = _environment(data_dir)
        os.environ.update(env)
        for command in ("migrate", "collectstatic"):
            subprocess.run(
                [sys.executable, "-m", "django", command, "--noinput"],
                env=env,
                check=True,
                capture_output=True,
            )
        import django

        django.setup()
        runner = _create_runner(1, "throughput@example.org")
        cookie = _session_cookie(runner.user)
        from django.urls import reverse

        bench_throughput(env, reverse("training:load", args=[runner.pk]), cookie)
        bench_history()


if __name__ == "__main__":
    main()
