"""Benchmark: how long another runner's small import waits behind a backlog.

Not part of the test run. In a temporary data folder (SQLite, the database task
backend, one worker process, as `make run` has) runner A queues `BIG_IMPORTS`
imports of `FILES_PER_IMPORT` real files each (the largest fixtures), then
runner B queues one small FIT. Two ways of queuing alternate for `ROUNDS`
rounds:

- *fair*: the uploads' path (`start_import`, the fair queue of clinic.dispatch,
  turns of `TASK_TURN_S`);
- *first in, first out*: each batch queued straight on the task backend as one
  whole job (`run_import.enqueue`), as before the fair queue.

Printed per round: B's wait (from the worker's first task to B's import
starting), the time until everything is imported, and their ratios (fair /
first in, first out), min and median over the rounds.

Run: ``.venv/bin/python bench/fair_queue.py``.

``bench/fair_queue.py claims`` measures instead what a claim costs the workers:
`CLAIM_OWNERS` owners wait with two tickets each (a tenth of them with a turn
running too) and `claim_next` picks the fairest ticket, which is then put back
to wait, `CLAIMS` times a round. The reference, alternating with it in the same
process, is the cheapest claim there is: the oldest waiting ticket, first in,
first out, under the same lock and with the same update. Printed: claims per
second of each and their ratio (fair / first in, first out), min and median over
`CLAIM_ROUNDS` rounds. SQLite by default; PostgreSQL (the RQ set-up) with
``BENCH_DATABASE_URL`` set (its tables are migrated and its tickets emptied).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "tests" / "data" / "activities"
BIG = [
    DATA / "tcx" / "sweatpy__activity_4801048867.tcx",
    DATA / "gpx" / "sweatpy__activity_4801048867.gpx",
    DATA / "tcx" / "dblock__multiple_running_activities.tcx",
    DATA / "fit" / "fitparse__activity-large-fenxi2-multisport.fit",
]
SMALL = DATA / "fit" / "runpandas__run.fit"
BIG_IMPORTS = 3
FILES_PER_IMPORT = 40
ROUNDS = 3
TURN_S = "3"
CLAIM_OWNERS = 50
CLAIMS = 200
CLAIM_ROUNDS = 5


def _environment(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REDIS"))
    }
    if "BENCH_DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 50,
        TRACTUS_DATA_DIR=str(data_dir),
        TASK_TURN_S=TURN_S,
        DJANGO_SETTINGS_MODULE="clinic.settings",
    )
    return env


def _queue(fair: bool) -> tuple[list[int], int]:
    """Queue A's backlog, then B's small import; returns their batch ids."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from tests.clinic.factories import RunnerFactory

    from clinic.training.services import run_import, start_import

    def uploads(paths: list[Path]) -> list[SimpleUploadedFile]:
        return [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]

    def queued(runner: object, paths: list[Path]) -> int:
        batch = start_import(
            runner=runner,  # type: ignore[arg-type]
            uploads=uploads(paths),
            now=timezone.now(),
            queue=fair,
        )
        if not fair:
            run_import.enqueue(batch_id=batch.pk)
        return batch.pk

    runner_a, runner_b = RunnerFactory(), RunnerFactory()
    files = [BIG[n % len(BIG)] for n in range(FILES_PER_IMPORT)]
    backlog = [queued(runner_a, files) for _ in range(BIG_IMPORTS)]
    return backlog, queued(runner_b, [SMALL])


def _round(fair: bool, env: dict[str, str]) -> tuple[float, float]:
    from django.db.models import Min
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from clinic.training.models import ImportBatch

    queued_from = timezone.now()
    backlog, small = _queue(fair)
    subprocess.run(
        [sys.executable, "manage.py", "worker", "--burst"],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
    )
    rows = ImportBatch.objects.filter(pk__in=[*backlog, small])
    assert all(b.status == "done" for b in rows), [b.status for b in rows]
    b = rows.get(pk=small)
    assert b.started_at is not None and b.finished_at is not None
    everything = max(r.finished_at for r in rows if r.finished_at)
    # From the worker's first task (its start-up left out).
    first = DBTaskResult.objects.filter(enqueued_at__gte=queued_from).aggregate(
        first=Min("started_at")
    )["first"]
    return (
        (b.started_at - first).total_seconds(),
        (everything - first).total_seconds(),
    )


def _waiting_tickets() -> None:
    """`CLAIM_OWNERS` owners with two waiting tickets each; a tenth with one running."""
    from django.utils import timezone

    from clinic.dispatch.models import OwnerTurn, Ticket

    Ticket.objects.all().delete()
    OwnerTurn.objects.all().delete()
    now = timezone.now()
    tickets = [
        Ticket(
            owner=f"runner:{owner}",
            job="bench.turn",
            arguments=f'{{"n":{owner * 3 + n}}}',
            queued_at=now,
            waiting_since=now,
            started_at=now if n == 2 else None,
        )
        for owner in range(CLAIM_OWNERS)
        for n in range(3 if owner % 10 == 0 else 2)
    ]
    Ticket.objects.bulk_create(tickets)


def _first_in_first_out_claim() -> object:
    """The reference: the oldest waiting ticket, with the fair claim's lock and update."""
    from django.db import transaction
    from django.utils import timezone

    from clinic.dispatch.models import OwnerTurn, Ticket
    from clinic.dispatch.services import _serialise_claims

    with transaction.atomic():
        _serialise_claims()
        ticket = (
            Ticket.objects.filter(started_at__isnull=True)
            .order_by("queued_at", "pk")
            .first()
        )
        assert ticket is not None
        now = timezone.now()
        ticket.started_at = now
        ticket.turns += 1
        ticket.save(update_fields=["started_at", "turns"])
        OwnerTurn.objects.update_or_create(
            owner=ticket.owner, defaults={"last_turn_at": now}
        )
        return ticket


def _claims_per_s(claim: Callable[[], object]) -> float:
    """Claims a second, each claimed ticket put back to wait (outside the timing)."""
    from clinic.dispatch.models import Ticket

    _waiting_tickets()
    spent_s = 0.0
    for _ in range(CLAIMS):
        started = time.perf_counter()
        ticket = claim()
        spent_s += time.perf_counter() - started
        assert ticket is not None
        Ticket.objects.filter(pk=ticket.pk).update(started_at=None)  # type: ignore[attr-defined]
    return CLAIMS / spent_s


def _bench_claims() -> None:
    from django.db import connection

    from clinic.dispatch.services import claim_next

    print(
        f"{CLAIM_OWNERS} owners waiting with two tickets each ({CLAIM_OWNERS // 10} "
        f"with a turn running), {CLAIMS} claims a round, {connection.vendor}"
    )
    ratios = []
    for n in range(CLAIM_ROUNDS):
        order = [True, False] if n % 2 == 0 else [False, True]
        rates = {
            fair: _claims_per_s(claim_next if fair else _first_in_first_out_claim)
            for fair in order
        }
        ratios.append(rates[True] / rates[False])
        print(
            f"  round {n + 1}: fair {rates[True]:7.0f} claims/s, first in first out "
            f"{rates[False]:7.0f} claims/s"
        )
    print(
        f"claims/s, fair / first in first out: min {min(ratios):.3f}, "
        f"median {statistics.median(ratios):.3f}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(Path(folder))
        os.environ.update(env)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
        )
        sys.path[:0] = [str(PROJECT), str(PROJECT / "src")]
        import django

        django.setup()
        if sys.argv[1:] == ["claims"]:
            _bench_claims()
            return
        waits: dict[bool, list[float]] = {True: [], False: []}
        totals: dict[bool, list[float]] = {True: [], False: []}
        size_mb = sum(BIG[n % len(BIG)].stat().st_size for n in range(FILES_PER_IMPORT))
        print(
            f"runner A: {BIG_IMPORTS} imports of {FILES_PER_IMPORT} files "
            f"({size_mb / 1e6:.0f} MB each); runner B: one {SMALL.stat().st_size // 1000} kB FIT; "
            f"one worker, turns of {TURN_S} s"
        )
        for n in range(ROUNDS):
            for fair in (n % 2 == 0, n % 2 == 1):
                wait_s, total_s = _round(fair, env)
                waits[fair].append(wait_s)
                totals[fair].append(total_s)
                label = "fair" if fair else "first in, first out"
                print(
                    f"  round {n + 1} {label:<20} B waited {wait_s:6.1f} s; "
                    f"all done after {total_s:6.1f} s"
                )
        wait_ratio = [
            f / max(o, 1e-9) for f, o in zip(waits[True], waits[False], strict=True)
        ]
        total_ratio = [f / o for f, o in zip(totals[True], totals[False], strict=True)]
        print(
            f"B's wait, fair / first in first out: min {min(wait_ratio):.3f}, "
            f"median {statistics.median(wait_ratio):.3f}"
        )
        print(
            f"time to import everything, fair / first in first out: "
            f"min {min(total_ratio):.3f}, median {statistics.median(total_ratio):.3f}"
        )


if __name__ == "__main__":
    main()
