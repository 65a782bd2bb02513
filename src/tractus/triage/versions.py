"""Every published version of the questionnaire, so old checks still display.

A saved check records the questionnaire version it was answered with. The
current version is `QUESTIONNAIRE`; earlier ones are kept as published, in their
`Questionnaire.to_dict` form, under ``published/`` in this package, and read back
through `Questionnaire.from_dict` the first time they are asked for.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from tractus.errors import TriageInputError
from tractus.triage.catalogue import QUESTIONNAIRE
from tractus.triage.questionnaire import Questionnaire

__all__ = ["PUBLISHED_VERSIONS", "questionnaire_for"]

# The earlier versions shipped with the package, oldest first.
PUBLISHED_VERSIONS: tuple[str, ...] = ("2026.1",)


@cache
def _published(version: str) -> Questionnaire:
    name = f"{QUESTIONNAIRE.id}-{version}.json"
    text = (
        resources.files("tractus.triage")
        .joinpath("published", name)
        .read_text(encoding="utf-8")
    )
    return Questionnaire.from_dict(json.loads(text))


def questionnaire_for(version: str) -> Questionnaire:
    """The questionnaire as published under `version`.

    Raises
    ------
    TriageInputError
        For a version that was never published (the id "questionnaire_version").
    """
    if version == QUESTIONNAIRE.version:
        return QUESTIONNAIRE
    if version not in PUBLISHED_VERSIONS:
        raise TriageInputError("questionnaire_version", f"unknown version {version!r}")
    return _published(version)
