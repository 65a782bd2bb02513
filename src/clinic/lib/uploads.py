"""Refusing an oversized upload before Django reads its body."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat


def oversize_message(request: HttpRequest, *, limit_bytes: int) -> str | None:
    """A message if the request body is over `limit_bytes`, judged from its header.

    Checked before `request.FILES` is touched, so a 5 GB upload is refused at
    once instead of being spooled to disk first.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "The upload has an invalid size header."
    if length <= limit_bytes:
        return None
    return (
        f"The upload is {filesizeformat(length)}, over the {filesizeformat(limit_bytes)} "
        "limit for one upload. Send fewer or smaller files at a time."
    )
