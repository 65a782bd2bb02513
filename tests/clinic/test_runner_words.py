"""Runner pages name studies, never a section of our reference file (#13, #32)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.clinic.conftest import Cast
from tests.clinic.test_access import MATRIX, OK

RUNNER_PAGES = sorted(
    name
    for name, (method, _, expected) in MATRIX.items()
    if method == "get" and expected["runner_a"] == OK
)


@pytest.mark.parametrize("url_name", RUNNER_PAGES)
def test_no_runner_page_shows_the_reference_file(cast: Cast, url_name: str) -> None:
    _, args_for, _ = MATRIX[url_name]
    response = cast.client_for("runner_a").get(reverse(url_name, args=args_for(cast)))
    if response["Content-Type"].startswith("text/html"):
        assert "clinical.md" not in response.content.decode()


def test_a_clinician_still_reads_the_section_of_a_finding(cast: Cast) -> None:
    _, args_for, _ = MATRIX["workspace:assessment"]
    url = reverse("workspace:assessment", args=args_for(cast))
    seen = cast.client_for("clinician_with_access").get(url).content.decode()
    assert "clinical.md §4.3" in seen
