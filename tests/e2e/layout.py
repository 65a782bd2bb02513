"""Measurements of a rendered page: does it fit a phone, and how long is it."""

from __future__ import annotations

from playwright.sync_api import Page


def overflow_px(page: Page) -> int:
    """How far the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    )


def screens_long(page: Page) -> float:
    """The document's height in viewport heights (phone screens)."""
    return float(
        page.evaluate("document.documentElement.scrollHeight / window.innerHeight")
    )
