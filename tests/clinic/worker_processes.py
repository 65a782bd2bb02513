"""Real worker processes for tests: the RQ worker against the test's PostgreSQL.

A subprocess cannot see an SQLite test database (pytest-django keeps it in
memory), so the tests that start RQ workers run in the PostgreSQL pass
(`make test-postgres`) and are skipped, saying so, in the SQLite one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("starts worker processes on the test database: PostgreSQL pass")


def child_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test copy)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def rq_env(redis_url: str) -> dict[str, str]:
    """Settings for a child process: RQ on `redis_url`, this test's database and files."""
    return {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": child_database_url(),
        "TRACTUS_DATA_DIR": str(settings.DATA_DIR),
    }


def manage(
    *args: str, env: dict[str, str], timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=True,
    )


def start_worker(env: dict[str, str], *, burst: bool) -> subprocess.Popen[str]:
    """`manage.py worker` as its own process (the caller waits for or stops it)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", *(["--burst"] if burst else [])],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def flush_redis(redis_url: str) -> None:
    """Start from an empty queue (the test's own Redis database)."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
