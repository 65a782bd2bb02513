"""The load page on a phone: what matters first, charts a person can read."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import escape

from clinic.training.charts import Bar, weekly_bar_chart
from clinic.training.models import Activity
from tests.clinic.conftest import Cast
from tests.clinic.test_training import HISTORY, import_now, upload
from tractus.load.flags import FRANDSEN_2025

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "src/clinic/static/css/tractus.css"
CARD_WHITE = "#ffffff"
# The history's last run is on Sunday 4 July 2021 (Recife); Wednesday after it:
WEDNESDAY = datetime(2021, 7, 7, 15, tzinfo=UTC)
MONDAY = datetime(2021, 7, 5, 15, tzinfo=UTC)  # noon in Recife, no run yet that week


def _page(cast: Cast, query: str = "", *, at: datetime = WEDNESDAY) -> str:
    url = reverse("training:load", args=[cast.runner_a.pk]) + query
    with time_machine.travel(at):
        response = cast.client_for("runner_a").get(url)
    assert response.status_code == 200
    return response.text


def _km_between(cast: Cast, first: date, last: date) -> float:
    total = Activity.objects.filter(
        runner=cast.runner_a, local_date__range=(first, last), sport="running"
    ).aggregate(m=Sum("distance_m"))["m"]
    return float(total or 0) / 1000


def _section(page: str, heading_id: str) -> str:
    found = re.search(
        rf'<(section|details)[^>]*(?:aria-labelledby="{heading_id}"|id="{heading_id}").*?</\1>',
        page,
        re.S,
    )
    assert found, heading_id
    return found.group(0)


@pytest.fixture
def history(cast: Cast) -> None:
    cast.runner_a.timezone = "America/Recife"
    cast.runner_a.save()
    import_now(cast.runner_a, upload(HISTORY))


@pytest.mark.usefixtures("history")
class TestWhatMattersFirst:
    def test_this_week_is_set_against_last_week_and_the_usual_week(
        self, cast: Cast
    ) -> None:
        week = _section(_page(cast), "week-title")
        assert "No run yet" in week  # Monday 5 to Wednesday 7 July: no run
        last_week = _km_between(cast, date(2021, 6, 28), date(2021, 7, 4))
        assert f"Last week</dt><dd>{last_week:.2f} km" in week
        usual = _km_between(cast, date(2021, 6, 7), date(2021, 7, 4)) / 4
        assert f"{usual:.2f} km" in week and "mean of the 4 weeks before" in week

    def test_the_latest_flag_leads_and_the_rest_are_one_tap_away(
        self, cast: Cast
    ) -> None:
        flags = _section(_page(cast, "?weeks=all"), "flags-title")
        lead = flags.split("<details>")[0]
        assert re.search(
            r"Latest: week of \d+ \w{3} 2021, (\d+ weeks ago|last week)", lead
        )
        assert lead.count("<strong>") == 1  # one flag before the list
        listing = flags.split("<details>", 1)[1]
        assert listing.count("<strong>Week of") == 13
        # Each study is named once under the list, not once per flag.
        assert flags.count(escape(FRANDSEN_2025)) == 1

    def test_every_date_on_the_page_is_written_one_way(self, cast: Cast) -> None:
        page = _page(cast, "?weeks=all")
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", page)  # no ISO dates
        assert not re.search(r">0\d [A-Z][a-z]{2}\b|\b0\d [A-Z][a-z]{2} \d{4}", page)
        assert "Week of 7 Jun 2021" in page and "Sun 13 Jun 2021" in page


@pytest.mark.usefixtures("history")
class TestCharts:
    def test_charts_hold_no_text_and_are_named_by_a_visible_summary(
        self, cast: Cast
    ) -> None:
        page = _page(cast)
        svgs = re.findall(r"<svg.*?</svg>", page, re.S)
        assert len(svgs) == 2
        for svg in svgs:
            assert "<text" not in svg  # labels are HTML at body size
            (name,) = re.findall(r'aria-labelledby="([^"]+)"', svg)
            summary = re.search(rf'id="{name}"[^>]*>([^<]+)<', page)
            assert summary and "26 weeks from" in summary.group(1)

    def test_the_weeks_behind_the_charts_are_a_table(self, cast: Cast) -> None:
        table = _section(_page(cast, "?weeks=12"), "weeks-table")
        assert table.startswith("<details")
        assert table.count('<th scope="row"') == 12
        assert "Week of</th>" in table and "Distance (km)" in table

    def test_a_chart_of_one_week_or_of_none(self) -> None:
        assert weekly_bar_chart([], unit="km", label="x", name="x") is None
        one = weekly_bar_chart(
            [Bar(date(2024, 1, 1), 0.0)], unit="km", label="Distance", name="d"
        )
        assert one is not None
        assert one.summary.startswith("Distance: 1 week from 1 Jan 2024")
        assert one.y_ticks == ("0", "1", "2", "3", "4")


@pytest.mark.usefixtures("history")
class TestTheWeekInProgress:
    """On a Monday the newest week has one day in it: not a 0 km week."""

    def test_the_chart_sets_this_week_so_far_beside_the_last_full_week(
        self, cast: Cast
    ) -> None:
        page = _page(cast, at=MONDAY)
        summary = re.search(r'id="distance-summary"[^>]*>([^<]+)<', page)
        assert summary
        last_week = _km_between(cast, date(2021, 6, 28), date(2021, 7, 4))
        assert (
            f"last full week {last_week:.1f} km (week of 28 Jun 2021), "
            "this week so far 0.0 km (1 day);" in summary.group(1)
        )
        assert "latest" not in summary.group(1)
        assert "<title>Week of 5 Jul 2021 so far (1 day): 0.0 km</title>" in page
        assert 'class="bar in-progress"' in page
        assert "Outlined bar: this week so far." in page

    def test_the_table_marks_the_week_in_progress(self, cast: Cast) -> None:
        table = _section(_page(cast, "?weeks=12", at=MONDAY), "weeks-table")
        first_row = table.split('<th scope="row"', 2)[1]
        assert "5 Jul 2021" in first_row and "so far (1 day)" in first_row

    def test_by_wednesday_it_counts_three_days(self, cast: Cast) -> None:
        page = _page(cast)
        assert "this week so far 0.0 km (3 days)" in page

    def test_an_old_history_ends_on_a_finished_week(self, cast: Cast) -> None:
        page = _page(cast, at=datetime(2022, 1, 5, 15, tzinfo=UTC))
        assert "so far" not in page
        assert re.search(r"latest \d+\.\d km;", page)


def test_a_chart_of_the_week_in_progress_alone() -> None:
    chart = weekly_bar_chart(
        [Bar(date(2024, 1, 1), 3.2, days_so_far=2)],
        unit="km",
        label="Distance",
        name="d",
    )
    assert chart is not None
    assert "this week so far 3.2 km (2 days);" in chart.summary


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _fill(css: str, selector: str) -> str:
    found = re.search(re.escape(selector) + r" \{ fill: ([^;]+);", css)
    assert found, selector
    value = found.group(1)
    if value.startswith("var("):
        name = value[4:-1]
        value = re.search(re.escape(name) + r": (#[0-9a-f]{6})", css).group(1)  # type: ignore[union-attr]
    return value


@pytest.mark.parametrize(
    "selector", [".chart .bar", ".chart .bar.flagged", ".chart .flag-mark"]
)
def test_chart_marks_stand_out_from_the_card_at_3_to_1(selector: str) -> None:
    # WCAG 2.2, 1.4.11 non-text contrast: 3:1 for the parts of a chart one must see.
    assert _contrast(_fill(CSS.read_text(), selector), CARD_WHITE) >= 3.0


def test_the_time_shown_for_a_week_does_not_depend_on_the_server_zone() -> None:
    bars = [Bar(date(2024, 1, 1) + timedelta(weeks=i), float(i)) for i in range(3)]
    chart = weekly_bar_chart(bars, unit="km", label="Distance", name="d")
    assert chart is not None
    assert chart.x_labels == ("1 Jan", "8 Jan", "15 Jan")
