"""Background job handlers of notifications (run by the worker, core/worker.py) and the
retention of its messages (core/retention.py)."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ungegaranti.core.jobs import Progress, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.retention import retention_kind

from .models import Notification
from .services import EMAIL_JOB


def _email_text(body: str, link: str) -> str:
    """The e-mail text: a link inside the site becomes absolute, so it works in a mail client."""
    if link.startswith("/"):
        link = settings.SITE_URL + link
    return f"{body}\n\n{link}".strip() if link else body


@job_handler(EMAIL_JOB)
def send_notification_email(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Send one notification by e-mail. A mail server that is away raises an SMTP or connection
    error, which the job framework retries with backoff. Sent once: emailed_at is set after the
    server took it (a worker killed between the two could send it twice, never zero times)."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=job.params["notification"])
        .first()
    )
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return {"sent": 0}
    send_mail(
        notification.subject,
        _email_text(notification.body, notification.link),
        None,
        [notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return {"sent": 1}


retention_kind(
    "notifications.notification",
    label=gettext_lazy("Beskeder"),
    legal_source=gettext_lazy(
        "Beskeder i indbakken er kun en påmindelse; sagen selv ligger hos tilbuddet eller "
        "ansøgningen. De slettes, når de ikke længere er nødvendige (GDPR art. 5, stk. 1, litra e)."
    ),
    default_days=365,
    expired=lambda municipality, cutoff: Notification.objects.filter(
        municipality=municipality, created_at__lt=cutoff
    ),
)
