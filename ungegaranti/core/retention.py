"""Retention and erasure: how long each kind of data is kept, as data, and the job that deletes
what has expired. docs/retention.md lists the kinds with their legal sources.

A kind is registered in code by the app that owns the data (its tasks.py):

    retention_kind("notifications.notification", label=..., legal_source=...,
                   default_days=365, expired=lambda municipality, cutoff: <queryset>)

Its rule per municipality (RetentionRule) says how many days and whether the nightly job
deletes; a rule is off until switched on with the archive authority's permission. The report
(a dry run) lists exactly what would go; objects under a legal hold are kept.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_action
from .models import LegalHold, Municipality, RetentionRule
from .roles import Role
from .services import audit_record

RULE_SET = audit_action("core.retention_rule.set", gettext_lazy("Sletteregel ændret"))
HOLD_PLACE = audit_action("core.legal_hold.place", gettext_lazy("Retligt tilbagehold oprettet"))
HOLD_RELEASE = audit_action("core.legal_hold.release", gettext_lazy("Retligt tilbagehold ophævet"))
ERASED = audit_action("core.retention.erase", gettext_lazy("Slettet efter sletteregel"))

Expired = Callable[[Municipality, datetime], "models.QuerySet[Any]"]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    legal_source: Any
    default_days: int
    minimum_days: int
    expired: Expired
    # Delete the rows of a queryset; the default is the ORM's. The access log needs its own.
    erase: Callable[["models.QuerySet[Any]"], int] | None = None


KINDS: dict[str, Kind] = {}


def retention_kind(
    code: str,
    *,
    label: Any,
    legal_source: Any,
    default_days: int,
    expired: Expired,
    minimum_days: int = 0,
    erase: Callable[["models.QuerySet[Any]"], int] | None = None,
) -> Kind:
    if code in KINDS:
        raise ValueError(f"retention kind {code!r} is registered twice")
    KINDS[code] = Kind(code, label, legal_source, default_days, minimum_days, expired, erase)
    return KINDS[code]


def can_manage_retention(user: Any) -> bool:
    return getattr(user, "role", None) == Role.SECRETARIAT


def retention_rule_for(*, municipality: Municipality, kind: Kind) -> RetentionRule:
    """The municipality's rule, or the kind's default (off) when none is saved yet."""
    rule = RetentionRule.objects.filter(municipality=municipality, kind=kind.code).first()
    return rule or RetentionRule(
        municipality=municipality, kind=kind.code, period_days=kind.default_days, enabled=False
    )


@transaction.atomic
def retention_rule_set(
    *,
    municipality: Municipality,
    kind: str,
    period_days: int,
    enabled: bool,
    archive_permission: str = "",
    acting_user: Any,
) -> RetentionRule:
    if not can_manage_retention(acting_user) or acting_user.municipality_id != municipality.pk:
        raise PermissionDenied
    if kind not in KINDS:
        raise ValidationError({"kind": _("Ukendt type data.")})
    spec = KINDS[kind]
    if period_days < 0:
        raise ValidationError({"period_days": _("Opbevaringstiden kan ikke være negativ.")})
    if period_days < spec.minimum_days:
        raise ValidationError(
            {
                "period_days": _("%(label)s skal opbevares mindst %(days)d dage.")
                % {"label": spec.label, "days": spec.minimum_days}
            }
        )
    if enabled and not archive_permission.strip():
        raise ValidationError(
            {
                "archive_permission": _(
                    "Skriv arkivmyndighedens tilladelse, før automatisk sletning slås til."
                )
            }
        )
    rule = retention_rule_for(municipality=municipality, kind=spec)
    before = {"period_days": rule.period_days, "enabled": rule.enabled}
    rule.period_days, rule.enabled = period_days, enabled
    rule.archive_permission = archive_permission.strip()
    rule.full_clean()
    rule.save()
    audit_record(
        actor=acting_user,
        action=RULE_SET,
        obj=rule,
        changes={"before": before, "after": {"period_days": period_days, "enabled": enabled}},
    )
    return rule


@transaction.atomic
def legal_hold_place(*, obj: models.Model, reason: str, acting_user: Any) -> LegalHold:
    """Hold `obj` back from deletion. Only for an object of the secretariat's own municipality:
    a hold names its object by type and id, so a hold placed from another municipality would
    keep that municipality's data past its rule."""
    owner = getattr(obj, "municipality_id", None)
    if not can_manage_retention(acting_user) or owner != acting_user.municipality_id:
        raise PermissionDenied
    hold = LegalHold(
        municipality=acting_user.municipality,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason,
        created_by=acting_user,
    )
    hold.full_clean()
    hold.save()
    audit_record(actor=acting_user, action=HOLD_PLACE, obj=hold, changes={"reason": reason})
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, acting_user: Any) -> LegalHold:
    if not can_manage_retention(acting_user) or hold.municipality_id != acting_user.municipality_id:
        raise PermissionDenied
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_at", "updated_at"])
    audit_record(actor=acting_user, action=HOLD_RELEASE, obj=hold)
    return hold


def _held(queryset: "models.QuerySet[Any]") -> "models.QuerySet[Any]":
    label = queryset.model._meta.label_lower
    held = LegalHold.objects.filter(object_type=label, released_at=None).values("object_id")
    return queryset.exclude(pk__in=[int(h["object_id"]) for h in held if h["object_id"].isdigit()])


@dataclass
class OverviewLine:
    kind: Kind
    rule: RetentionRule
    expired: int
    held: int


def retention_overview(
    *, municipality: Municipality, now: datetime | None = None
) -> list[OverviewLine]:
    """The secretariat's page: per kind its rule and how many rows have expired (counted by the
    database, not listed), and how many of those a legal hold keeps."""
    now = now or timezone.now()
    lines = []
    for kind in sorted(KINDS.values(), key=lambda k: str(k.label)):
        rule = retention_rule_for(municipality=municipality, kind=kind)
        expired = kind.expired(municipality, now - timedelta(days=rule.period_days))
        total = expired.count()
        lines.append(OverviewLine(kind, rule, total, total - _held(expired).count()))
    return lines


def legal_holds_on(*, obj: models.Model) -> "models.QuerySet[LegalHold]":
    return LegalHold.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), released_at=None
    )


def legal_holds_active(*, municipality: Municipality) -> "models.QuerySet[LegalHold]":
    return LegalHold.objects.filter(municipality=municipality, released_at=None).select_related(
        "created_by"
    )


@dataclass
class ReportLine:
    kind: Kind
    rule: RetentionRule
    cutoff: datetime
    expired_pks: list[int]
    held: int


def retention_report(
    *, municipality: Municipality, now: datetime | None = None
) -> list[ReportLine]:
    """The dry run: per kind, exactly the rows past their period (without those on hold)."""
    now = now or timezone.now()
    lines = []
    for kind in KINDS.values():
        rule = retention_rule_for(municipality=municipality, kind=kind)
        cutoff = now - timedelta(days=rule.period_days)
        expired = kind.expired(municipality, cutoff)
        kept = _held(expired)
        pks = sorted(kept.values_list("pk", flat=True))
        lines.append(ReportLine(kind, rule, cutoff, pks, expired.count() - len(pks)))
    return lines


def retention_apply(*, municipality: Municipality, now: datetime | None = None) -> dict[str, int]:
    """Delete what the report lists, for the rules that are switched on; one audit event per
    kind with the count (the rows themselves are gone)."""
    deleted: dict[str, int] = {}
    for line in retention_report(municipality=municipality, now=now):
        if not line.rule.enabled or not line.expired_pks:
            continue
        with transaction.atomic():
            queryset = line.kind.expired(municipality, line.cutoff).filter(pk__in=line.expired_pks)
            count = line.kind.erase(queryset) if line.kind.erase else queryset.delete()[0]
            audit_record(
                actor=None,
                action=ERASED,
                obj=line.rule,
                changes={
                    "kind": line.kind.code,
                    "deleted": count,
                    "cutoff": line.cutoff.isoformat(),
                },
            )
        deleted[line.kind.code] = count
    return deleted


def erase_append_only(queryset: "models.QuerySet[Any]") -> int:
    """Delete from a table that refuses deletes (the access log): past the ORM's refusal and,
    on PostgreSQL, the trigger's, which lets a delete through only with this session flag."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL ungegaranti.retention = 'on'")
    return models.QuerySet.delete(queryset)[0]
