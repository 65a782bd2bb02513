"""Clinics and the people who work in them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in a clinic.

    A clinician treats runners and sees the records shared with the clinic; an
    admin manages the clinic (staff, schedules) and sees no clinical record
    unless they are a clinician too: least privilege for health data.

    Clinical access is asked for (`clinician_requested_*`) and takes effect
    (`is_clinician`) only once another admin approves, so no admin can give it
    to themselves alone. A clinic with one admin has nobody to approve: there
    the admin confirms with their password and access starts after a waiting
    period of which every runner sharing with the clinic is told first.
    """

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    is_clinician = models.BooleanField(default=True)
    is_admin = models.BooleanField(default=False)
    job_title = models.CharField(max_length=100, blank=True)
    clinician_requested_at = models.DateTimeField(null=True, blank=True)
    clinician_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A clinic with no second admin: its admin confirmed the request alone, with
    # their password, and it takes effect at `clinician_effective_at`, after a
    # waiting period in which the runners sharing with the clinic and its staff
    # are told (clinic.clinics.services.confirm_alone).
    clinician_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    clinician_effective_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "user"], name="one_membership_per_clinic"
            ),
            models.CheckConstraint(
                condition=models.Q(is_clinician=True)
                | models.Q(is_admin=True)
                | models.Q(clinician_requested_at__isnull=False),
                name="membership_has_a_role",
            ),
        ]

    @property
    def awaits_approval(self) -> bool:
        return not self.is_clinician and self.clinician_requested_at is not None

    def __str__(self) -> str:
        roles = [
            r
            for r, on in (("clinician", self.is_clinician), ("admin", self.is_admin))
            if on
        ]
        return f"{self.user} at {self.clinic} ({', '.join(roles)})"


class Invitation(models.Model):
    """An admin's invitation to join the staff, which the person accepts (or not).

    Nobody becomes a member of a clinic without saying yes, and the admin learns
    nothing about an address (not whether it has an account, nor its name).
    """

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    job_title = models.CharField(max_length=100, blank=True)
    as_clinician = models.BooleanField(default=False)
    as_admin = models.BooleanField(default=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.clinic} for {self.email}"


class StaffEvent(models.Model):
    """The clinic's trail of who gave whom which place on the staff, and when."""

    class Kind(models.TextChoices):
        INVITED = "invited", "invited"
        JOINED = "joined", "joined the staff"
        CLINICAL_REQUESTED = "requested", "asked for clinical access"
        CLINICAL_APPROVED = "approved", "approved clinical access"
        CONFIRMED_ALONE = (
            "alone",
            "confirmed alone (no second admin; after a waiting period) clinical access for",
        )
        CONFIRMATION_CANCELLED = (
            "cancelled",
            "cancelled the confirmation of clinical access for",
        )
        CLINICAL_EFFECTIVE = (
            "effective",
            "gave, after the waiting period, clinical access to",
        )
        REMOVED = "removed", "removed from the staff"

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="staff_events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text: the trail outlives the accounts it names.
    actor_name = models.CharField(max_length=200)
    subject = models.CharField(max_length=254)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_kind_display()} {self.subject}"
