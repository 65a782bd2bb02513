"""factory_boy factories for the web apps."""

from __future__ import annotations

from datetime import UTC, datetime, time

import factory
from django.utils import timezone

from clinic.accounts.models import User
from clinic.accounts.privacy import record_consent
from clinic.clinics.models import Clinic, Membership
from clinic.runners.models import AccessGrant, Runner
from clinic.training.models import Activity
from clinic.workspace.models import Assessment, ClinicalNote
from tractus.assessment import HeadToToeExam, LegExam, TestResult, exam_to_dict
from tractus.rehab.findings import Side

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
    """A runner who signed up: they agreed to the privacy notice in force.

    `RunnerFactory(consented=False)` is one who has not (asked at log-in).
    """

    class Meta:
        model = Runner
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def consented(
        obj: Runner, create: bool, extracted: bool | None, **kwargs: object
    ) -> None:
        if create and extracted is not False:
            record_consent(user=obj.user, now=timezone.now())


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


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    runner = factory.SubFactory(RunnerFactory)
    clinic = factory.SubFactory(ClinicFactory)
    clinician = factory.SubFactory(UserFactory)
    clinician_name = factory.LazyAttribute(lambda o: str(o.clinician))
    exam = factory.LazyFunction(
        lambda: exam_to_dict(
            HeadToToeExam(
                affected_side=Side.RIGHT,
                body_mass_kg=68.0,
                height_m=1.72,
                hip_lever_arm_m=0.42,
                left=LegExam(hip_abduction_n=180.0),
                right=LegExam(hip_abduction_n=140.0, ober=TestResult.POSITIVE),
            )
        )
    )
    created_at = factory.LazyFunction(timezone.now)


class ClinicalNoteFactory(factory.django.DjangoModelFactory[ClinicalNote]):
    class Meta:
        model = ClinicalNote

    runner = factory.SubFactory(RunnerFactory)
    clinic = factory.SubFactory(ClinicFactory)
    author = factory.SubFactory(UserFactory)
    author_name = factory.LazyAttribute(lambda o: str(o.author))
    subjective = "Lateral knee pain from 5 km, worse downhill."
    analysis = "Presentation fits ITBS."
    plan = "Hip strengthening; review in 2 weeks."
    created_at = factory.LazyFunction(timezone.now)


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    """A run on `local_date`, at 07:00 UTC, at 6 min/km."""

    class Meta:
        model = Activity

    runner = factory.SubFactory(RunnerFactory)
    local_date = factory.LazyFunction(timezone.localdate)
    start_time = factory.LazyAttribute(
        lambda o: datetime.combine(o.local_date, time(7), tzinfo=UTC)
    )
    fingerprint = factory.LazyAttribute(lambda o: f"run-{o.start_time:%Y%m%d%H%M}")
    source_file = "run.fit"
    source_format = "fit"
    sport = "running"
    local_date_basis = "timezone"
    distance_m = 5000.0
    duration_s = factory.LazyAttribute(lambda o: o.distance_m * 0.36)
    distance_source = "device_total"
    elevation_source = "none"
