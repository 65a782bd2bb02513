"""The cast for permission tests, and the service fixtures."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from clinic.accounts.models import User
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from tests.clinic.factories import (
    AccessGrantFactory,
    ClinicFactory,
    MembershipFactory,
    RunnerFactory,
    UserFactory,
)


@dataclass
class Cast:
    """Runner A shares with clinic A; clinic B's clinician has no access to anyone."""

    runner_a: Runner
    runner_b: Runner
    clinic_a: Clinic
    clinic_b: Clinic
    clinician_a: User
    clinician_b: User
    admin_a: User

    def client_for(self, role: str) -> Client:
        client = Client()
        user = {
            "anonymous": None,
            "runner_a": self.runner_a.user,
            "runner_b": self.runner_b.user,
            "clinician_with_access": self.clinician_a,
            "clinician_without_access": self.clinician_b,
            "clinic_admin": self.admin_a,
        }[role]
        if user is not None:
            client.force_login(
                user, backend="django.contrib.auth.backends.ModelBackend"
            )
        return client


ROLES = [
    "anonymous",
    "runner_a",
    "runner_b",
    "clinician_with_access",
    "clinician_without_access",
    "clinic_admin",
]


@pytest.fixture
def cast(db: None) -> Cast:
    clinic_a, clinic_b = ClinicFactory(name="Clinic A"), ClinicFactory(name="Clinic B")
    runner_a, runner_b = RunnerFactory(), RunnerFactory()
    clinician_a = MembershipFactory(clinic=clinic_a).user
    clinician_b = MembershipFactory(clinic=clinic_b).user
    admin_a = MembershipFactory(clinic=clinic_a, is_clinician=False, is_admin=True).user
    AccessGrantFactory(runner=runner_a, clinic=clinic_a)
    return Cast(
        runner_a, runner_b, clinic_a, clinic_b, clinician_a, clinician_b, admin_a
    )


@pytest.fixture(autouse=True)
def private_data_dir(settings, tmp_path) -> None:
    """Uploads, videos and key frames of a test go to its own folder."""
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Throttle counts (sign-up) start at zero in each test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Argon2 is slow by design; tests that do not check hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user() -> User:
    return UserFactory()


def _require_service(name: str, reachable: bool, url: str) -> None:
    """In CI a missing service fails the test; on a laptop it skips, saying why."""
    if reachable:
        return
    message = f"{name} is not reachable at {url}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run this test)")
    pytest.skip(f"{message}; start it to run this test")


@pytest.fixture
def redis_url() -> str:
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        reachable = True
    except redis.exceptions.ConnectionError:
        reachable = False
    _require_service("Redis", reachable, url)
    return url
