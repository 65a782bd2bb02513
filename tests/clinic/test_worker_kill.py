"""A worker killed mid-job: the next worker finds the job and finishes it.

Real processes only: `manage.py worker` runs in its own session and is killed
with SIGKILL (every process of it, as when a machine or container dies) while it
is part-way through a real import (three copies of a year's watch export, 204
files) or a real video. A second worker, started at once with short heartbeat
limits, must notice the silence, queue the job again and finish it: the import
with every run stored once and its uploads deleted, the video analysed and
deleted; the killed worker's task row must end failed, not running. On the
database backend in both passes of `make test` (SQLite, then
PostgreSQL); on RQ in the PostgreSQL pass (a child process cannot open
pytest-django's in-memory SQLite).

Nothing here sleeps as an assertion: each wait polls the database with a
generous deadline, so a loaded two-core machine only makes it slower.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.motionlab.services import start_analysis
from clinic.runners.models import Runner
from clinic.training.models import ImportBatch
from clinic.training.services import start_import, upload_dir
from tests.clinic.factories import RunnerFactory
from tests.clinic.worker_processes import (
    PROJECT_DIR,
    child_database_url,
    flush_redis,
    manage,
    require_postgresql,
)

DATA = Path(__file__).resolve().parents[1] / "data"
HISTORY = DATA / "activities" / "history" / "runpandas_nrc_sessions_2020-07_2021-07.zip"
WALK = DATA / "video" / "sports2d_demo_walk_side.mp4"
HISTORY_RUNS = 66  # of its 68 entries (tests/clinic/test_training.py)
# Generous: a loaded two-core machine runs Django start-up, migrations of a
# child and the work itself several times slower than an idle one.
DEADLINE_S = 600

# The workers' limits: a beat a second, stale after ten silent seconds (ten
# missed beats, so a busy machine does not fake a death), a sweep a second; and
# one turn for the whole job (clinic.dispatch), so the kill lands in a running
# turn rather than between two (where nothing runs and nothing is lost).
FAST_SWEEP = {
    "JOB_HEARTBEAT_S": "1",
    "JOB_STALE_AFTER_S": "10",
    "JOB_SWEEP_EVERY_S": "1",
    "TASK_TURN_S": "3600",
}

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class World:
    """The database and settings that the worker processes share with the test."""

    env: dict[str, str]
    sqlite_path: Path | None  # a file copy of the SQLite test database

    def row(self, table: str, pk: int, columns: str) -> tuple[Any, ...]:
        return self.one(f"SELECT {columns} FROM {table} WHERE id = %s", pk)

    def one(self, sql: str, *params: int) -> tuple[Any, ...]:
        if self.sqlite_path is None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return tuple(cursor.fetchone())
        with sqlite3.connect(self.sqlite_path, timeout=30) as db:
            return tuple(db.execute(sql.replace("%s", "?"), params).fetchone())


def _world(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> World:
    env = {**os.environ, "TRACTUS_DATA_DIR": str(settings.DATA_DIR), **FAST_SWEEP}
    env.pop("REDIS_URL", None)
    if backend == "rq":
        require_postgresql()
        redis_url = request.getfixturevalue("redis_url")
        flush_redis(redis_url)
        env["REDIS_URL"] = redis_url
    if connection.vendor == "postgresql":
        return World({**env, "DATABASE_URL": child_database_url()}, None)
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return World({**env, "DATABASE_URL": f"sqlite:///{path}"}, path)


def _queue(world: World, model: str, pk: int) -> None:
    """Queue the job through the workers' backend (RQ, or the shared database)."""
    code = (
        "from django.apps import apps;"
        f"apps.get_model('{model}').objects.get(pk={pk}).enqueue()"
    )
    manage("shell", "-c", code, env=world.env, timeout_s=DEADLINE_S)


class Worker:
    """`manage.py worker` in a session of its own, its output in a file."""

    def __init__(self, world: World, log: Path) -> None:
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "worker"],
                cwd=PROJECT_DIR,
                env=world.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to every process of the worker, as when its machine dies.

        RQ's work-horse (forked per task) leaves the worker's process group, so
        the processes are found by parentage rather than by group.
        """
        for pid in [self.process.pid, *_descendants(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=60)
        self.kill()  # whatever is left, a work-horse included

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (the machines here are Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        below = children.get(todo.pop(), [])
        found += below
        todo += below
    return found


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[World], Worker]]:
    started: list[Worker] = []

    def start(world: World) -> Worker:
        started.append(Worker(world, tmp_path / f"worker{len(started) + 1}.log"))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def _wait_for(what: str, check: Callable[[], bool], *, worker: Worker) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {DEADLINE_S} s: {what}\n{worker.output()[-3000:]}")
        time.sleep(0.05)


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_an_import_whose_worker_is_killed_is_finished_by_the_next(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    workers: Callable[[World], Worker],
) -> None:
    runner, batch = _history_import()
    world = _world(backend, tmp_path, request)
    _queue(world, "training.ImportBatch", batch.pk)
    state = "status, attempts, files_done, files_total"

    first = workers(world)
    _wait_for(
        "the first worker imports 20 files",
        lambda: world.row("training_importbatch", batch.pk, "files_done")[0] >= 20,
        worker=first,
    )
    first.kill()
    killed_at = world.row("training_importbatch", batch.pk, state)
    assert killed_at[:2] == ("running", 1), killed_at
    # "Importing 20 of 70 files": the first archive opened, the others still one file each.
    assert 20 <= killed_at[2] < 3 * 68, killed_at

    second = workers(world)
    _wait_for(
        "the second worker finishes the import",
        lambda: world.row("training_importbatch", batch.pk, "status")[0] == "done",
        worker=second,
    )

    status, attempts, done, total = world.row("training_importbatch", batch.pk, state)
    rows = world.one(
        "SELECT count(*) FROM training_importitem WHERE batch_id = %s", batch.pk
    )
    assert (attempts, done, total) == (2, 3 * 68, 3 * 68), (
        killed_at,
        rows,
        second.output()[-6000:],
    )
    assert "1 job(s) queued again" in second.output()
    _assert_imported_once(world, runner, batch, worker=second)
    if backend == "database":
        _assert_dead_turn_failed(world, worker=second)


def test_on_rq_a_work_horse_killed_alone_is_recovered_by_its_own_worker(
    tmp_path: Path,
    request: pytest.FixtureRequest,
    workers: Callable[[World], Worker],
) -> None:
    """The out-of-memory killer takes the biggest process: RQ's work-horse.

    The worker itself lives on; its own periodic sweep finds the silent job,
    queues it again and a new work-horse finishes it.
    """
    runner, batch = _history_import()
    world = _world("rq", tmp_path, request)
    _queue(world, "training.ImportBatch", batch.pk)
    worker = workers(world)
    _wait_for(
        "the work-horse imports 20 files",
        lambda: world.row("training_importbatch", batch.pk, "files_done")[0] >= 20,
        worker=worker,
    )
    horses = _descendants(worker.process.pid)
    assert horses, "no work-horse below the RQ worker"
    for pid in horses:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    _wait_for(
        "the same worker finishes the import",
        lambda: world.row("training_importbatch", batch.pk, "status")[0] == "done",
        worker=worker,
    )
    assert worker.process.poll() is None  # the worker was never down
    state = world.row("training_importbatch", batch.pk, "attempts, files_done")
    assert state == (2, 3 * 68), worker.output()[-6000:]
    assert "1 job(s) queued again" in worker.output()
    _assert_imported_once(world, runner, batch, worker=worker)


def _assert_dead_turn_failed(world: World, *, worker: Worker) -> None:
    """The killed worker's task row ends failed, not running for ever.

    RQ fails a job whose worker died by itself; django-tasks-db's row is marked
    by the sweep that queued the job again (clinic.dispatch).
    """
    tasks = DBTaskResult._meta.db_table
    _wait_for(
        "no task row is left running",
        lambda: (
            world.one(f"SELECT count(*) FROM {tasks} WHERE status = 'RUNNING'") == (0,)
        ),
        worker=worker,
    )
    failed = world.one(
        f"SELECT count(*), min(exception_class_path) FROM {tasks} "
        "WHERE status = 'FAILED'"
    )
    assert failed == (1, "clinic.dispatch.services.TurnLostError")


def _history_import() -> tuple[Runner, ImportBatch]:
    """Three copies of a year's export: 204 files, long enough to die in."""
    runner = RunnerFactory(timezone="America/Recife")
    copies = [
        SimpleUploadedFile(f"history-{n}.zip", HISTORY.read_bytes()) for n in (1, 2, 3)
    ]
    batch = start_import(runner=runner, uploads=copies, now=timezone.now(), queue=False)
    return runner, batch


def _assert_imported_once(
    world: World, runner: Runner, batch: ImportBatch, *, worker: Worker
) -> None:
    runs = world.one(
        "SELECT count(*) FROM training_activity WHERE runner_id = %s", runner.pk
    )
    assert runs == (HISTORY_RUNS,)  # every run once, none twice
    items = world.one(
        "SELECT count(*), sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) "
        "FROM training_importitem WHERE batch_id = %s",
        batch.pk,
    )
    assert items == (3 + 3 * 68, 0)  # each entry listed once, none left waiting
    # The uploads go just after the batch is marked done.
    _wait_for(
        "the uploads are deleted",
        lambda: not upload_dir(batch).exists(),
        worker=worker,
    )


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_video_analysis_whose_worker_is_killed_is_finished_by_the_next(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    workers: Callable[[World], Worker],
) -> None:
    analysis = start_analysis(
        runner=RunnerFactory(),
        video=SimpleUploadedFile(WALK.name, WALK.read_bytes()),
        kind="gait",
        exercise="",
        view="side",
        model="lite",
        hint=None,
        now=timezone.now(),
    )
    # start_analysis queued it on the test's own backend (the database); a worker
    # on RQ gets its own task, and the database task of attempt 1 is the same one.
    world = _world(backend, tmp_path, request)
    if backend == "rq":
        _queue(world, "motionlab.Analysis", analysis.pk)

    first = workers(world)
    _wait_for(
        "the first worker analyses a tenth of the video",
        lambda: world.row("motionlab_analysis", analysis.pk, "progress_pct")[0] >= 10,
        worker=first,
    )
    first.kill()
    state = "status, attempts, progress_pct"
    killed_at = world.row("motionlab_analysis", analysis.pk, state)
    assert killed_at[:2] == ("running", 1) and killed_at[2] < 100, killed_at

    second = workers(world)
    _wait_for(
        "the second worker finishes the analysis",
        lambda: (
            world.row("motionlab_analysis", analysis.pk, "status")[0]
            in ("done", "failed")
        ),
        worker=second,
    )

    status, attempts, error = world.row(
        "motionlab_analysis", analysis.pk, "status, attempts, error"
    )
    assert (status, attempts, error) == ("done", 2, "")
    _wait_for(
        "the video is deleted",
        lambda: not (analysis.folder / "video").exists(),
        worker=second,
    )
    assert list(analysis.folder.glob("key_*"))  # the key frames of attempt 2
    if backend == "database":
        _assert_dead_turn_failed(world, worker=second)
