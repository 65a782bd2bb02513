"""Refusing an oversized request body before anything reads it.

Django's CSRF check parses a POST body (`request.POST`), and parsing a
multipart body writes its files to temporary files: a 1.2 GB POST, even from an
anonymous visitor without a CSRF token, wrote 1.2 GB to disk before any size
check. `UploadLimitMiddleware` runs before the CSRF check and judges the body by
its declared size, so an oversized one is refused unread. Views that take files
declare their own, larger limit with `@accepts_upload(max_bytes=...)`; every
other view takes at most `settings.REQUEST_MAX_BYTES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from tractus.sizes import format_size

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

# Methods whose body a view may read.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def accepts_upload(*, max_bytes: int) -> Callable[[View], View]:
    """Let this view take a request body of up to `max_bytes` (files and form)."""

    def mark(view: View) -> View:
        view.upload_limit_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


def body_limit(view: Callable[..., Any]) -> int:
    limit: int = getattr(view, "upload_limit_bytes", settings.REQUEST_MAX_BYTES)
    return limit


def oversize_message(request: HttpRequest, *, limit_bytes: int) -> str | None:
    """Why the body is refused (judged from its headers alone), or None."""
    raw = request.META.get("CONTENT_LENGTH") or ""
    if not raw:
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        # Django reads nothing of a body whose size is not declared; refuse it
        # plainly rather than let the view see an empty form.
        return (
            "The upload did not say how large it is; send it again."
            if chunked
            else None
        )
    try:
        length = int(raw)
    except ValueError:
        return "The upload has an invalid size header."
    if length <= limit_bytes:
        return None
    return (
        f"The upload is {format_size(length)}, over the {format_size(limit_bytes)} "
        "limit for one upload. Send fewer or smaller files at a time."
    )


class UploadLimitMiddleware:
    """Refuse a body over the view's limit (413) or of undeclared size (411), unread.

    Placed before `CsrfViewMiddleware`: its `process_view` runs first, and nothing
    earlier in the chain reads the body. Django's own `LimitedStream` then never
    reads past the declared length, so the declared size bounds what is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if request.method not in _BODY_METHODS:
            return None
        limit = body_limit(view_func)
        problem = oversize_message(request, limit_bytes=limit)
        if problem is None:
            return None
        status = 413 if request.META.get("CONTENT_LENGTH") else 411
        context = {"problem": problem, "back": request.path}
        return render(request, "upload_refused.html", context, status=status)
