"""Fair turns: each owner's jobs share the workers with everyone else's.

One runner's 1 GB export must not keep another runner's single run waiting
(issue 8 item 5). Jobs are queued here, in the database, rather than straight
on the task backend, and the backend only carries identical `take_turn` tasks,
one per job and per turn. A worker running `take_turn` picks the next job
fairly and runs one *turn* of it:

- the owner (a runner) with the fewest turns running now goes first, then the
  one served least recently (round-robin), then the one waiting longest; an
  owner's own jobs go first in, first out;
- a turn lasts about `settings.TASK_TURN_S` seconds: the job stops at the
  first file boundary past it and is queued again behind the other owners.

So a small import from another runner waits at most about one turn (a few
seconds), however much is queued before it, on one worker or many. The choice
is made in our database, so it is the same on both task backends (database
and RQ); see docs/decisions.md for the alternatives weighed.

A turn function takes `deadline` (a `time.monotonic()` value) and the job's
keyword arguments, and returns True when the job is finished, False when it
stopped at the deadline with more to do:

    enqueue_fairly(import_turn, owner=f"runner:{runner.pk}", batch_id=batch.pk)
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from clinic.dispatch.models import OwnerTurn, Ticket
from clinic.jobs.running import Heartbeat

logger = logging.getLogger(__name__)

TurnFunction = Callable[..., bool]

# Any constant: the PostgreSQL advisory lock that makes claims one at a time.
_CLAIM_LOCK_ID = 0x7472_6163  # "trac"
_NEVER = datetime.min.replace(tzinfo=UTC)


def job_path(function: TurnFunction) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _arguments(kwargs: dict[str, Any]) -> str:
    return json.dumps(kwargs, sort_keys=True, separators=(",", ":"))


def enqueue_fairly(function: TurnFunction, *, owner: str, **kwargs: Any) -> None:
    """Queue a job for `owner`, once the current transaction commits.

    Queuing a job that already has a ticket queues it once: a waiting ticket
    stays where it is; a ticket a worker had started (the worker died, and the
    caller, a sweep, queues it again) waits for a turn anew, and the dead
    worker's turn task is marked failed.
    """
    now = timezone.now()
    with transaction.atomic():
        ticket, created = Ticket.objects.select_for_update().get_or_create(
            job=job_path(function),
            arguments=_arguments(kwargs),
            defaults={"owner": owner, "queued_at": now, "waiting_since": now},
        )
        if not created and ticket.started_at is not None:
            dead_turn = ticket.turn_id
            ticket.owner, ticket.started_at, ticket.waiting_since = owner, None, now
            ticket.turn_id = ""
            ticket.save(
                update_fields=["owner", "started_at", "waiting_since", "turn_id"]
            )
            _fail_dead_turn(dead_turn)
    transaction.on_commit(take_turn.enqueue)


class TurnLostError(Exception):
    """The worker taking this turn died; the sweep queued the job again."""


def _fail_dead_turn(turn_id: str) -> None:
    """The dead worker's turn task ends failed, rather than running for ever.

    Only the database backend needs it: django-tasks-db knows nothing of its
    workers' lives, while RQ fails a job whose worker died by itself.
    """
    if not turn_id or not isinstance(take_turn.get_backend(), DatabaseBackend):
        return
    row = DBTaskResult.objects.filter(pk=turn_id, status=TaskResultStatus.RUNNING)
    for result in row.select_for_update():
        result.set_failed(
            TurnLostError(
                f"The worker taking turn {turn_id} died; the job was queued again."
            )
        )
        logger.warning("Turn task %s marked failed: its worker died", turn_id)


def _serialise_claims() -> None:
    """Claims happen one at a time, so two workers never both see an owner idle.

    SQLite transactions here begin IMMEDIATE (settings), which already takes the
    database's write lock; PostgreSQL takes a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CLAIM_LOCK_ID])


def _waiting_owners() -> dict[str, tuple[int, datetime]]:
    """Each owner with a ticket waiting: its turns running now, its oldest wait.

    One grouped query, whatever the number of owners: a claim runs under the
    claim lock, so its cost is every worker's wait.
    """
    rows = (
        Ticket.objects.values("owner")
        .annotate(
            running=Count("pk", filter=Q(started_at__isnull=False)),
            first_queued=Min("queued_at", filter=Q(started_at__isnull=True)),
        )
        .filter(first_queued__isnull=False)
        .values_list("owner", "running", "first_queued")
    )
    return {owner: (running, first_queued) for owner, running, first_queued in rows}


def _next_owner(waiting: dict[str, tuple[int, datetime]]) -> str:
    served = dict(
        OwnerTurn.objects.filter(owner__in=waiting).values_list("owner", "last_turn_at")
    )
    return min(
        waiting,
        key=lambda o: (waiting[o][0], served.get(o, _NEVER), waiting[o][1], o),
    )


@transaction.atomic
def claim_next(*, turn_id: str = "") -> Ticket | None:
    """The fairest waiting ticket, started by turn task `turn_id`; None when nothing waits."""
    _serialise_claims()
    waiting = _waiting_owners()
    if not waiting:
        return None
    owner = _next_owner(waiting)
    ticket = (
        Ticket.objects.filter(owner=owner, started_at__isnull=True)
        .order_by("queued_at", "pk")
        .first()
    )
    assert ticket is not None  # the claim lock keeps `waiting` current
    now = timezone.now()
    ticket.started_at, ticket.turn_id, ticket.heartbeat_at = now, turn_id, now
    ticket.turns += 1
    ticket.save(update_fields=["started_at", "turn_id", "heartbeat_at", "turns"])
    OwnerTurn.objects.update_or_create(owner=owner, defaults={"last_turn_at": now})
    return ticket


def _as_claimed(ticket: Ticket) -> QuerySet[Ticket]:
    """The ticket, if still in the turn this worker claimed.

    A sweep that took the worker for dead may have queued the job again
    meanwhile (`enqueue_fairly` sets it waiting): that new wait is kept.
    """
    return Ticket.objects.filter(pk=ticket.pk, started_at=ticket.started_at)


def _drop_owner_if_idle(owner: str) -> None:
    if not Ticket.objects.filter(owner=owner).exists():
        OwnerTurn.objects.filter(owner=owner).delete()


@transaction.atomic
def _finish(ticket: Ticket) -> None:
    _as_claimed(ticket).delete()
    _drop_owner_if_idle(ticket.owner)


@transaction.atomic
def _wait_again(ticket: Ticket) -> None:
    """Back to waiting; its owner's turn was noted, so other owners go first."""
    if _as_claimed(ticket).update(
        started_at=None, turn_id="", waiting_since=timezone.now()
    ):
        transaction.on_commit(take_turn.enqueue)


@transaction.atomic
def forget(function: TurnFunction, **kwargs: Any) -> None:
    """Drop a job's ticket: the job was given up (its worker died too often)."""
    for ticket in Ticket.objects.filter(
        job=job_path(function), arguments=_arguments(kwargs)
    ):
        ticket.delete()
        _drop_owner_if_idle(ticket.owner)


@transaction.atomic
def queue_silent_turns(*, now: datetime, silent_s: float) -> int:
    """Started tickets whose turn fell silent for `silent_s` wait again, with a turn.

    A worker that dies while its job runs is found by the job's own heartbeat,
    and the sweep queues the job again (which sets its ticket waiting). One
    that dies just before its job started or just after it stopped leaves no
    running job, only its ticket started for ever; this finds such tickets by
    the turn's own heartbeat. The dead turn's task is marked failed. Returns
    the tickets set waiting.
    """
    cutoff = now - timedelta(seconds=silent_s)
    silent = Ticket.objects.select_for_update().filter(
        Q(heartbeat_at__lt=cutoff)
        # Started before turns had a heartbeat.
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff),
        started_at__isnull=False,
    )
    for ticket in silent:
        _fail_dead_turn(ticket.turn_id)
        _as_claimed(ticket).update(started_at=None, turn_id="", waiting_since=now)
        transaction.on_commit(take_turn.enqueue)
    return len(silent)


@transaction.atomic
def queue_lost_turns(*, now: datetime, waited_s: float) -> int:
    """Queue a turn again for tickets left waiting with no turn task to take them.

    Each waiting ticket is owed one queued `take_turn`. One can go missing (a
    worker died between committing a ticket and queuing its turn; Redis or the
    task table lost it), and its ticket would wait for ever. So when more
    tickets have waited over `waited_s` than turns are queued, the missing
    turns are queued (counted under the claim lock, so two sweeps queue them
    once). A turn too many does no harm: it claims the fairest ticket under the
    claim lock, or nothing, so no job runs twice. Returns the turns queued.
    """
    _serialise_claims()
    waiting = Ticket.objects.filter(started_at__isnull=True)
    cutoff = now - timedelta(seconds=waited_s)
    overdue = waiting.filter(waiting_since__lt=cutoff).count()
    if not overdue:
        return 0
    lost = min(overdue, waiting.count() - _turns_queued())
    for _ in range(lost):
        # Queued inside the transaction: on the database backend the next sweep
        # (waiting on the lock) counts them.
        take_turn.enqueue()
    return max(lost, 0)


def _turns_queued() -> int:
    """`take_turn` tasks queued and not yet started, on the configured backend."""
    backend = take_turn.get_backend()
    if isinstance(backend, DatabaseBackend):
        return (
            DBTaskResult.objects.ready()
            .filter(task_path=take_turn.module_path, backend_name=backend.alias)
            .count()
        )
    from django_tasks_rq import RQBackend  # needs the RQ settings: imported here

    if isinstance(backend, RQBackend):
        import django_rq

        queue = django_rq.get_queue(take_turn.queue_name)
        return sum(job.func_name == take_turn.module_path for job in queue.get_jobs())
    return 0  # a backend that runs tasks at once keeps none queued


@task(takes_context=True)
def take_turn(context: TaskContext) -> str:
    """Run one turn of the fairest waiting job; returns what was run."""
    return run_turn(turn_id=str(context.task_result.id))


def run_turn(*, turn_id: str) -> str:
    """One turn of the fairest waiting job, as turn task `turn_id`."""
    ticket = claim_next(turn_id=turn_id)
    if ticket is None:
        return ""  # another turn took the job this one was queued for
    function: TurnFunction = import_string(ticket.job)
    deadline = time.monotonic() + settings.TASK_TURN_S
    try:
        with Heartbeat(
            _as_claimed(ticket),
            every_s=settings.JOB_HEARTBEAT_S,
            name=f"turn-{ticket.pk}",
        ):
            finished = function(deadline=deadline, **json.loads(ticket.arguments))
    except Exception:
        logger.exception("Turn %s of %s failed", ticket.turns, ticket)
        _finish(ticket)
        raise
    if finished:
        _finish(ticket)
    else:
        _wait_again(ticket)
    return f"{ticket.job}({ticket.arguments}) turn {ticket.turns}"
