from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet

from .models import AccessLogEntry, AccessReviewFlag, AuditEvent, BackgroundJob, Municipality, Track


def access_log_for_subjects(*, subjects: Iterable[Any]) -> QuerySet[AccessLogEntry]:
    """Lookups by staff on these young people's data (what a citizen may see of the log)."""
    return (
        AccessLogEntry.objects.filter(young_person__in=[s.pk for s in subjects])
        .exclude(action=AccessLogEntry.Action.DENIED)
        .select_related("young_person")
    )


def access_log_search(
    *,
    municipality: Any,
    username: str = "",
    action: str = "",
    person_name: str = "",
    date_from: Any = None,
    date_to: Any = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.filter(municipality=municipality).select_related(
        "young_person"
    )
    if username:
        entries = entries.filter(username__icontains=username)
    if action:
        entries = entries.filter(action=action)
    if person_name:
        for word in person_name.split():
            entries = entries.filter(
                Q(young_person__first_name__icontains=word)
                | Q(young_person__last_name__icontains=word)
            )
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries


def audit_events_for(*, obj: Model) -> QuerySet[AuditEvent]:
    """The object's history ("Historik"), newest first."""
    public_id = getattr(obj, "uuid", None) or obj.pk
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(public_id)
    ).select_related("actor")


def home_administration(*, municipality: Municipality | None) -> dict[str, Any]:
    """The secretariat's home page: the tracks, the latest jobs, the denied attempts and the
    access-review flags nobody has looked at yet."""
    return {
        "tracks": Track.objects.filter(municipality=municipality),
        # people's jobs (imports, runs), not the system's own (e-mails)
        "jobs": BackgroundJob.objects.exclude(created_by=None).filter(municipality=municipality)[
            :5
        ],
        "recent_denials": AccessLogEntry.objects.filter(
            municipality=municipality, action=AccessLogEntry.Action.DENIED
        ).count(),
        "open_review_flags": AccessReviewFlag.objects.filter(
            municipality=municipality, reviewed_at=None
        ).count(),
    }
