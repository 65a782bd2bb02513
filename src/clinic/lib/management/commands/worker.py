"""Run a task worker for whichever task backend is configured.

With the default database backend this is django-tasks-db's `db_worker`; with
REDIS_URL set it is an RQ worker on the `default` queue, and any number of them
can run on any number of machines. Either way the worker first sweeps for jobs
whose worker died (clinic.jobs.sweep), then again every JOB_SWEEP_EVERY_S.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from clinic.jobs.sweep import sweep_jobs, sweep_now_and_then


class Command(BaseCommand):
    help = "Run a background task worker (database or RQ backend, as configured)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run the queued tasks, then stop."
        )

    def handle(self, *args: Any, burst: bool = False, **options: Any) -> None:
        self.stdout.write(f"Job sweep on start: {sweep_jobs(now=timezone.now())}")
        stop_sweeping = None
        if not burst:
            stop_sweeping = sweep_now_and_then(every_s=settings.JOB_SWEEP_EVERY_S)
        try:
            self._work(burst=burst)
        finally:
            if stop_sweeping is not None:
                stop_sweeping.set()

    def _work(self, *, burst: bool) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            # The scheduler runs tasks queued for later (booking reminders,
            # the end of a waitlist offer's claim window).
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=burst,
                with_scheduler=True,
            )
        else:
            call_command("db_worker", batch=burst, startup_delay=not burst)
