"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md): a published
offer of partner A with one period, and pupil A's application for it (awaiting consent)."""

from ungegaranti.core.roles import Role

from .helpers import application_of_pupil_a, published_offer


def _offer(world):
    return {"uuid": published_offer(world).uuid}


def _period(world):
    return {"uuid": published_offer(world).periods.first().uuid}


def _application(world):
    return {"uuid": application_of_pupil_a(world).uuid}


def _requested_application(world):
    from ..services.applications import application_consent

    application = application_of_pupil_a(world)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    return {"uuid": application.uuid}


URL_SAMPLES = {
    "marketplace:offer_detail": _offer,
    "marketplace:apply": _offer,
    "marketplace:book": _offer,
    "marketplace:offer_edit": _offer,
    "marketplace:offer_status": _offer,
    "marketplace:period_add": _offer,
    "marketplace:period_edit": _period,
    "marketplace:application_detail": _requested_application,
    "marketplace:application_consent": _application,
    "marketplace:application_withdraw": _application,
    "marketplace:application_accept": _application,
    "marketplace:application_decline": _application,
    "marketplace:application_cancel": _application,
    "marketplace:application_outcome": _application,
    "marketplace:followup_resolve": _application,
}
