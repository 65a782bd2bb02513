"""Oversized bodies are refused before anything reads them (issue 8, item 6).

The disk test runs a real gunicorn with its own temporary folder and streams an
oversized multipart POST at it, as an anonymous visitor without a CSRF token,
measuring that folder and the data folder while the body is still being sent.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from clinic.training.forms import MAX_UPLOAD_BYTES
from clinic.training.models import ImportBatch
from tests.clinic.conftest import Cast

BIN = Path(sys.executable).parent
MB = 1024 * 1024
BOUNDARY = "tractusboundary"


def _bytes_under(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(port: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A production gunicorn whose temporary and data folders the test can measure."""
    measured = tmp_path / "measured"
    folders = {name: measured / name for name in ("tmp", "data")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))
    }
    env.update(
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        TRACTUS_DATA_DIR=str(folders["data"]),
        TMPDIR=str(folders["tmp"]),
        # The database lives outside the measured folders.
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        env=env,
        check=True,
        capture_output=True,
        cwd=Path(__file__).parents[2],
    )
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "clinic.wsgi", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield port, measured
    finally:
        process.terminate()
        process.wait(timeout=30)


def _multipart_head(path: str, declared: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {declared}\r\n\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="files"; filename="export.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()


def _status(sock: socket.socket) -> int:
    sock.settimeout(20)
    reply = b""
    while b"\r\n" not in reply:
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
    return int(reply.split(b" ", 2)[1])


def _stream(sock: socket.socket, megabytes: int, measured: Path) -> int:
    """Send up to `megabytes` more of the body; the most bytes seen on disk meanwhile."""
    peak = 0
    block = b"\0" * MB
    for _ in range(megabytes):
        peak = max(peak, _bytes_under(measured))
        try:
            sock.sendall(block)
        except OSError:
            break  # the server has answered and closed: the rest is never read
    return max(peak, _bytes_under(measured))


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_oversized_upload_never_reaches_the_disk(
    server: tuple[int, Path],
) -> None:
    port, measured = server
    declared = MAX_UPLOAD_BYTES + 200 * MB
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_multipart_head("/training/upload/", declared))
        status = _status(sock)  # answered from the headers alone
        peak = _stream(sock, 60, measured)
    assert status == 413
    assert peak == 0
    assert _bytes_under(measured) == 0


@pytest.mark.django_db(transaction=True)
def test_an_oversized_post_to_any_page_is_refused_unread(
    server: tuple[int, Path],
) -> None:
    port, measured = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_multipart_head("/accounts/login/", 1200 * MB))
        status = _status(sock)
        peak = _stream(sock, 30, measured)
    assert (status, peak) == (413, 0)


@pytest.mark.django_db(transaction=True)
def test_a_chunked_upload_of_undeclared_size_is_refused(
    server: tuple[int, Path],
) -> None:
    port, _ = server
    head = (
        "POST /training/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head + b"100000\r\n" + b"\0" * 0x100000 + b"\r\n")
        assert _status(sock) == 411


def test_the_upload_page_says_why_and_stores_nothing(cast: Cast) -> None:
    client = cast.client_for("runner_a")
    response = client.post(
        reverse("training:upload"),
        data=b"--x--",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(MAX_UPLOAD_BYTES + 1),
    )
    assert response.status_code == 413
    assert "over the" in response.text
    assert "Nothing was stored" in response.text
    assert not ImportBatch.objects.exists()


def test_a_form_page_takes_at_most_the_default_body(
    settings, client: Client, db
) -> None:
    settings.REQUEST_MAX_BYTES = 1000
    small = client.post(
        reverse("accounts:login"), {"username": "a@b.c", "password": "x"}
    )
    assert small.status_code == 200
    big = client.post(
        reverse("accounts:login"), {"username": "a@b.c", "password": "x" * 2000}
    )
    assert big.status_code == 413
