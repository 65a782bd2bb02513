"""Steps shared by the browser journeys that take the symptom check."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from clinic.triage import flow


def answer_page(page: Page, page_id: str, answers: dict[str, Any]) -> None:
    for question in flow.visible_on_page(page_id, answers):
        if question.id not in answers:
            continue
        value = answers[question.id]
        if isinstance(value, bool):
            page.check(
                f'input[name="{question.id}"][value="{"yes" if value else "no"}"]'
            )
        elif isinstance(value, list):
            for code in value:
                page.check(f'input[name="{question.id}"][value="{code}"]')
        elif question.options:
            page.check(f'input[name="{question.id}"][value="{value}"]')
        else:
            page.fill(f'input[name="{question.id}"]', str(value))


def take_the_check(page: Page, answers: dict[str, Any]) -> None:
    """From the check's first page to its result, answering with `answers`."""
    page_id: str | None = flow.first_page_id({})
    while page_id is not None:
        answer_page(page, page_id, answers)
        next_id = flow.next_page_id(page_id, answers)
        button = "See my result" if next_id is None else "Next"
        page.get_by_role("button", name=button).click()
        page_id = next_id
