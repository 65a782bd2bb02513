"""The load page's kept computation: used while nothing changed, refreshed when
the runs, the runner's day or their time zone change, gone with the account.

A run's distance changed behind the cache's back (a plain queryset update, which
no import would do) shows whether a view used the kept result or recomputed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from clinic.runners.models import Runner
from clinic.runners.services import delete_account
from clinic.training.load_cache import CACHE_ALIAS
from clinic.training.models import Activity
from clinic.training.selectors import (
    compute_overview,
    recent_runs,
    training_overview,
)
from tests.clinic.factories import ActivityFactory, RunnerFactory
from tests.clinic.test_training import import_now

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
FIT = Path(__file__).resolve().parents[1] / "data/activities/fit/runpandas__run.fit"


@pytest.fixture
def runner() -> Runner:
    runner = RunnerFactory(timezone="Europe/Berlin")
    for days_ago in range(1, 40, 2):
        ActivityFactory(runner=runner, local_date=TODAY - timedelta(days=days_ago))
    return runner


def _distance_km(runner: Runner, today: date = TODAY) -> float:
    overview = training_overview(runner, today=today, range_key="12")
    assert overview is not None
    return sum(week["distance_km"] for week in overview.weeks)


def _change_behind_the_cache(runner: Runner) -> None:
    Activity.objects.filter(runner=runner).update(distance_m=7000.0)


def test_a_second_view_uses_the_kept_result(runner: Runner) -> None:
    before = _distance_km(runner)
    _change_behind_the_cache(runner)
    assert _distance_km(runner) == before
    assert caches[CACHE_ALIAS].get(f"training:load:{runner.pk}") is not None


def test_the_kept_result_is_what_the_page_computes(runner: Runner) -> None:
    kept = training_overview(runner, today=TODAY, range_key="all")
    again = training_overview(runner, today=TODAY, range_key="all")
    assert again == compute_overview(runner, today=TODAY, range_key="all") == kept


def test_an_import_refreshes_the_page(runner: Runner) -> None:
    before = _distance_km(runner)
    _change_behind_the_cache(runner)
    recent = recent_runs(runner, today=TODAY)
    import_now(runner, SimpleUploadedFile(FIT.name, FIT.read_bytes()))
    assert _distance_km(runner) == pytest.approx(before * 7 / 5)
    # The newest runs are kept alike; the imported run is from 2020, so it is not
    # among them, but their distances are read again.
    again = recent_runs(runner, today=TODAY)
    assert [r.pk for r in again] == [r.pk for r in recent]
    assert {r.distance_m for r in again} == {7000.0}


def test_a_new_day_refreshes_the_page(runner: Runner) -> None:
    before = _distance_km(runner)
    _change_behind_the_cache(runner)
    tomorrow = TODAY + timedelta(days=1)
    assert _distance_km(runner, tomorrow) == pytest.approx(before * 7 / 5)


def test_a_time_zone_change_refreshes_the_page(runner: Runner) -> None:
    before = _distance_km(runner)
    _change_behind_the_cache(runner)
    runner.timezone = "America/New_York"
    runner.save(update_fields=["timezone"])
    assert _distance_km(runner) == pytest.approx(before * 7 / 5)


def test_each_range_is_kept_separately(runner: Runner) -> None:
    twelve = training_overview(runner, today=TODAY, range_key="12")
    everything = training_overview(runner, today=TODAY, range_key="all")
    assert twelve is not None and everything is not None
    assert len(everything.weeks) >= len(twelve.weeks)
    assert training_overview(runner, today=TODAY, range_key="12") == twelve


def test_erasing_the_account_deletes_the_kept_page(runner: Runner) -> None:
    _distance_km(runner)
    key = f"training:load:{runner.pk}"
    assert caches[CACHE_ALIAS].get(key) is not None
    delete_account(user=runner.user)
    assert caches[CACHE_ALIAS].get(key) is None
