"""Jobs waiting for a turn on a worker, and when each owner last had one.

A `Ticket` is one job (an import, a video analysis) in the fair queue: who it
counts against (`owner`), which function runs its turns and with what
arguments, and whether a worker is taking a turn on it now (and with which
task) or since when it waits. It is deleted
when the job is finished. `OwnerTurn` remembers when an owner last got a
turn, so owners are served round-robin; it goes when the owner has nothing
queued. Neither holds health data: an owner is a pseudonymous key
("runner:12") and the arguments are row ids.
"""

from __future__ import annotations

from django.db import models


class Ticket(models.Model):
    owner = models.CharField(max_length=64)
    # Dotted path of the turn function and its keyword arguments as sorted JSON:
    # one ticket per job, however often it is queued.
    job = models.CharField(max_length=200)
    arguments = models.CharField(max_length=500)
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    turns = models.PositiveIntegerField(default=0)
    # Since when the ticket waits for its next turn (queued, or back from one): a
    # ticket waiting long with no turn task queued lost its task (the sweep).
    waiting_since = models.DateTimeField()
    # The task result id of the turn that started the ticket, so the sweep can
    # mark that task failed when its worker died.
    turn_id = models.CharField(max_length=64, blank=True)
    # Written every JOB_HEARTBEAT_S while a turn runs (clinic.jobs.running): a
    # started ticket whose heartbeat stopped lost its worker, even one that died
    # before its job started or after it ended (no job heartbeat then).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "arguments"], name="one_ticket_per_job"
            )
        ]
        indexes = [models.Index(fields=["started_at", "owner", "queued_at"])]

    def __str__(self) -> str:
        state = "taking a turn" if self.started_at else "waiting"
        return f"{self.job}({self.arguments}) for {self.owner}: {state}"


class OwnerTurn(models.Model):
    owner = models.CharField(max_length=64, primary_key=True)
    last_turn_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.owner} last served {self.last_turn_at:%H:%M:%S}"
