"""The runner's own day: today, tomorrow and the next-run card in their time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.clinic.conftest import Cast
from tests.clinic.factories import RunnerFactory
from tests.clinic.test_training import HISTORY, import_now, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "now", "day"),
    [
        # Midnight UTC is still the evening before in Recife (UTC-3, no DST).
        ("America/Recife", datetime(2026, 12, 7, 0, 0, tzinfo=UTC), date(2026, 12, 6)),
        ("America/Recife", datetime(2026, 12, 7, 3, 0, tzinfo=UTC), date(2026, 12, 7)),
        # ... and already tomorrow east of Greenwich.
        ("Asia/Tokyo", datetime(2026, 12, 6, 15, 30, tzinfo=UTC), date(2026, 12, 7)),
        # Berlin springs forward on 28 March 2021 (CET+1 to CEST+2).
        ("Europe/Berlin", datetime(2021, 3, 27, 22, 30, tzinfo=UTC), date(2021, 3, 27)),
        ("Europe/Berlin", datetime(2021, 3, 27, 23, 30, tzinfo=UTC), date(2021, 3, 28)),
        ("Europe/Berlin", datetime(2021, 3, 28, 21, 59, tzinfo=UTC), date(2021, 3, 28)),
        ("Europe/Berlin", datetime(2021, 3, 28, 22, 0, tzinfo=UTC), date(2021, 3, 29)),
        # ... and falls back on 31 October 2021.
        (
            "Europe/Berlin",
            datetime(2021, 10, 30, 21, 59, tzinfo=UTC),
            date(2021, 10, 30),
        ),
        (
            "Europe/Berlin",
            datetime(2021, 10, 30, 22, 0, tzinfo=UTC),
            date(2021, 10, 31),
        ),
        (
            "Europe/Berlin",
            datetime(2021, 10, 31, 22, 59, tzinfo=UTC),
            date(2021, 10, 31),
        ),
        ("Europe/Berlin", datetime(2021, 10, 31, 23, 0, tzinfo=UTC), date(2021, 11, 1)),
        # Sao Paulo dropped DST in 2019; New York springs forward at 07:00 UTC.
        ("America/New_York", datetime(2026, 3, 8, 4, 59, tzinfo=UTC), date(2026, 3, 7)),
        ("America/New_York", datetime(2026, 3, 8, 5, 0, tzinfo=UTC), date(2026, 3, 8)),
    ],
)
def test_the_runners_today_follows_their_time_zone(
    zone: str, now: datetime, day: date
) -> None:
    runner = RunnerFactory(timezone=zone)
    assert runner.local_today(now) == day
    with time_machine.travel(now, tick=False):
        assert runner.local_today(timezone.now()) == day


def _next_run_heading(cast: Cast) -> str:
    url = reverse("training:load", args=[cast.runner_a.pk])
    text = cast.client_for("runner_a").get(url).text
    return text.split('id="next-title">', 1)[1].split("</h2>", 1)[0]


def test_at_midnight_utc_the_recife_runner_is_not_told_it_is_tomorrow(
    cast: Cast,
) -> None:
    cast.runner_a.timezone = "America/Recife"
    cast.runner_a.save()
    import_now(cast.runner_a, upload(HISTORY))
    # The history's last run is on Sunday 4 July 2021, Recife time.
    last = cast.runner_a.activities.order_by("-local_date").first()
    assert last is not None and last.local_date == date(2021, 7, 4)
    # 00:30 UTC on 5 July is 21:30 on 4 July in Recife: the runner has run
    # today, so the card is for tomorrow (5 July), not "today" (UTC's 5 July).
    with time_machine.travel(datetime(2021, 7, 5, 0, 30, tzinfo=UTC)):
        assert _next_run_heading(cast) == "Your next run (tomorrow)"
    # At 03:00 UTC it is 00:00 on 5 July in Recife: now it is today.
    with time_machine.travel(datetime(2021, 7, 5, 3, 0, tzinfo=UTC)):
        assert _next_run_heading(cast) == "Your next run (today)"
