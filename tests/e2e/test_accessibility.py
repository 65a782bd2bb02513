"""Every page a runner reaches, on a 390x844 phone: axe-core clean, no sideways scroll.

One test, parametrised over `RUNNER_PAGES` and `VISITOR_PAGES`: add a page by adding
a line. The demo clinic is served as `make run` serves it (its own server process
and SQLite database, migrated and loaded once for the module: loading the demo's
year of runs for each page would take minutes, and the test database is emptied
after each browser test). The demo runner logs in once; each page is opened in
that session, checked by axe-core (no serious or critical violation) and for
horizontal overflow, and saved as a full-page screenshot in test-results/phone/.

axe-core comes from npm through `tests/e2e/axe/package-lock.json` (`make` runs
`npm ci` there); Playwright injects it with the page's CSP bypassed, since the
site's own CSP rightly allows no script but its own.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).parent / "axe/node_modules/axe-core/axe.min.js"
PHONE = ViewportSize(width=390, height=844)
# Impacts that fail the test; "moderate" and "minor" are printed, not failed.
FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Demo:
    """What the page addresses need from the demo clinic."""

    runner_id: int
    clinic_slug: str
    appointment_type_id: int
    appointment_id: str
    check_id: str
    import_id: str
    assessment_id: str
    note_id: str
    physio_id: int


# name -> the page's address in the demo clinic, seen by the logged-in demo runner.
RUNNER_PAGES: dict[str, Callable[[Demo], str]] = {
    "home": lambda d: reverse("home"),
    "training-load": lambda d: reverse("training:load", args=[d.runner_id]),
    "record": lambda d: reverse("runners:record", args=[d.runner_id]),
    "check-start": lambda d: reverse("triage:start"),
    "check-result": lambda d: reverse("triage:result", args=[d.check_id]),
    "rehab-today": lambda d: reverse("programmes:today", args=[d.runner_id]),
    "rehab-plan": lambda d: reverse("programmes:plan", args=[d.runner_id]),
    "rehab-session": lambda d: reverse("programmes:session", args=[d.runner_id]),
    "rehab-runs": lambda d: reverse("programmes:runs", args=[d.runner_id]),
    "rehab-outcomes": lambda d: reverse("programmes:outcomes", args=[d.runner_id]),
    "rehab-pain": lambda d: reverse("programmes:pain", args=[d.runner_id]),
    "rehab-lefs": lambda d: reverse("programmes:lefs", args=[d.runner_id]),
    "exercise-library": lambda d: reverse("programmes:library"),
    "exercise": lambda d: reverse("programmes:exercise", args=["clamshell"]),
    "training-upload": lambda d: reverse("training:upload"),
    "training-import": lambda d: reverse("training:import", args=[d.import_id]),
    "videos": lambda d: reverse("motionlab:list", args=[d.runner_id]),
    "video-new": lambda d: reverse("motionlab:new"),
    "coach": lambda d: reverse("coach:index"),
    "coach-sets": lambda d: reverse("coach:sets", args=[d.runner_id]),
    "appointments": lambda d: reverse("bookings:mine"),
    "appointment": lambda d: reverse("bookings:appointment", args=[d.appointment_id]),
    "appointment-move": lambda d: reverse("bookings:move", args=[d.appointment_id]),
    "booking": lambda d: reverse("booking"),
    "booking-slots": lambda d: reverse(
        "bookings:slots", args=[d.clinic_slug, d.appointment_type_id]
    ),
    "sharing": lambda d: reverse("runners:sharing"),
    "who-looked": lambda d: reverse("audit:mine"),
    "details": lambda d: reverse("runners:details"),
    "email-change": lambda d: reverse("accounts:email-change"),
    "password-change": lambda d: reverse("accounts:password-change"),
    "privacy": lambda d: reverse("accounts:privacy"),
}
# The clinic's pages, seen by the demo physiotherapist (who treats the demo runner).
CLINICIAN_PAGES: dict[str, Callable[[Demo], str]] = {
    "day": lambda d: reverse("workspace:day"),
    "patients": lambda d: reverse("workspace:patients"),
    "timeline": lambda d: reverse("workspace:timeline", args=[d.runner_id]),
    "assessment-new": lambda d: reverse("workspace:assessment-new", args=[d.runner_id]),
    "assessment": lambda d: reverse("workspace:assessment", args=[d.assessment_id]),
    "note-new": lambda d: reverse("workspace:note-new", args=[d.runner_id]),
    "note": lambda d: reverse("workspace:note", args=[d.note_id]),
    "runner-record": lambda d: reverse("runners:record", args=[d.runner_id]),
    "runner-training": lambda d: reverse("training:load", args=[d.runner_id]),
    "runner-videos": lambda d: reverse("motionlab:list", args=[d.runner_id]),
    "runner-rehab": lambda d: reverse("programmes:today", args=[d.runner_id]),
    "runner-outcomes": lambda d: reverse("programmes:outcomes", args=[d.runner_id]),
    "plan-edit": lambda d: reverse("programmes:edit", args=[d.runner_id]),
    "rehab-templates": lambda d: reverse("programmes:templates", args=[d.clinic_slug]),
    "calendar-feed": lambda d: reverse("bookings:feed-settings"),
}
# The clinic admin's pages, seen by the demo clinic admin.
ADMIN_PAGES: dict[str, Callable[[Demo], str]] = {
    "staff": lambda d: reverse("clinics:staff", args=[d.clinic_slug]),
    "booking-setup": lambda d: reverse("bookings:setup", args=[d.clinic_slug]),
    "booking-type": lambda d: reverse(
        "bookings:type-edit", args=[d.clinic_slug, d.appointment_type_id]
    ),
    "booking-hours": lambda d: reverse(
        "bookings:clinician-hours", args=[d.clinic_slug, d.physio_id]
    ),
    "audit-log": lambda d: reverse("audit:clinic-log", args=[d.clinic_slug]),
}
# Pages of someone not logged in.
VISITOR_PAGES: dict[str, Callable[[Demo], str]] = {
    "home": lambda d: reverse("home"),
    "check-start": lambda d: reverse("triage:start"),
    "booking": lambda d: reverse("booking"),
    "exercise-library": lambda d: reverse("programmes:library"),
    "privacy": lambda d: reverse("accounts:privacy"),
    "log-in": lambda d: reverse("accounts:login"),
    "sign-up": lambda d: reverse("accounts:signup"),
    "password-reset": lambda d: reverse("accounts:password-reset"),
}


# Printed by the demo server's own Django: what the page addresses need.
_DEMO_IDS = """
import json
from clinic.bookings.models import Appointment
from clinic.accounts.models import User
from clinic.clinics.management.demo import DEMO_CLINIC, DEMO_RUNNER, DEMO_STAFF
from clinic.runners.models import Runner
from clinic.workspace.models import Assessment, ClinicalNote
runner = Runner.objects.get(user__email=DEMO_RUNNER[0])
visit = Appointment.objects.filter(runner=runner).order_by("starts_at").last()
print(json.dumps({
    "runner_id": runner.pk,
    "clinic_slug": DEMO_CLINIC["slug"],
    "appointment_type_id": visit.appointment_type_id,
    "appointment_id": str(visit.public_id),
    "check_id": str(runner.triage_assessments.latest("created_at").public_id),
    "import_id": str(runner.imports.latest("created_at").public_id),
    "assessment_id": str(Assessment.objects.filter(runner=runner).latest("pk").public_id),
    "note_id": str(ClinicalNote.objects.filter(runner=runner).latest("pk").public_id),
    "physio_id": User.objects.get(email=DEMO_STAFF[0][0]).pk,
}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _manage(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {args[0]}: {done.stderr[-2000:]}"
    return done.stdout


def _wait_until_up(url: str, *, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Demo]]:
    """The demo clinic on its own server and database, as `make run` has it."""
    data_dir = tmp_path_factory.mktemp("demo")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": "e2e-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "TRACTUS_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'demo.sqlite3'}",
    }
    _manage("migrate", "--noinput", env=env)
    _manage("load_demo", env=env)
    printed = _manage("shell", "--no-imports", "-c", _DEMO_IDS, env=env)
    demo = Demo(**json.loads(printed.strip().splitlines()[-1]))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base_url}{reverse('accounts:privacy')}")
        yield base_url, demo
    finally:
        server.terminate()
        server.wait(timeout=30)


def _phone_context(browser: Browser) -> BrowserContext:
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, bypass_csp=True, is_mobile=True
    )


def _logged_in(browser: Browser, base_url: str, email: str) -> BrowserContext:
    """A phone logged in as `email` (once: the cookie serves every page)."""
    from clinic.clinics.management.demo import DEMO_PASSWORD

    context = _phone_context(browser)
    page = context.new_page()
    page.goto(f"{base_url}{reverse('accounts:login')}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()
    return context


@pytest.fixture(scope="module")
def runner_session(
    browser: Browser, demo_site: tuple[str, Demo]
) -> Iterator[BrowserContext]:
    from clinic.clinics.management.demo import DEMO_RUNNER

    context = _logged_in(browser, demo_site[0], DEMO_RUNNER[0])
    yield context
    context.close()


@pytest.fixture(scope="module")
def clinician_session(
    browser: Browser, demo_site: tuple[str, Demo]
) -> Iterator[BrowserContext]:
    from clinic.clinics.management.demo import DEMO_STAFF

    context = _logged_in(browser, demo_site[0], DEMO_STAFF[0][0])
    yield context
    context.close()


@pytest.fixture(scope="module")
def admin_session(
    browser: Browser, demo_site: tuple[str, Demo]
) -> Iterator[BrowserContext]:
    from clinic.clinics.management.demo import DEMO_STAFF

    context = _logged_in(browser, demo_site[0], DEMO_STAFF[2][0])
    yield context
    context.close()


@pytest.fixture(scope="module")
def visitor_session(browser: Browser) -> Iterator[BrowserContext]:
    context = _phone_context(browser)
    yield context
    context.close()


def _serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def _check_page(
    context: BrowserContext, url: str, screenshot: Path, *, logged_in: bool
) -> None:
    page = context.new_page()
    try:
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{url}: {response and response.status}"
        )
        if logged_in:
            assert "/accounts/" not in page.url or "/accounts/" in url, page.url
        page.wait_for_load_state("load")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        serious = _serious_violations(page)
        assert serious == [], f"{url}\n{_describe(serious)}"
        assert widths[0] <= widths[1], f"{url} scrolls sideways: {widths[0]} px wide"
    finally:
        page.close()


@pytest.mark.parametrize("name", sorted(RUNNER_PAGES))
def test_runner_page_on_a_phone(
    name: str,
    runner_session: BrowserContext,
    demo_site: tuple[str, Demo],
    output_dir: Path,
) -> None:
    base_url, demo = demo_site
    url = base_url + RUNNER_PAGES[name](demo)
    shot = output_dir / "phone" / f"{name}.png"
    _check_page(runner_session, url, shot, logged_in=True)


@pytest.mark.parametrize("name", sorted(VISITOR_PAGES))
def test_visitor_page_on_a_phone(
    name: str,
    visitor_session: BrowserContext,
    demo_site: tuple[str, Demo],
    output_dir: Path,
) -> None:
    base_url, demo = demo_site
    url = base_url + VISITOR_PAGES[name](demo)
    shot = output_dir / "phone" / f"visitor-{name}.png"
    _check_page(visitor_session, url, shot, logged_in=False)


@pytest.mark.parametrize("name", sorted(CLINICIAN_PAGES))
def test_clinician_page_on_a_phone(
    name: str,
    clinician_session: BrowserContext,
    demo_site: tuple[str, Demo],
    output_dir: Path,
) -> None:
    base_url, demo = demo_site
    url = base_url + CLINICIAN_PAGES[name](demo)
    shot = output_dir / "phone" / f"clinician-{name}.png"
    _check_page(clinician_session, url, shot, logged_in=True)


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_clinic_admin_page_on_a_phone(
    name: str,
    admin_session: BrowserContext,
    demo_site: tuple[str, Demo],
    output_dir: Path,
) -> None:
    base_url, demo = demo_site
    url = base_url + ADMIN_PAGES[name](demo)
    shot = output_dir / "phone" / f"admin-{name}.png"
    _check_page(admin_session, url, shot, logged_in=True)


def test_axe_is_the_pinned_version() -> None:
    """The harness runs the axe-core the lock file names (a stale copy fails here)."""
    lock = json.loads((AXE_JS.parents[2] / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    installed = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    assert installed == pinned
