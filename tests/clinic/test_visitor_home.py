"""A visitor's home page shows what Tractus does, with real pictures, and one first action."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse
from PIL import Image

STATIC = Path(__file__).resolve().parents[2] / "src/clinic/static"
MAX_PICTURE_BYTES = 60_000  # a phone on a slow network loads the page quickly
PARTS = ("Symptom check", "Training load", "Motion lab", "Rehab", "Booking")


def _home(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_names_every_part_of_the_pathway(client: Client) -> None:
    page = _home(client)
    headings = re.findall(r"<h3>([^<]+)</h3>", page)
    assert tuple(headings) == PARTS


def test_each_part_has_a_compressed_screenshot_with_alt_text(client: Client) -> None:
    page = _home(client)
    images = re.findall(r'<img src="/static/(home/[^"]+)"[^>]*alt="([^"]*)"', page)
    assert len(images) == len(PARTS)
    for path, alt in images:
        assert alt.startswith("Screenshot of ") and len(alt) > 40
        file = STATIC / path
        assert file.stat().st_size <= MAX_PICTURE_BYTES, path
        with Image.open(file) as picture:
            assert picture.format == "WEBP"
            assert picture.size == (640, 480)  # as the width and height attributes say


def test_the_first_action_is_the_symptom_check(client: Client) -> None:
    page = _home(client)
    first_button = re.search(r'<a class="btn" href="([^"]+)">([^<]+)</a>', page)
    assert first_button is not None
    assert first_button.groups() == (reverse("triage:start"), "Start the symptom check")
