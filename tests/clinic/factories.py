"""factory_boy factories for the web apps."""

from __future__ import annotations

import factory
from django.utils import timezone

from clinic.accounts.models import User
from clinic.clinics.models import Clinic, Membership
from clinic.runners.models import AccessGrant, Runner

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class RunnerFactory(factory.django.DjangoModelFactory[Runner]):
    class Meta:
        model = Runner

    user = factory.SubFactory(UserFactory)


class ClinicFactory(factory.django.DjangoModelFactory[Clinic]):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    clinic = factory.SubFactory(ClinicFactory)
    user = factory.SubFactory(UserFactory)
    is_clinician = True
    is_admin = False


class AccessGrantFactory(factory.django.DjangoModelFactory[AccessGrant]):
    class Meta:
        model = AccessGrant

    runner = factory.SubFactory(RunnerFactory)
    clinic = factory.SubFactory(ClinicFactory)
    granted_at = factory.LazyFunction(timezone.now)
