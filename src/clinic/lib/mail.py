"""E-mail is sent by the task worker, never inside a request.

A slow or unreachable mail server must not hold up a runner's page, and a clinic
running several machines can send from any of them.

The task table (or Redis) holds only ids: who to write to, which template, and
the row the message is about. The message, with any password link in it, is
rendered by the worker at send time and never stored, and a person erased in
the meantime gets nothing. Each template `NAME` has `NAME_subject.txt` and
`NAME_email.txt`; their context is `user` (the recipient), `object` (the row
the message is about), `site_url`, `set_password_url` (a one-time link for
the recipient to choose a password) and `uid` and `token` for other one-time
links (`{% url 'accounts:confirm' uid token %}`); tokens are made only if the
template uses them.

    queue_mail(template="clinics/invitation", to=[user], about=invitation)

A message goes to the recipient's own address, unless `address_field` names a
field of the row it is about that holds another (an e-mail change is confirmed
at the new address and reported to the old one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task


def queue_mail(
    *,
    template: str,
    to: Iterable[AbstractBaseUser],
    about: models.Model | None = None,
    address_field: str = "",
) -> None:
    """Queue one message per recipient, once the current transaction commits."""
    user_ids = sorted({int(user.pk) for user in to})
    if not user_ids:
        return
    if address_field and about is None:
        raise ValueError("address_field names a field of the row the mail is about")
    ref = _reference(about)
    transaction.on_commit(
        lambda: send_mail.enqueue(
            template=template, user_ids=user_ids, about=ref, address_field=address_field
        )
    )


def _reference(row: models.Model | None) -> str:
    """`app_label.model:pk`: enough for the worker to load the row again."""
    if row is None:
        return ""
    return f"{row._meta.label_lower}:{row.pk}"


def _resolve(ref: str) -> models.Model | None:
    if not ref:
        return None
    label, _, pk = ref.partition(":")
    model = apps.get_model(label)
    row: models.Model | None = model._default_manager.filter(pk=pk).first()
    return row


@task()
def send_mail(
    *, template: str, user_ids: list[int], about: str = "", address_field: str = ""
) -> int:
    """Render and send the messages; returns how many were sent.

    Sends nothing when the row the message is about is gone, and skips
    recipients whose account is gone (an account not yet confirmed still gets
    its confirmation).
    """
    obj = _resolve(about)
    if about and obj is None:
        return 0
    recipients = get_user_model()._default_manager.filter(pk__in=user_ids)
    return sum(_send_one(template, user, obj, address_field) for user in recipients)


def _send_one(
    template: str, user: Any, obj: models.Model | None, address_field: str = ""
) -> int:
    context = {
        "user": user,
        "object": obj,
        "site_url": settings.SITE_URL.rstrip("/"),
        # A callable: the token is made only when the template asks for the link.
        "set_password_url": lambda: set_password_url(user),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": lambda: default_token_generator.make_token(user),
    }
    address = getattr(obj, address_field) if address_field else user.email
    return render_message(template, context, to=address).send()


def render_message(template: str, context: dict[str, Any], *, to: str) -> EmailMessage:
    """`TEMPLATE_subject.txt` (folded to one line) and `TEMPLATE_email.txt`, for `to`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def set_password_url(user: AbstractBaseUser) -> str:
    """The one-time link for `user` to choose a password (Django's reset token)."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path
