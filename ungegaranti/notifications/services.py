"""Notifications: an in-app message now, and an e-mail sent by the worker (tasks.py) once the
surrounding transaction has committed: a mail server that is away delays it, it is not lost.

`notify` is the delivery step of another app's write service (an application accepted, a round
published): it runs inside that service's transaction, whose policy and audit event cover it,
so it has neither of its own. `acting_user=None` is the system and is allowed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record

from .models import Notification
from .permissions import can_mark_read_notifications

NOTIFICATIONS_MARK_READ = audit_action(
    "notifications.mark_read", gettext_lazy("Beskeder markeret som læst")
)
EMAIL_JOB = "notifications.email"


def notify(*, recipient: User, subject: str, body: str = "", link: str = "") -> Notification:
    if recipient.municipality_id is None:  # a message belongs to a municipality, as every row
        raise ValueError("A notification's recipient belongs to no municipality.")
    notification = Notification.objects.create(
        municipality_id=recipient.municipality_id,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        link=link,
    )
    if recipient.email:
        # Only the notification's id goes into the job: the text stays in one place.
        job_enqueue(
            kind=EMAIL_JOB,
            municipality=recipient.municipality,
            params={"notification": notification.pk},
            max_attempts=8,
        )
    return notification


@transaction.atomic
def notifications_mark_read(*, recipient: User, acting_user: User | None) -> int:
    """Mark every unread message of the recipient as read; returns how many."""
    if acting_user is not None and not can_mark_read_notifications(acting_user, recipient):
        raise PermissionDenied(_("Du kan kun markere dine egne beskeder som læst."))
    count = Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit_record(
            actor=acting_user,
            action=NOTIFICATIONS_MARK_READ,
            obj=recipient,
            changes={"read": [None, count]},
        )
    return count
