"""Fair queues: one runner's big imports never keep another's small one waiting.

Runner A queues several big imports (real files, an export zip among them);
runner B then queues one small file. With turns of one file (TASK_TURN_S=0)
B's import is finished before any of A's, on the database backend (the
worker in this process) and on RQ with PostgreSQL (two worker processes).
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.dispatch.models import OwnerTurn, Ticket
from clinic.dispatch.services import claim_next, run_turn
from clinic.runners.models import Runner
from clinic.training.models import ImportBatch, ImportItem
from clinic.training.services import start_import
from tests.clinic.factories import RunnerFactory
from tests.clinic.worker_processes import (
    flush_redis,
    manage,
    require_postgresql,
    rq_env,
    start_worker,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "activities"
BIG_FILES = [
    DATA / "gpx" / "sweatpy__activity_4801048867.gpx",
    DATA / "tcx" / "sweatpy__activity_4801048867.tcx",
    DATA / "fit" / "fitparse__activity-large-fenxi2-multisport.fit",
    DATA / "tcx" / "dblock__multiple_running_activities.tcx",
]
SMALL_FILE = DATA / "fit" / "runpandas__run.fit"
BIG_IMPORTS = 3
ONE_SECOND = timedelta(seconds=1)
QUEUE_TURNS = (
    "from clinic.dispatch.services import take_turn\n"
    "for _ in range({n}): take_turn.enqueue()"
)


def _export_zip() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((DATA / "tcx").glob("*.tcx"))[:5]:
            archive.write(path, f"export/{path.name}")
    return SimpleUploadedFile("export.zip", buffer.getvalue())


def _big_upload() -> list[SimpleUploadedFile]:
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in BIG_FILES]
    return [*files, _export_zip()]


def _queue_backlog_then_small() -> tuple[list[ImportBatch], ImportBatch]:
    runner_a, runner_b = RunnerFactory(), RunnerFactory()
    backlog = [
        start_import(runner=runner_a, uploads=_big_upload(), now=timezone.now())
        for _ in range(BIG_IMPORTS)
    ]
    small = start_import(
        runner=runner_b,
        uploads=[SimpleUploadedFile(SMALL_FILE.name, SMALL_FILE.read_bytes())],
        now=timezone.now(),
    )
    return backlog, small


def _assert_small_import_finished_first(
    backlog: list[ImportBatch], small: ImportBatch
) -> None:
    for batch in [*backlog, small]:
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.DONE, batch.error
        assert batch.files_done == batch.files_total
    assert small.items.get().status == ImportItem.Status.IMPORTED
    assert small.finished_at is not None
    first_big = min(b.finished_at for b in backlog if b.finished_at)
    assert small.finished_at < first_big
    # Each big import took many turns and its export was read across turns,
    # whole: one row per entry, the archive's own row counting them.
    for batch in backlog:
        archive = batch.items.get(name="export.zip")
        assert archive.message.startswith("Export read: ")
        entries = batch.items.filter(name__startswith="export.zip:")
        assert entries.count() == 5
        assert sorted(entries.values_list("position", flat=True)) == [
            archive.position + n for n in range(1, 6)
        ]
    assert not Ticket.objects.exists()  # nothing lingers once the work is done
    assert not OwnerTurn.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_the_database_backend_a_small_import_goes_before_a_backlog(
    settings,
) -> None:
    settings.TASK_TURN_S = 0
    backlog, small = _queue_backlog_then_small()
    call_command("worker", burst=True)
    _assert_small_import_finished_first(backlog, small)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_on_rq_and_postgresql_a_small_import_goes_before_a_backlog(
    redis_url: str,
) -> None:
    require_postgresql()
    flush_redis(redis_url)
    env = {**rq_env(redis_url), "TASK_TURN_S": "0"}
    backlog, small = _queue_backlog_then_small()
    # This process queues on the database backend; put the same turns on RQ,
    # as the uploads would have with REDIS_URL set.
    manage("shell", "-c", QUEUE_TURNS.format(n=len(backlog) + 1), env=env)
    workers = [start_worker(env, burst=True) for _ in range(2)]
    for worker in workers:
        output, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0, output
    _assert_small_import_finished_first(backlog, small)


@pytest.mark.django_db
class TestClaims:
    """Which job a worker takes next."""

    def _ticket(self, runner: Runner, n: int) -> Ticket:
        now = timezone.now()
        return Ticket.objects.create(
            owner=f"runner:{runner.pk}",
            job="clinic.training.services.import_turn",
            arguments=f'{{"batch_id":{n}}}',
            queued_at=now,
            waiting_since=now,
        )

    def test_an_owner_with_a_turn_running_yields_to_one_without(self) -> None:
        a, b = RunnerFactory(), RunnerFactory()
        first = self._ticket(a, 1)
        self._ticket(a, 2)
        later = self._ticket(b, 3)
        assert claim_next() == first
        assert claim_next() == later  # A has a turn running, B none

    def test_owners_take_turns_round_robin_and_own_jobs_first_in_first_out(
        self,
    ) -> None:
        a, b = RunnerFactory(), RunnerFactory()
        a1, a2, b1 = self._ticket(a, 1), self._ticket(a, 2), self._ticket(b, 3)
        order = []
        for _ in range(3):
            ticket = claim_next()
            assert ticket is not None
            order.append(ticket)
            Ticket.objects.filter(pk=ticket.pk).update(started_at=None)  # turn over
        assert order == [a1, b1, a1]
        assert a2 not in order  # A's first job goes on before A's second starts
        assert claim_next() is not None

    def test_among_owners_never_served_the_one_waiting_longest_goes_first(
        self,
    ) -> None:
        a, b = RunnerFactory(), RunnerFactory()
        a1 = self._ticket(a, 1)
        b1 = self._ticket(b, 2)
        Ticket.objects.filter(pk=b1.pk).update(queued_at=a1.queued_at - ONE_SECOND)
        assert claim_next() == b1

    def test_a_claim_takes_as_many_queries_for_fifty_owners_as_for_one(
        self,
    ) -> None:
        def queries_of_a_claim() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert claim_next() is not None
            return len(queries)

        self._ticket(RunnerFactory(), 0)
        alone = queries_of_a_claim()
        for n in range(1, 51):
            self._ticket(RunnerFactory(), n)
        assert queries_of_a_claim() == alone

    def test_nothing_waiting_means_no_claim(self) -> None:
        assert claim_next() is None


@pytest.mark.django_db
def test_a_job_erased_while_it_waits_gives_up_its_ticket_quietly() -> None:
    runner = RunnerFactory()
    upload = SimpleUploadedFile(SMALL_FILE.name, SMALL_FILE.read_bytes())
    start_import(runner=runner, uploads=[upload], now=timezone.now())
    assert Ticket.objects.count() == 1
    runner.delete()  # the runner erased their record: the batch goes with it
    ran = run_turn(turn_id="")  # no error: the turn finds nothing to import
    assert ran.startswith("clinic.training.services.import_turn(")
    assert not Ticket.objects.exists()
    assert not OwnerTurn.objects.exists()
