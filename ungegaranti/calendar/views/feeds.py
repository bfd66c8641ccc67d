"""Calendar feeds: the user's page of subscriptions, and the feed itself (no login: the
unguessable token in its address is the key; a renewed or unknown token is 404)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import School, SchoolDistrict

from ..ical import feed_ics, feed_name
from ..models import FeedToken
from ..permissions import can_view_calendar, feed_targets_for
from ..selectors import feed_token_active, feed_tokens_of
from ..services.feeds import feed_token_create, feed_token_renew

_TARGET_MODELS = {
    FeedToken.Scope.SCHOOL: School,
    FeedToken.Scope.DISTRICT: SchoolDistrict,
    FeedToken.Scope.PARTNER: GuaranteePartner,
}


def _feed_url(token: FeedToken) -> str:
    return settings.SITE_URL + reverse("calendar:feed", kwargs={"token": token.token})


@login_required
def feed_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_view_calendar(request.user):
        raise PermissionDenied
    tokens = list(feed_tokens_of(user=request.user))
    subscribed = {(t.scope, t.school_id or t.district_id or t.partner_id) for t in tokens}
    targets = feed_targets_for(request.user)
    offers = [
        {"scope": scope, "label": FeedToken.Scope(scope).label, "target": target}
        for scope, rows in targets.items()
        for target in rows
        if (scope, target.pk) not in subscribed
    ]
    return render(
        request,
        "calendar/feed_list.html",
        {
            "tokens": [{"token": t, "url": _feed_url(t), "name": feed_name(t)} for t in tokens],
            "has_personal": any(t.scope == FeedToken.Scope.PERSONAL for t in tokens),
            "offers": offers,
        },
    )


@require_POST
@login_required
def feed_create(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.POST.get("scope", "")
    if scope not in FeedToken.Scope.values:
        raise Http404
    target = None
    model = _TARGET_MODELS.get(FeedToken.Scope(scope))
    if model is not None:
        target = model.objects.filter(  # type: ignore[attr-defined]
            uuid=request.POST.get("target") or None,
            municipality_id=request.user.municipality_id,
        ).first()
        if target is None:
            raise Http404
    feed_token_create(acting_user=request.user, scope=scope, target=target)
    messages.success(request, _("Kalenderen er klar. Kopiér adressen ind i dit kalenderprogram."))
    return redirect("calendar:feed_list")


@require_POST
@login_required
def feed_renew(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    token = FeedToken.objects.filter(uuid=uuid, user=request.user, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    feed_token_renew(token=token, acting_user=request.user)
    messages.success(
        request,
        _(
            "Kalenderen har fået en ny adresse; den gamle virker ikke længere. Opdatér "
            "abonnementet i dit kalenderprogram."
        ),
    )
    return redirect("calendar:feed_list")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    active = feed_token_active(token=token)
    if active is None or not active.user.is_active:
        raise Http404
    response = HttpResponse(feed_ics(active), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ungegaranti.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
