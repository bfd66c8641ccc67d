"""Offers and their periods through the services: the working-time rules, publishing, who may
manage an offer, seats."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.plans.models import ActivityKind

from ..models import Offer
from ..services.applications import (
    application_accept,
)
from ..services.offers import offer_create, offer_publish, offer_update
from ..services.periods import period_add, period_change
from .helpers import (
    offer_values,
    open_offer,
    published_offer,
    sixteen_year_old_application,
)


def draft_with_a_period(world, partner_user, **overrides):
    offer = offer_create(
        partner=world.partner_a, acting_user=partner_user, **offer_values(**overrides)
    )
    today = timezone.localdate()
    period_add(offer=offer, start_date=today, end_date=today, seats=1, acting_user=partner_user)
    return offer


def test_breaking_offer_is_saved_as_draft_but_cannot_be_published(world, partner_user):
    offer = draft_with_a_period(
        world,
        partner_user,
        type=ActivityKind.LEISURE_JOB,
        hours_per_day=Decimal(3),
        hours_per_week=Decimal(10),
    )
    with pytest.raises(ValidationError) as error:
        offer_publish(offer=offer, acting_user=partner_user)
    assert any(
        "højst 2 timer på en skoledag" in m and "(1 time for meget)" in m
        for m in error.value.messages
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT and offer.published_at is None
    offer_update(offer=offer, acting_user=partner_user, hours_per_day=Decimal(2))
    assert offer_publish(offer=offer, acting_user=partner_user).status == Offer.Status.PUBLISHED


def test_offer_for_13_year_olds_is_published_only_as_light_work(world, partner_user):
    offer = draft_with_a_period(world, partner_user, light_work=False)
    with pytest.raises(ValidationError) as error:
        offer_publish(offer=offer, acting_user=partner_user)
    assert any(m.startswith("13-14 år: kun let arbejde") for m in error.value.messages)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    offer_update(offer=offer, acting_user=partner_user, light_work=True)
    assert offer_publish(offer=offer, acting_user=partner_user).status == Offer.Status.PUBLISHED


def test_published_offer_cannot_be_changed_to_break_a_rule(world, partner_user):
    offer = published_offer(
        world, type=ActivityKind.LEISURE_JOB, hours_per_day=Decimal(2), hours_per_week=Decimal(10)
    )
    with pytest.raises(ValidationError):
        offer_update(offer=offer, acting_user=partner_user, hours_per_week=Decimal(13))
    offer.refresh_from_db()
    assert offer.hours_per_week == Decimal(10)


def test_publish_needs_a_period(world, partner_user):
    offer = offer_create(partner=world.partner_a, acting_user=partner_user, **offer_values())
    with pytest.raises(ValidationError, match="mindst én periode"):
        offer_publish(offer=offer, acting_user=partner_user)


def test_other_partner_cannot_manage_offer(world, partner_user):
    with pytest.raises(PermissionDenied):
        offer_create(partner=world.partner_b, acting_user=partner_user, **offer_values())
    # the secretariat acts for a partner without login
    offer = offer_create(
        partner=world.partner_b, acting_user=world.users[Role.SECRETARIAT], **offer_values()
    )
    assert offer.partner == world.partner_b and offer.latitude == pytest.approx(57.464)


def test_period_seats_cannot_go_below_those_given(world, partner_user):
    offer = open_offer(world, seats=2)
    application = sixteen_year_old_application(world, offer)
    application_accept(application=application, acting_user=partner_user)
    period = offer.periods.get()
    with pytest.raises(ValidationError, match="allerede givet 1"):
        period_change(
            period=period,
            acting_user=partner_user,
            start_date=period.start_date,
            end_date=period.end_date,
            seats=0,
        )
