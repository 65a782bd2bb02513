"""Throttling sign-up: each one sends an e-mail, so it must not be a mail cannon.

Counted per client address as django-axes resolves it (the same proxy settings
as the log-in lock-out), in the cache: Redis when REDIS_URL is set, so every
web process shares the count; otherwise each process counts its own.
"""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_S = 3600


def sign_up_throttled(request: HttpRequest) -> bool:
    """Count this sign-up; True once the address is over the hourly limit."""
    address = get_client_ip_address(request) or "unknown"
    # A hash: the cache need not hold people's addresses.
    key = "signup:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache.add(key, 0, WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_S)
        count = 1
    return count > settings.SIGNUP_LIMIT_PER_HOUR
