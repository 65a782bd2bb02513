"""Names read from files, made safe to store and show.

Activity names (GPX ``<name>``, the Strava CSV's ``Activity Name``) and the
names of entries inside a zip come from whoever wrote the file. A NUL makes
PostgreSQL refuse the whole row, other control characters break lines and
logs, and the Unicode bidirectional controls can make ``run.fit`` display
as something else (the "Trojan Source" trick, CVE-2021-42574). These are
removed; line breaks and tabs become spaces.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_name"]

# Bidirectional embedding, override and isolate controls (Unicode TR 9).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WHITESPACE_RUN = re.compile(r"\s+")


def _kept(char: str) -> str:
    if char in _BIDI_CONTROLS:
        return ""
    if unicodedata.category(char) in ("Cc", "Cs"):  # controls, lone surrogates
        return " " if char in "\t\n\r\x0b\x0c" else ""
    return char


def clean_name(text: str | None) -> str | None:
    """`text` without control, lone-surrogate or bidi-control characters.

    Returns
    -------
    str or None
        The cleaned text with runs of whitespace collapsed and the ends
        stripped; None if nothing is left (or `text` is None).
    """
    if text is None:
        return None
    # The usual printable text skips the loop over its characters.
    cleaned = text if text.isprintable() else "".join(map(_kept, text))
    cleaned = _WHITESPACE_RUN.sub(" ", cleaned).strip()
    return cleaned or None
