"""Clinics and the people who work in them."""

from __future__ import annotations

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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "user"], name="one_membership_per_clinic"
            ),
            models.CheckConstraint(
                condition=models.Q(is_clinician=True) | models.Q(is_admin=True),
                name="membership_has_a_role",
            ),
        ]

    def __str__(self) -> str:
        roles = [
            r
            for r, on in (("clinician", self.is_clinician), ("admin", self.is_admin))
            if on
        ]
        return f"{self.user} at {self.clinic} ({', '.join(roles)})"
