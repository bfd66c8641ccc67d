"""Writes in a young person's record. Each asks plans.permissions and leaves an audit event
in the same transaction; acting_user None is the system (a command, the demo builder)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import YoungPerson

from .models import Activity
from .permissions import can_record_activity

ACTIVITY_RECORD = audit_action("plans.activity.record", _("Aktivitet registreret"))

_AUDITED = ("kind", "title", "status", "partner", "start_date", "end_date")


@transaction.atomic
def activity_record(
    *,
    young_person: YoungPerson,
    kind: str,
    title: str,
    source_key: str,
    acting_user: User | None,
    status: str = Activity.Status.PLANNED,
    partner: GuaranteePartner | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Activity:
    """Put an activity in the young person's record, or update the one from the same source."""
    if acting_user is not None and not can_record_activity(acting_user, young_person):
        raise PermissionDenied
    existing = Activity.objects.filter(
        municipality=young_person.municipality, source_key=source_key
    ).first()
    before = snapshot(existing, _AUDITED) if existing else dict.fromkeys(_AUDITED)
    activity, _created = Activity.objects.update_or_create(
        municipality=young_person.municipality,
        source_key=source_key,
        defaults={
            "young_person": young_person,
            "kind": kind,
            "title": title,
            "status": status,
            "partner": partner,
            "start_date": start_date,
            "end_date": end_date,
        },
    )
    activity.full_clean()
    changes = changed(before, snapshot(activity, _AUDITED))
    if changes:
        audit_record(actor=acting_user, action=ACTIVITY_RECORD, obj=activity, changes=changes)
    return activity
