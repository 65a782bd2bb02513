"""Importing activity files on the web, and the load page."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clinic.runners.models import Runner
from clinic.training.models import Activity, ImportBatch, ImportItem
from clinic.training.services import run_import, start_import
from tests.clinic.conftest import Cast
from tests.clinic.factories import RunnerFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "activities"
HISTORY = DATA / "history" / "runpandas_nrc_sessions_2020-07_2021-07.zip"


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def import_now(runner: Runner, *files: SimpleUploadedFile) -> ImportBatch:
    batch = start_import(
        runner=runner, uploads=list(files), now=timezone.now(), queue=False
    )
    run_import.call(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def statuses(batch: ImportBatch) -> dict[str, str]:
    return {item.name: item.status for item in batch.items.all()}


def strava_export() -> SimpleUploadedFile:
    """A Strava bulk export zip built from the real export's CSV and activity file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(DATA / "strava_export" / "activities.csv", "activities.csv")
        for path in (DATA / "strava_export" / "activities").iterdir():
            archive.write(path, f"activities/{path.name}")
    return SimpleUploadedFile("export_12345.zip", buffer.getvalue())


class TestImport:
    def test_a_years_history_imports_its_runs_and_skips_the_rest(self) -> None:
        runner = RunnerFactory(timezone="America/Recife")
        batch = import_now(runner, upload(HISTORY))
        assert batch.status == ImportBatch.Status.DONE
        assert batch.files_done == batch.files_total == 68
        entries = batch.items.exclude(name=HISTORY.name)
        assert entries.count() == 68
        assert entries.filter(status=ImportItem.Status.IMPORTED).count() == 66
        assert entries.filter(status=ImportItem.Status.NOT_A_RUN).count() == 2
        assert Activity.objects.filter(runner=runner).count() == 66
        assert not any(
            Path(i.stored_path).exists() for i in batch.items.all() if i.stored_path
        )

    def test_importing_the_same_files_again_changes_nothing(self) -> None:
        runner = RunnerFactory()
        import_now(runner, upload(HISTORY))
        before = list(
            Activity.objects.filter(runner=runner).values_list("pk", "distance_m")
        )
        again = import_now(runner, upload(HISTORY))
        after = list(
            Activity.objects.filter(runner=runner).values_list("pk", "distance_m")
        )
        assert before == after
        entries = again.items.exclude(name=HISTORY.name)
        assert entries.filter(status=ImportItem.Status.DUPLICATE).count() == 66

    def test_the_same_run_in_three_formats_is_stored_once_from_the_fit(self) -> None:
        runner = RunnerFactory()
        batch = import_now(
            runner,
            upload(DATA / "gpx" / "heartandsole__testdata.gpx"),
            upload(DATA / "tcx" / "heartandsole__testdata.tcx"),
            upload(DATA / "fit" / "heartandsole__testdata.fit"),
        )
        stored = Activity.objects.get(runner=runner)
        assert stored.source_format == "fit"  # the richer source replaced the GPX
        assert sorted(statuses(batch).values()) == [
            "duplicate",
            "duplicate",
            "imported",
        ]

    def test_strava_export_is_joined_on_its_filenames(self) -> None:
        runner = RunnerFactory()
        batch = import_now(runner, strava_export())
        run = Activity.objects.get(runner=runner)
        assert run.distance_m == pytest.approx(3323, rel=0.01)
        assert batch.items.get(name="export_12345.zip").message.startswith(
            "Export read"
        )

    def test_a_corrupt_file_is_reported_and_the_rest_goes_on(self) -> None:
        runner = RunnerFactory()
        batch = import_now(
            runner,
            upload(DATA / "fit" / "fitparse__nick.fit"),
            upload(DATA / "fit" / "runpandas__run.fit"),
        )
        corrupt = batch.items.get(name="fitparse__nick.fit")
        assert corrupt.status == ImportItem.Status.ERROR
        assert "fitparse__nick.fit" in corrupt.message
        assert Activity.objects.filter(runner=runner).count() == 1

    def test_a_route_without_times_is_skipped_with_a_note(self) -> None:
        batch = import_now(
            RunnerFactory(), upload(DATA / "gpx" / "gap__berlin-0.9km-route.gpx")
        )
        item = batch.items.get()
        assert item.status == ImportItem.Status.NO_ACTIVITY
        assert "no activity" in item.message

    def test_a_ride_is_not_counted_as_a_run(self) -> None:
        batch = import_now(
            RunnerFactory(), upload(DATA / "fit" / "sweatpy__4801048867.fit")
        )
        assert batch.items.get().status == ImportItem.Status.NOT_A_RUN
        assert "cycling" in batch.items.get().message
        assert not Activity.objects.exists()

    def test_a_zip_escaping_its_folder_is_refused_whole(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.write(DATA / "fit" / "runpandas__run.fit", "run.fit")
            archive.writestr("../../etc/evil.gpx", "<gpx/>")
        batch = import_now(
            RunnerFactory(), SimpleUploadedFile("evil.zip", buffer.getvalue())
        )
        item = batch.items.get(name="evil.zip")
        assert item.status == ImportItem.Status.ERROR
        assert "evil.zip" in item.message
        assert not Activity.objects.exists()


class TestUploadPage:
    def test_upload_queues_an_import_that_the_worker_runs(
        self, cast: Cast, transactional_db: None
    ) -> None:
        client = cast.client_for("runner_a")
        response = client.post(
            reverse("training:upload"),
            {"files": [upload(DATA / "fit" / "runpandas__run.fit"), upload(HISTORY)]},
        )
        batch = ImportBatch.objects.get()
        assert response["Location"] == reverse(
            "training:import", args=[batch.public_id]
        )
        assert batch.status == ImportBatch.Status.QUEUED
        status_url = reverse("training:import-status", args=[batch.public_id])
        page = client.get(response["Location"])
        # Polled with htmx while live; the page itself shows the same partial.
        assert f'hx-get="{status_url}"' in page.text
        assert 'hx-trigger="every 2s"' in page.text
        assert "/static/django_htmx/htmx-2.min.js" in page.text  # our copy, no CDN
        waiting = client.get(status_url, {"shown": "Waiting to start"})
        assert waiting.status_code == 200
        assert '<p class="job-progress">0 of 2 files</p>' in waiting.text
        assert "hx-swap-oob" not in waiting.text  # the status line has not changed
        assert waiting.text in page.text  # a reload without script shows the same
        assert '<p role="status" id="job-status" class="job-status">' in page.text

        call_command("worker", burst=True)

        ended = client.get(status_url, {"shown": "Waiting to start"})
        assert ended.status_code == 286  # htmx stops polling
        # The live status line is rewritten, as it changed.
        assert '<p id="job-status" hx-swap-oob="innerHTML">Finished</p>' in ended.text
        assert '<p class="job-progress">69 of 69 files</p>' in ended.text
        assert 'max="100" value="100"' in ended.text
        assert "Skipped: not a run" in ended.text and "Imported" in ended.text
        assert "See my training load" in ended.text
        ended = client.get(status_url, {"shown": "Finished"})
        page = client.get(response["Location"])
        assert "hx-get" not in page.text and ended.text in page.text
        assert "Importing" not in page.text  # a finished import is not "importing"

    def test_wrong_file_types_are_refused_by_name_and_the_rest_imports(
        self, cast: Cast
    ) -> None:
        client = cast.client_for("runner_a")
        response = client.post(
            reverse("training:upload"),
            {
                "files": [
                    SimpleUploadedFile("holiday.jpg", b"\xff\xd8"),
                    upload(DATA / "fit" / "runpandas__run.fit"),
                ]
            },
            follow=True,
        )
        assert "holiday.jpg: not an activity file" in response.text
        assert [i.name for i in ImportBatch.objects.get().items.all()] == [
            "runpandas__run.fit"
        ]

    def test_oversized_files_are_refused_with_the_limit(
        self, cast: Cast, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("clinic.training.forms.MAX_FILE_BYTES", 1000)
        response = cast.client_for("runner_a").post(
            reverse("training:upload"),
            {"files": [upload(DATA / "fit" / "runpandas__run.fit")]},
        )
        assert response.status_code == 200
        assert (
            "runpandas__run.fit: 56.3\xa0KB is over the 1000\xa0bytes limit"
            in response.text
        )
        assert not ImportBatch.objects.exists()


class TestLoadPage:
    def test_it_shows_the_charts_flags_and_recent_runs(self, cast: Cast) -> None:
        import_now(cast.runner_a, upload(HISTORY))
        response = cast.client_for("clinician_with_access").get(
            reverse("training:load", args=[cast.runner_a.pk]) + "?weeks=all"
        )
        assert response.status_code == 200
        assert response.text.count('class="chart"') == 2
        assert "Single run much longer than usual" in response.text
        assert "Frandsen" in response.text  # each flag cites its source
        assert "contested" in response.text  # the ACWR comes with its caveat
        assert "Recent runs" in response.text

    def test_flags_are_one_line_per_week_strongest_evidence_first(
        self, cast: Cast
    ) -> None:
        import_now(cast.runner_a, upload(HISTORY))
        response = cast.client_for("runner_a").get(
            reverse("training:load", args=[cast.runner_a.pk]) + "?weeks=all"
        )
        lines = re.findall(r"<strong>Week of ([^:<]+):", response.text)
        assert len(lines) == len(set(lines)) == 13  # the demo history's weeks
        # The week of 7 June 2021: the 15.7 km run leads, its week's rise follows.
        week = response.text.split("Week of 7 Jun 2021:", 1)[1].split("</li></ul>")[0]
        assert week.index("Single run much longer") < week.index("Also that week")
        assert "Weekly distance up sharply" in week
        assert "overlap almost entirely" in response.text

    def test_it_says_how_long_the_next_run_can_be_before_it_is_a_spike(
        self, cast: Cast
    ) -> None:
        import_now(cast.runner_a, upload(HISTORY))
        url = reverse("training:load", args=[cast.runner_a.pk])
        # The history ends on 4 July 2021; its longest run of the 30 days
        # before 5 July is 15.7 km, on 13 June.
        with time_machine.travel(datetime(2021, 7, 5, 12, tzinfo=UTC)):
            own = cast.client_for("runner_a").get(url).text
            clinician = cast.client_for("clinician_with_access").get(url).text
        assert "Your next run (today)" in own
        assert "15.71 km</strong> on Sun 13 Jun" in own
        assert "17.28 km" in own and "1.64 times" in own  # the >10% band
        # The percentage keeps its sign on the same line as the number.
        assert '<td class="nowrap">&gt;10&nbsp;%</td>' in own
        assert "until 13 Jul" in own
        assert "Next run (today)" in clinician
        # Months later the history is not current: no advice for a past day.
        with time_machine.travel(datetime(2021, 11, 5, 12, tzinfo=UTC)):
            later = cast.client_for("runner_a").get(url).text
        assert "next run" not in later.lower()

    def test_without_runs_it_says_how_to_start(self, cast: Cast) -> None:
        response = cast.client_for("runner_a").get(
            reverse("training:load", args=[cast.runner_a.pk])
        )
        assert "No runs imported yet" in response.text


def test_an_upload_over_the_request_limit_is_refused_before_reading(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic.training import views

    monkeypatch.setattr(views.upload, "upload_limit_bytes", 10_000)
    response = cast.client_for("runner_a").post(
        reverse("training:upload"), {"files": [upload(HISTORY)]}
    )
    assert response.status_code == 413
    assert "over the 9.8\xa0KB limit for one upload" in response.text
    assert not ImportBatch.objects.exists()
