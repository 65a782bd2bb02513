"""On a phone: sign up with the consent box, agree to a changed notice, move the account
to a new e-mail address through the link sent there. Each page on the way is checked
by axe-core like every other page (tests/e2e/test_accessibility.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from clinic.accounts.models import PrivacyConsent, User
from tests.e2e.test_accessibility import PHONE, _describe, _serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "a-long-enough-passphrase"


def _link_in(message: Any, prefix: str) -> str:
    found = re.search(rf"https?://[^/\s]+({prefix}\S+/)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def _accessible(page: Page, shot: Path) -> None:
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    serious = _serious_violations(page)
    assert serious == [], f"{page.url}\n{_describe(serious)}"
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways"


def test_sign_up_consent_and_a_new_email_address(
    live_server: Any, browser: Browser, output_dir: Path, settings: Any
) -> None:
    settings.PRIVACY_NOTICE_VERSION = "2026-12-07"
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    out = output_dir / "phone"

    # Sign-up refuses an unticked box, then records the consent.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Your name").fill("Phone runner")
    page.get_by_label("E-mail").fill("phone.runner@example.org")
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password again").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    box = page.get_by_role("checkbox", name=re.compile("I agree that Tractus keeps"))
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile("Tick the box to agree"))
    _accessible(page, out / "journey-sign-up-refused.png")
    page.get_by_label("Password", exact=True).fill(PASSPHRASE)
    page.get_by_label("Password again").fill(PASSPHRASE)
    box.check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your e-mail")
    user = User.objects.get(email="phone.runner@example.org")
    assert PrivacyConsent.objects.get(user=user).notice_version == "2026-12-07"

    call_command("worker", burst=True)
    page.goto(live_server.url + _link_in(mail.outbox[-1], "/accounts/confirm/"))

    # The notice changes: the next log-in asks again before anything else.
    settings.PRIVACY_NOTICE_VERSION = "2027-01-15"
    context.clear_cookies()  # another day, another session
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill("phone.runner@example.org")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/training/upload/")
    expect(page).to_have_url(re.compile("/accounts/consent/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you carry on")
    _accessible(page, out / "journey-consent-again.png")
    page.get_by_role("checkbox", name=re.compile("I agree")).check()
    page.get_by_role("button", name="Agree and continue").click()
    expect(page).to_have_url(re.compile("/training/upload/"))
    versions = set(user.privacy_consents.values_list("notice_version", flat=True))
    assert versions == {"2026-12-07", "2027-01-15"}

    # A new address: nothing changes until the link from the new mailbox is used.
    page.goto(f"{live_server.url}/me/details/")
    page.get_by_role("link", name="Change e-mail address").click()
    page.get_by_label("New e-mail address").fill("moved@example.org")
    page.get_by_label("Your password").fill(PASSPHRASE)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status").first).to_contain_text("We sent a link")
    call_command("worker", burst=True)
    to_new = [m for m in mail.outbox if m.to == ["moved@example.org"]]
    told = [m for m in mail.outbox if m.to == ["phone.runner@example.org"]]
    assert to_new and "asked to change" in told[-1].body
    page.goto(live_server.url + _link_in(to_new[-1], "/accounts/email-change/"))
    _accessible(page, out / "journey-email-confirm.png")
    user.refresh_from_db()
    assert user.email == "phone.runner@example.org"
    page.get_by_role("button", name="Use moved@example.org").click()
    expect(
        page.get_by_text("Your e-mail address is now moved@example.org")
    ).to_be_visible()
    user.refresh_from_db()
    assert user.email == "moved@example.org"
    context.close()
