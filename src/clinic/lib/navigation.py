"""The main menu: which links a viewer gets, and which one is the page they are on.

One list feeds the phone's disclosure menu and the desktop bar alike, so the two
can never disagree about what a role may open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True, slots=True)
class NavLink:
    label: str
    href: str
    # Other paths that belong to the same part of the app (the runner's rehab day
    # lives under /runners/<id>/rehab/ while the menu opens /rehab/).
    also: tuple[str, ...] = ()
    current: str = ""  # "page" on the page itself, "true" inside its section, else ""


@dataclass(frozen=True, slots=True)
class NavGroup:
    label: str
    links: tuple[NavLink, ...]


def clinician_links() -> tuple[NavLink, ...]:
    return (
        NavLink("My day", reverse("workspace:day")),
        NavLink("Patients", reverse("workspace:patients")),
        NavLink("Calendar feed", reverse("bookings:feed-settings")),
    )


def admin_links(slug: str, *, clinic_name: str = "") -> tuple[NavLink, ...]:
    # A member who runs two clinics must know which clinic's staff page is which.
    suffix = f" ({clinic_name})" if clinic_name else ""
    return (
        NavLink(f"Staff{suffix}", reverse("clinics:staff", args=[slug])),
        NavLink(f"Booking set-up{suffix}", reverse("bookings:setup", args=[slug])),
        NavLink(f"Audit log{suffix}", reverse("audit:clinic-log", args=[slug])),
    )


def runner_links(runner_id: int) -> tuple[NavLink, ...]:
    runner = f"/runners/{runner_id}/"
    return (
        NavLink("Rehab", reverse("programmes:mine"), also=(f"{runner}rehab/",)),
        NavLink(
            "Training",
            reverse("training:load", args=[runner_id]),
            also=(reverse("training:mine"),),
        ),
        NavLink(
            "Videos",
            reverse("motionlab:list", args=[runner_id]),
            also=(reverse("motionlab:mine"),),
        ),
        NavLink("Appointments", reverse("bookings:mine"), also=("/book/",)),
        NavLink("Coach", reverse("coach:index"), also=(f"{runner}coach/",)),
        NavLink("My record", reverse("runners:record", args=[runner_id])),
        NavLink("Sharing", reverse("runners:sharing")),
        NavLink("Details", reverse("runners:details")),
    )


def _match_length(link: NavLink, path: str) -> int:
    """How specifically `link` covers `path` (0: not at all)."""
    return max(
        (len(prefix) for prefix in (link.href, *link.also) if path.startswith(prefix)),
        default=0,
    )


def mark_current(groups: Sequence[NavGroup], path: str) -> tuple[NavGroup, ...]:
    """Mark the one link whose section holds `path` most specifically.

    The link to the page itself gets aria-current="page"; a link whose section
    holds the page (the import page under Training) gets aria-current="true".
    """
    links = [link for group in groups for link in group.links]
    best = max(links, key=lambda link: _match_length(link, path), default=None)
    if best is None or _match_length(best, path) == 0:
        return tuple(groups)
    state = "page" if path == best.href else "true"
    return tuple(
        NavGroup(
            group.label,
            tuple(
                _with_state(link, state if link is best else "") for link in group.links
            ),
        )
        for group in groups
    )


def _with_state(link: NavLink, state: str) -> NavLink:
    return NavLink(link.label, link.href, link.also, state)


def menu_for(
    *,
    is_clinician: bool,
    administered: Iterable[tuple[str, str]],
    runner_id: int | None,
    path: str,
) -> tuple[NavGroup, ...]:
    """The viewer's menu, grouped by role, with the current page marked.

    `administered` holds (slug, clinic name) pairs of the clinics the viewer runs.
    """
    groups: list[NavGroup] = []
    if runner_id is not None:
        groups.append(NavGroup("Your care", runner_links(runner_id)))
    if is_clinician:
        groups.append(NavGroup("Clinic work", clinician_links()))
    administered = list(administered)
    for slug, name in administered:
        label = name if len(administered) > 1 else ""
        groups.append(NavGroup(f"{name}: admin", admin_links(slug, clinic_name=label)))
    return mark_current(groups, path)
