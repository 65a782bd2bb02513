"""The custom user: one account type, identified by e-mail.

What a user may do follows from their relations, not a flag on the account: a
runner has a `runners.Runner` record; a clinician or clinic admin has a
`clinics.Membership`. One person may be both (a physio who runs).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]

    @property
    def latest_privacy_consent(self) -> PrivacyConsent | None:
        """The last agreement to this instance's notice (imported ones are history)."""
        return self.privacy_consents.filter(imported=False).first()

    @property
    def pending_email_change(self) -> EmailChange | None:
        """The change of address waiting for its link to be opened, if any."""
        return self.email_changes.filter(confirmed_at=None, cancelled_at=None).first()


class PrivacyConsent(models.Model):
    """A person's explicit consent to the processing of their health data.

    One row per version of the privacy notice they agreed to, with the time:
    the record a clinic shows when asked on what basis it holds a runner's
    health data (GDPR art. 9(2)(a), LGPD art. 11 I). The rows go with the
    account when it is erased.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice_version = models.CharField(max_length=32)
    given_at = models.DateTimeField()
    # Read from another instance's record (`import_fhir`): history of what the
    # runner agreed to there, never consent to this clinic's notice (two
    # instances may number different texts alike), so they are asked here.
    imported = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-given_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "notice_version"],
                condition=models.Q(imported=False),
                name="one_consent_per_notice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} agreed to notice {self.notice_version} at {self.given_at}"


class EmailChange(models.Model):
    """A request to move an account to a new e-mail address, and its outcome.

    Nothing about the account changes until the link sent to `new_email` is
    opened (`confirmed_at`); the rows stay as the trail of the account's
    addresses until the account is erased.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_changes"
    )
    old_email = models.EmailField()
    new_email = models.EmailField()
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.old_email} → {self.new_email}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.cancelled_at is None

    def confirmation_url(self) -> str:
        """The link that confirms this change, signed now (by the mail worker)."""
        from clinic.accounts.email_change import confirmation_url

        return confirmation_url(self)
