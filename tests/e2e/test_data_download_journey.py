"""A runner on a phone downloads all their data from My details."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.clinic.factories import ActivityFactory, RunnerFactory
from tests.e2e.test_training_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_runner_downloads_all_their_data_on_a_phone(
    live_server: Any, phone: Page, output_dir: Path
) -> None:
    runner = RunnerFactory(timezone="America/Recife")
    ActivityFactory(runner=runner, name="Morning run")
    log_in(phone, live_server.url, runner.user.email)
    phone.goto(f"{live_server.url}/me/details/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    phone.screenshot(path=str(output_dir / "data-download-phone.png"), full_page=True)

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download all my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("tractus-my-data-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert "record.fhir.json" in archive.namelist()
    bundle = json.loads(archive.read("record.fhir.json"))
    assert bundle["entry"][0]["resource"]["telecom"][0]["value"] == runner.user.email
    assert [a["name"] for a in json.loads(archive.read("activities.json"))] == [
        "Morning run"
    ]
