"""The runner's home page leads to each step of the pathway they have reached."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.clinic.conftest import Cast
from tests.clinic.rehab_helpers import make_programme
from tests.clinic.test_workspace import _appointment


def _home(cast: Cast) -> str:
    response = cast.client_for("runner_a").get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_runner_without_a_programme_or_visit_is_offered_both(cast: Cast) -> None:
    page = _home(cast)
    assert reverse("programmes:start") in page
    assert reverse("booking") in page


def test_a_runner_sees_their_programme_and_next_visit(cast: Cast) -> None:
    cast.runner_a.timezone = "America/Recife"
    cast.runner_a.save()
    make_programme(cast.runner_a)
    soon = timezone.now().replace(microsecond=0, second=0) + timedelta(days=2)
    later = _appointment(cast, cast.runner_a, soon + timedelta(days=5))
    visit = _appointment(cast, cast.runner_a, soon)
    page = _home(cast)
    assert reverse("programmes:mine") in page
    assert reverse("programmes:start") not in page
    assert reverse("bookings:appointment", args=[visit.public_id]) in page
    assert reverse("bookings:appointment", args=[later.public_id]) not in page
    local = timezone.localtime(soon, timezone=timezone.get_fixed_timezone(-180))
    assert local.strftime("%H:%M") in page  # Recife is UTC-3 all year


def test_a_past_visit_is_not_the_next_one(cast: Cast) -> None:
    _appointment(cast, cast.runner_a, timezone.now() - timedelta(days=3))
    assert reverse("booking") in _home(cast)
