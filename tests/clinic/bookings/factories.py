"""Factories for clinic schedules and appointments."""

from __future__ import annotations

from datetime import time

import factory

from clinic.bookings.models import (
    AppointmentKind,
    AppointmentType,
    Location,
    WorkingHours,
)
from tests.clinic.factories import ClinicFactory, MembershipFactory


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    time_zone = "Europe/London"


class AppointmentTypeFactory(factory.django.DjangoModelFactory[AppointmentType]):
    class Meta:
        model = AppointmentType
        skip_postgeneration_save = True

    clinic = factory.SubFactory(ClinicFactory)
    kind = AppointmentKind.DIAGNOSTIC
    name = "Total body diagnostic"
    duration_min = 60
    buffer_before_min = 0
    buffer_after_min = 15
    open_to_new_patients = True

    @factory.post_generation
    def clinicians(self, create, extracted, **kwargs):
        if create and extracted:
            self.clinicians.set(extracted)


def schedule_clinician(
    clinic, location, *, opens=time(9), closes=time(17), weekdays=range(5)
):
    """A clinician of `clinic` with weekly hours at `location`."""
    clinician = MembershipFactory(clinic=clinic).user
    for day in weekdays:
        WorkingHours.objects.create(
            clinic=clinic,
            clinician=clinician,
            location=location,
            weekday=day,
            opens=opens,
            closes=closes,
        )
    return clinician
