"""Writes of calendar feeds: a token per user and feed, renewed on request (the old address
then answers 404). The token itself never enters the audit trail."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record

from ..models import FeedToken
from ..permissions import can_create_feed, can_renew_feed
from .auditing import as_new

FEED_CREATE = audit_action("calendar.feed.create", gettext_lazy("Kalenderabonnement oprettet"))
FEED_RENEW = audit_action(
    "calendar.feed.renew", gettext_lazy("Kalenderabonnement fornyet (gammel adresse spærret)")
)

_TARGET_FIELD = {
    FeedToken.Scope.SCHOOL: "school",
    FeedToken.Scope.DISTRICT: "district",
    FeedToken.Scope.PARTNER: "partner",
}


@transaction.atomic
def feed_token_create(*, acting_user: User, scope: str, target: Any = None) -> FeedToken:
    """The user's feed of `scope` (and school, district or partner): the active one if it
    exists, else a new one."""
    if not can_create_feed(acting_user, scope, target):
        raise PermissionDenied(_("Du kan ikke abonnere på denne kalender."))
    field = _TARGET_FIELD.get(FeedToken.Scope(scope))
    target_kwargs = {field: target} if field else {}
    existing = FeedToken.objects.filter(
        user=acting_user, scope=scope, revoked_at__isnull=True, **target_kwargs
    ).first()
    if existing is not None:
        return existing
    token = FeedToken(
        municipality=acting_user.municipality, user=acting_user, scope=scope, **target_kwargs
    )
    token.full_clean(exclude=["token"])
    token.save()
    audit_record(actor=acting_user, action=FEED_CREATE, obj=token, changes=as_new({"scope": scope}))
    return token


@transaction.atomic
def feed_token_renew(*, token: FeedToken, acting_user: User) -> FeedToken:
    """Revoke the token (its address stops working at once) and issue a new one for the same
    feed."""
    token = FeedToken.objects.select_for_update().get(pk=token.pk)
    if not can_renew_feed(acting_user, token):
        raise PermissionDenied(_("Du kan ikke forny denne kalender."))
    revoked_at = timezone.now()
    token.revoked_at = revoked_at
    token.save(update_fields=["revoked_at", "updated_at"])
    new = FeedToken(
        municipality=token.municipality,
        user=token.user,
        scope=token.scope,
        school=token.school,
        district=token.district,
        partner=token.partner,
    )
    new.full_clean(exclude=["token"])
    new.save()
    audit_record(
        actor=acting_user,
        action=FEED_RENEW,
        obj=new,
        changes={"revoked_at": [None, revoked_at.isoformat()]},
    )
    return new
