"""The main menu: what each role gets, and which link is the page the viewer is on."""

from __future__ import annotations

import re

from django.urls import reverse

from clinic.lib.navigation import NavGroup, NavLink, mark_current, menu_for
from tests.clinic.conftest import Cast


def _labels(groups: tuple[NavGroup, ...]) -> list[str]:
    return [link.label for group in groups for link in group.links]


def _current(groups: tuple[NavGroup, ...]) -> list[tuple[str, str]]:
    return [
        (link.label, link.current)
        for group in groups
        for link in group.links
        if link.current
    ]


def _runner_menu(path: str) -> tuple[NavGroup, ...]:
    return menu_for(is_clinician=False, administered=[], runner_id=7, path=path)


class TestCurrentPage:
    def test_the_page_itself_is_the_current_page(self) -> None:
        assert _current(_runner_menu("/runners/7/training/")) == [("Training", "page")]

    def test_a_page_inside_a_section_marks_its_section(self) -> None:
        assert _current(_runner_menu("/runners/7/rehab/plan/")) == [("Rehab", "true")]
        assert _current(_runner_menu("/book/demo/3/")) == [("Appointments", "true")]

    def test_the_most_specific_section_wins_over_the_record(self) -> None:
        # /runners/7/ (My record) is a prefix of the training page too.
        assert _current(_runner_menu("/runners/7/motion/")) == [("Videos", "page")]
        assert _current(_runner_menu("/runners/7/")) == [("My record", "page")]

    def test_a_page_outside_every_section_marks_nothing(self) -> None:
        assert _current(_runner_menu("/check/q/pain/")) == []

    def test_marking_leaves_the_links_in_their_order(self) -> None:
        groups = (NavGroup("g", (NavLink("A", "/a/"), NavLink("B", "/a/b/"))),)
        marked = mark_current(groups, "/a/b/c/")
        assert _labels(marked) == ["A", "B"]
        assert _current(marked) == [("B", "true")]


class TestWhatEachRoleGets:
    def test_a_runner_gets_their_care_and_nothing_of_the_clinic(self) -> None:
        labels = _labels(_runner_menu("/"))
        assert labels[:3] == ["Rehab", "Training", "Videos"]
        assert "Patients" not in labels and "Staff" not in labels

    def test_an_admin_of_two_clinics_can_tell_their_staff_pages_apart(self) -> None:
        groups = menu_for(
            is_clinician=False,
            administered=[("north", "North Physio"), ("south", "South Physio")],
            runner_id=None,
            path="/",
        )
        assert [g.label for g in groups] == [
            "North Physio: admin",
            "South Physio: admin",
        ]
        assert "Staff (North Physio)" in _labels(groups)


def _menu_html(client_page: str) -> str:
    found = re.search(r'<details class="menu".*?</details>', client_page, re.S)
    assert found, "the page has no main menu"
    return found.group(0)


def test_the_menu_on_a_page_marks_it_for_assistive_technology(cast: Cast) -> None:
    url = reverse("training:load", args=[cast.runner_a.pk])
    page = cast.client_for("runner_a").get(url).content.decode()
    menu = _menu_html(page)
    assert f'<a href="{url}" aria-current="page">Training</a>' in menu
    assert menu.count("aria-current") == 1
    assert "<summary>" in menu and 'aria-label="Main"' in menu


def test_a_clinician_who_also_runs_the_clinic_gets_both_groups(cast: Cast) -> None:
    cast.clinician_a.memberships.update(is_admin=True)
    page = cast.client_for("clinician_with_access").get(reverse("home"))
    menu = _menu_html(page.content.decode())
    assert "My day" in menu and "Booking set-up" in menu
    assert 'aria-labelledby="menu-group-2"' in menu


def test_a_visitor_gets_log_in_and_sign_up_without_a_menu(client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<details class="menu"' not in page
    assert f'href="{reverse("accounts:login")}" aria-current="page"' in page
