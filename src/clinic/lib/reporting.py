"""Error pages and error reports that do not show passwords held inside URLs."""

from __future__ import annotations

import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

# scheme://user:password@host → the password part.
_URL_PASSWORD = re.compile(
    r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+(?=@)", re.I
)


def mask_url_passwords(text: str) -> str:
    """`redis://:s3cret@cache:6379/0` → `redis://:********************@cache:6379/0`."""
    return _URL_PASSWORD.sub(
        lambda m: m["head"] + SafeExceptionReporterFilter.cleansed_substitute, text
    )


class UrlSecretsReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus passwords inside any URL-valued setting or header.

    `REDIS_URL`, `RQ_QUEUES` and the environment that runserver copies into
    `request.META` carry `scheme://user:password@host`; Django masks only
    settings whose name looks secret.
    """

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            return mask_url_passwords(cleansed)
        return cleansed
