"""E-mail is sent by the task worker, never inside a request.

A slow or unreachable mail server must not hold up a runner's page, and a clinic
running several machines can send from any of them.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *, subject: str, body: str, to: list[str], html_body: str | None = None
) -> int:
    """Send one message; returns the number sent (1), so a result can be checked."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
