"""Every id a page refers to is on the page, and every invalid input says why.

Django points each input's `aria-describedby` at `<id>_helptext` and `<id>_error`;
a screen reader reads those elements when the input has focus. An id that is not
printed leaves the runner hearing "invalid" with no reason. These tests render
every page of the access matrix for every role that may see it, and the error
state of the forms, and check each reference resolves.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.clinic.conftest import ROLES, Cast
from tests.clinic.test_access import MATRIX, OK

# Attributes whose value names other elements by id (space-separated for aria-*).
ID_REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


def dangling_references(html: str) -> list[str]:
    """The references on a page to ids the page does not have."""
    document = lxml.html.fromstring(html)
    ids = set(document.xpath("//@id"))
    missing = []
    for attribute in ID_REFERENCES:
        for element in document.xpath(f"//*[@{attribute}]"):
            for ref in element.get(attribute).split():
                if ref not in ids:
                    missing.append(f'<{element.tag} {attribute}="{ref}">')
    return missing


def _pages_each_role_sees() -> list[tuple[str, str]]:
    return [
        (url_name, role)
        for url_name, (method, _, expected) in sorted(MATRIX.items())
        for role in ROLES
        if method == "get" and expected[role] == OK
    ]


@pytest.mark.parametrize(("url_name", "role"), _pages_each_role_sees())
def test_every_page_prints_the_ids_it_refers_to(
    cast: Cast, url_name: str, role: str
) -> None:
    _, args_for, _ = MATRIX[url_name]
    response = cast.client_for(role).get(reverse(url_name, args=args_for(cast)))
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        return  # a file, a feed, JSON: nothing to read aloud
    assert dangling_references(response.text) == []


def _invalid_inputs_explain_themselves(html: str) -> list[str]:
    """For each input marked invalid, the text its description reads out."""
    document = lxml.html.fromstring(html)
    reasons = []
    for element in document.xpath("//*[@aria-invalid='true']"):
        # A group of choices is described by its fieldset.
        described = element.get("aria-describedby") or "".join(
            element.xpath("ancestor::fieldset[1]/@aria-describedby")
        )
        errors = [ref for ref in described.split() if ref.endswith("_error")]
        assert errors, f"{element.get('name')} is invalid with no error to read"
        (error,) = document.xpath(f"//*[@id='{errors[0]}']")
        reasons.append(error.text_content().strip())
    return reasons


# (url name, role, posted data, a phrase the reason read out contains)
INVALID_POSTS: list[tuple[str, str, dict[str, Any], str]] = [
    ("accounts:signup", "anonymous", {"email": "not-an-address"}, "valid email"),
    ("runners:details", "runner_a", {"full_name": ""}, "required"),
    ("runners:delete", "runner_a", {"confirm_email": "x@y.test"}, "not the e-mail"),
    ("runners:sharing", "runner_a", {"clinic": ""}, "at least one part"),
]


@pytest.mark.parametrize(("url_name", "role", "data", "reason"), INVALID_POSTS)
def test_an_invalid_field_reads_out_its_error(
    cast: Cast, url_name: str, role: str, data: dict[str, Any], reason: str
) -> None:
    response = cast.client_for(role).post(reverse(url_name), data)
    assert response.status_code in {200, 400}
    assert dangling_references(response.text) == []
    reasons = _invalid_inputs_explain_themselves(response.text)
    assert reasons, "the form was not refused"
    assert any(reason in r for r in reasons), reasons


def test_help_text_is_read_with_its_input(cast: Cast) -> None:
    response = cast.client_for("runner_a").get(reverse("runners:details"))
    document = lxml.html.fromstring(response.text)
    (select,) = document.xpath("//select[@name='timezone']")
    (help_text,) = document.xpath(f"//*[@id='{select.get('aria-describedby')}']")
    assert "local date" in help_text.text_content()


def _live_regions(html: str) -> list[Any]:
    document = lxml.html.fromstring(html)
    return list(document.xpath("//*[@role='status' or @role='alert' or @aria-live]"))


def test_pages_that_update_announce_their_status(cast: Cast) -> None:
    """The import's status, the upload's chosen files and the session timer's
    phase are live regions; the timer's seconds are not (read four times a second)."""
    from clinic.training.models import ImportBatch
    from tests.clinic.rehab_helpers import make_programme

    runner = cast.client_for("runner_a")
    batch = ImportBatch.objects.create(runner=cast.runner_a, created_at=timezone.now())
    page = runner.get(reverse("training:import", args=[batch.public_id])).text
    assert "job-status" in {e.get("id") for e in _live_regions(page)}
    upload = runner.get(reverse("training:upload")).text
    assert "chosen" in {e.get("id") for e in _live_regions(upload)}

    make_programme(cast.runner_a)
    session = runner.get(reverse("programmes:session", args=[cast.runner_a.pk])).text
    live = _live_regions(session)
    assert any("timer-phase" in (e.get("class") or "") for e in live)
    document = lxml.html.fromstring(session)
    (count, *_) = document.xpath("//*[@data-role='count']")
    assert not count.xpath("ancestor-or-self::*[@aria-live or @role='status']")
