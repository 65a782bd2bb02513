"""The load page's computation (and the timeline's load flags) kept per runner, until
the runs or the day change.

Building the series, flags and charts of a long history is most of the page's
cost; the result depends only on the runner's runs, the runner's day ("today" in
their time zone, passed in by the caller), their time zone and the range shown.
One cache entry per runner holds the results for the ranges viewed so far, with
what they were computed from. An entry counts only while all of that is unchanged:

- the runs: the number of runs, the newest row id, and the files processed by the
  runner's imports (an import that replaces a run by a richer file in place still
  advances this), read by two aggregate queries on every view;
- the day and the time zone;
- the shape of what is kept (`SHAPE`, raised whenever the page's data classes
  change, so an entry written by the previous release is never read back).

So an import, a new day and a time-zone change each refresh the page, in every
web process at once, with no message to send. Erasing an account deletes the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.cache import caches
from django.db.models import Count, Max, Sum

from clinic.runners.models import Runner
from clinic.training.models import Activity, ImportBatch

T = TypeVar("T")
CACHE_ALIAS = "load_page"
SHAPE = 2  # 2: the overview holds this week and the charts as BarChart


def _key(runner_id: int) -> str:
    return f"training:load:{runner_id}"


def runs_version(runner: Runner) -> tuple[Any, ...]:
    """What changes whenever the runner's runs do (see the module docstring)."""
    runs = Activity.objects.filter(runner=runner).aggregate(
        n=Count("id"), last=Max("id")
    )
    imports = ImportBatch.objects.filter(runner=runner).aggregate(
        last=Max("id"), done=Sum("files_done")
    )
    return (runs["n"], runs["last"], imports["last"], imports["done"])


def cached_for_runner(
    runner: Runner, *, today: date, variant: str, compute: Callable[[], T]
) -> T:
    """`compute()`, or its result kept from an earlier view with the same inputs.

    Parameters
    ----------
    runner
        Whose page it is.
    today
        The runner's own date (in their time zone).
    variant
        What else the result depends on (the range of weeks shown).
    compute
        Builds the result from the database when nothing valid is kept.
    """
    cache = caches[CACHE_ALIAS]
    valid_for = (SHAPE, runs_version(runner), today.isoformat(), runner.timezone)
    entry = cache.get(_key(runner.pk))
    if not isinstance(entry, dict) or entry.get("valid_for") != valid_for:
        entry = {"valid_for": valid_for, "results": {}}
    results: dict[str, Any] = entry["results"]
    if variant not in results:
        results[variant] = compute()
        cache.set(_key(runner.pk), entry)
    result: T = results[variant]
    return result


def forget_runner(runner_id: int) -> None:
    """Delete what is kept for a runner (their account is being erased)."""
    caches[CACHE_ALIAS].delete(_key(runner_id))
