"""Sample offers and applications, built through the real services."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.plans.models import ActivityKind

from ..services import application_request, offer_create, offer_publish, period_add


def offer_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "type": ActivityKind.WORK_EXPERIENCE,
        "title": "Erhvervspraktik som smed",
        "description": "Kom og prøv at svejse og dreje i vores værksted.",
        "sector": "C",
        "address": "Industrivej 1",
        "postal_code": "9800",
        "min_age": 13,
        "max_age": 17,
        "min_grade": 7,
        "max_grade": 9,
        "hours_per_day": Decimal(7),
        "hours_per_week": Decimal(35),
        "light_work": True,
        "contact_name": "Per Partner",
        "contact_email": "per@example.org",
    }
    values.update(overrides)
    return values


def published_offer(world: Any, *, seats: int = 5, partner: Any = None, **overrides: Any) -> Any:
    acting = world.users[Role.PARTNER_CONTACT] if partner is None else world.users[Role.SECRETARIAT]
    offer = offer_create(
        partner=partner or world.partner_a, acting_user=acting, **offer_values(**overrides)
    )
    start = timezone.localdate() + timedelta(days=14)
    period_add(
        offer=offer,
        start_date=start,
        end_date=start + timedelta(days=4),
        seats=seats,
        acting_user=acting,
    )
    return offer_publish(offer=offer, acting_user=acting)


def application_of_pupil_a(world: Any, offer: Any = None, **kwargs: Any) -> Any:
    offer = offer or published_offer(world)
    return application_request(
        offer=offer,
        period=offer.periods.first(),
        young_person=world.pupil_a,
        acting_user=world.users[Role.YOUNG_PERSON],
        message="Jeg vil gerne være smed.",
        **kwargs,
    )
