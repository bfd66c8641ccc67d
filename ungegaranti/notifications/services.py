"""Notifications: an in-app message now, an e-mail once the surrounding transaction commits."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipient: Any, subject: str, body: str = "", link: str = "") -> Notification:
    notification = Notification.objects.create(
        municipality_id=recipient.municipality_id,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        link=link,
    )
    if recipient.email:
        transaction.on_commit(
            lambda: send_mail(subject, _email_text(body, link), None, [recipient.email])
        )
    return notification


def _email_text(body: str, link: str) -> str:
    """The e-mail text: a link inside the site becomes absolute, so it works in a mail client."""
    if link.startswith("/"):
        link = settings.SITE_URL + link
    return f"{body}\n\n{link}".strip() if link else body


def notifications_mark_read(*, recipient: Any) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
