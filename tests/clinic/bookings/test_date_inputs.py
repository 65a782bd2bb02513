"""Date and time fields render values <input type=date> and datetime-local accept.

The site's locale (en-gb) writes dates as 07/12/2026; a browser's date input takes
only 2026-12-07 and shows an empty field for anything else.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from clinic.accounts.models import User
from clinic.bookings.forms import TimeOffForm, WaitlistForm


@pytest.mark.django_db
def test_the_waitlist_dates_render_in_iso() -> None:
    form = WaitlistForm(
        initial={"earliest_on": date(2026, 12, 7), "latest_on": date(2026, 12, 9)},
        clinicians=User.objects.none(),
    )
    html = form.as_p()
    assert 'value="2026-12-07"' in html and 'value="2026-12-09"' in html


def test_time_off_renders_in_iso_to_the_minute() -> None:
    form = TimeOffForm(
        initial={
            "starts_at": datetime(2026, 12, 7, 9, 0),
            "ends_at": datetime(2026, 12, 7, 13, 30),
        }
    )
    html = form.as_p()
    assert 'value="2026-12-07T09:00"' in html and 'value="2026-12-07T13:30"' in html
