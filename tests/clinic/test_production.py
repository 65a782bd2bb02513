"""The README's production commands, run as written: migrate, collectstatic, gunicorn.

A real gunicorn (with ``--preload``, two workers) serves the app from a fresh data
folder with ``DEBUG=false``; the test fetches a page and a static file over HTTP.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, *, timeout_s: float = 30.0) -> tuple[int, bytes]:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        TRACTUS_DATA_DIR=str(tmp_path),
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "-m", "django", *command, "--settings=clinic.settings"],
            env=env,
            check=True,
            capture_output=True,
        )
    return env


@pytest.fixture
def gunicorn(production_env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "clinic.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--preload",
        ],
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_serves_pages_and_static_files(gunicorn: str) -> None:
    status, body = _get(f"{gunicorn}/")
    assert status == 200
    assert b"<html" in body.lower()
    css = Path(__file__).parents[2] / "src/clinic/static"
    name = next(p for p in sorted(css.rglob("*.css"))).relative_to(css)
    status, static = _get(f"{gunicorn}/static/{name}")
    assert status == 200
    assert static == (css / name).read_bytes()
