"""The monthly review of the access log: what the secretariat spot-checks (Datatilsynet expects
a municipality to look at its logs routinely, not only to keep them).

On the 1st of each month a scheduled job (core/tasks.py) builds the previous month's review for
each municipality, once. It flags, per user:

- refused attempts (the log's DENIED entries: a look outside the user's scope, a refused login);
- an unusual volume of looks: at least VOLUME_MINIMUM, and more than VOLUME_FACTOR times the
  user's own monthly norm (the average of the months with looks among the NORM_MONTHS before),
  or, for a user with no earlier month, VOLUME_FACTOR times the median of their role this month;
- looks outside working hours (before 07:00, from 18:00, Saturday and Sunday, Danish time).

Volume and working hours are judged for staff only: a young person or a guardian reading their
own data in the evening is no finding. A flag names a user and counts, never a young person:
the reviewer follows the link into the access log itself. The secretariat marks each flag as
reviewed with a note (who and when are recorded, and an audit event).
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_action
from .models import AccessLogEntry, AccessReview, AccessReviewFlag, Municipality, User
from .roles import STAFF_ROLES, Role
from .services import audit_record

BUILD = audit_action("core.access_review.build", gettext_lazy("Gennemgang af adgangslog lavet"))
FLAG_MARK = audit_action(
    "core.access_review_flag.mark", gettext_lazy("Markering i adgangsloggen gennemgået")
)

WORK_STARTS, WORK_ENDS = time(7, 0), time(18, 0)
VOLUME_MINIMUM = 50
VOLUME_FACTOR = 3
NORM_MONTHS = 3
# A median of fewer users says little about the role.
ROLE_NORM_MIN_USERS = 3


def can_review_access(user: Any) -> bool:
    return getattr(user, "role", None) == Role.SECRETARIAT


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _month_start(day: date, months_back: int = 0) -> datetime:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=_zone())


def previous_month(day: date) -> date:
    """The first day of the month before `day`'s month: the month a run on `day` reviews."""
    return _month_start(day, 1).date()


@dataclass(frozen=True)
class _Group:
    user_id: int | None
    username: str
    role: str
    count: int
    first_at: datetime
    last_at: datetime


def _groups(entries: QuerySet[AccessLogEntry]) -> list[_Group]:
    rows = (
        entries.order_by()
        .values("user_id", "username", "role")
        .annotate(n=Count("id"), first=Min("created_at"), last=Max("created_at"))
    )
    return [
        _Group(r["user_id"], r["username"], r["role"], r["n"], r["first"], r["last"]) for r in rows
    ]


def _own_norms(*, municipality: Municipality, month: datetime) -> dict[int, float]:
    """Each staff user's average looks per month over the months they had any, among the
    NORM_MONTHS before `month`."""
    earlier = AccessLogEntry.objects.filter(
        municipality=municipality,
        created_at__gte=_month_start(month.date(), NORM_MONTHS),
        created_at__lt=month,
        role__in=STAFF_ROLES,
        user__isnull=False,
    ).exclude(action=AccessLogEntry.Action.DENIED)
    per_month = (
        earlier.order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=_zone()))
        .values("user_id", "month")
        .annotate(n=Count("id"))
    )
    totals: dict[int, list[int]] = {}
    for row in per_month:
        totals.setdefault(row["user_id"], []).append(row["n"])
    return {user_id: sum(counts) / len(counts) for user_id, counts in totals.items()}


def _flag(review: AccessReview, kind: str, group: _Group, **norms: float | None) -> Any:
    return AccessReviewFlag(
        municipality=review.municipality,
        review=review,
        kind=kind,
        user_id=group.user_id,
        username=group.username,
        role=group.role,
        count=group.count,
        first_at=group.first_at,
        last_at=group.last_at,
        **norms,
    )


def _volume_flags(review: AccessReview, looks: QuerySet[AccessLogEntry], month: datetime) -> list:
    groups = [g for g in _groups(looks.filter(role__in=STAFF_ROLES)) if g.user_id is not None]
    by_role: dict[str, list[int]] = {}
    for group in groups:
        by_role.setdefault(group.role, []).append(group.count)
    role_norms = {
        role: statistics.median(counts)
        for role, counts in by_role.items()
        if len(counts) >= ROLE_NORM_MIN_USERS
    }
    own_norms = _own_norms(municipality=review.municipality, month=month)
    flags = []
    for group in groups:
        own, of_role = own_norms.get(group.user_id or 0), role_norms.get(group.role)
        norm = own if own is not None else of_role
        if (
            group.count >= VOLUME_MINIMUM
            and norm is not None
            and group.count > VOLUME_FACTOR * norm
        ):
            flags.append(
                _flag(review, AccessReviewFlag.Kind.VOLUME, group, own_norm=own, role_norm=of_role)
            )
    return flags


def _off_hours(looks: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
    zone = _zone()
    return looks.annotate(
        local_hour=ExtractHour("created_at", tzinfo=zone),
        local_weekday=ExtractIsoWeekDay("created_at", tzinfo=zone),
    ).filter(
        Q(local_hour__lt=WORK_STARTS.hour)
        | Q(local_hour__gte=WORK_ENDS.hour)
        | Q(local_weekday__gte=6)
    )


def access_review_build(*, municipality: Municipality, month: date) -> AccessReview:
    """Build the review of the month that begins on `month`, once: a review that exists is
    returned unchanged, since its flags may already be reviewed. The system builds it (the
    scheduled job); an audit event records that."""
    start = _month_start(month)
    existing = AccessReview.objects.filter(
        municipality=municipality, period_start_date=start.date()
    ).first()
    if existing is not None:
        return existing
    entries = AccessLogEntry.objects.filter(
        municipality=municipality, created_at__gte=start, created_at__lt=_month_start(month, -1)
    )
    looks = entries.exclude(action=AccessLogEntry.Action.DENIED)
    try:
        with transaction.atomic():
            review = AccessReview.objects.create(
                municipality=municipality,
                period_start_date=start.date(),
                entries=entries.count(),
                users=entries.order_by().values("username").distinct().count(),
            )
            flags = [
                _flag(review, AccessReviewFlag.Kind.DENIED, group)
                for group in _groups(entries.filter(action=AccessLogEntry.Action.DENIED))
            ]
            flags += _volume_flags(review, looks, start)
            flags += [
                _flag(review, AccessReviewFlag.Kind.OFF_HOURS, group)
                for group in _groups(_off_hours(looks.filter(role__in=STAFF_ROLES)))
            ]
            AccessReviewFlag.objects.bulk_create(flags)
            audit_record(
                actor=None,
                action=BUILD,
                obj=review,
                changes={"entries": review.entries, "flags": len(flags)},
            )
    except IntegrityError:
        # another worker built the same month a moment ago
        return AccessReview.objects.get(municipality=municipality, period_start_date=start.date())
    return review


@transaction.atomic
def access_review_flag_mark(
    *, flag: AccessReviewFlag, note: str, acting_user: User
) -> AccessReviewFlag:
    """Mark a flag as reviewed, with what the reviewer found. Once: the first review stands."""
    if not can_review_access(acting_user) or flag.municipality_id != acting_user.municipality_id:
        raise PermissionDenied
    flag = AccessReviewFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.reviewed_at is not None:
        raise ValidationError({"review_note": _("Markeringen er allerede gennemgået.")})
    note = note.strip()
    if not note:
        raise ValidationError(
            {"review_note": _("Skriv i notatet, hvad du har undersøgt, og hvad du fandt.")}
        )
    flag.reviewed_at, flag.reviewed_by, flag.review_note = timezone.now(), acting_user, note
    flag.full_clean()
    flag.save(update_fields=["reviewed_at", "reviewed_by", "review_note", "updated_at"])
    audit_record(actor=acting_user, action=FLAG_MARK, obj=flag, changes={"note": note})
    return flag


def access_reviews_of(*, municipality: Municipality) -> QuerySet[AccessReview]:
    """The municipality's reviews, newest first, with their flags counted."""
    return AccessReview.objects.filter(municipality=municipality).annotate(
        flag_count=Count("flags"),
        open_count=Count("flags", filter=Q(flags__reviewed_at=None)),
    )


def get_access_review_for_user_or_404(*, user: Any, uuid: str) -> AccessReview:
    review = AccessReview.objects.filter(uuid=uuid, municipality=user.municipality).first()
    if review is None or not can_review_access(user):
        raise Http404
    return review


def get_access_review_flag_for_user_or_404(*, user: Any, uuid: str) -> AccessReviewFlag:
    flag = (
        AccessReviewFlag.objects.filter(uuid=uuid, municipality=user.municipality)
        .select_related("review")
        .first()
    )
    if flag is None or not can_review_access(user):
        raise Http404
    return flag


def access_review_flags(*, review: AccessReview) -> QuerySet[AccessReviewFlag]:
    return review.flags.select_related("reviewed_by")
