"""Sample offers and applications, built through the real services."""

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import born_aged
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import ActivityKind

from ..services.applications import application_request
from ..services.offers import offer_create, offer_publish
from ..services.periods import period_add


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
        "day_starts_at": time(8, 0),
        "day_ends_at": time(15, 30),
        "break_minutes": 30,
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


def person(world: Any, years: int, serial: int, **kwargs: Any) -> Any:
    """A young person `years` old today (whatever the date), in world's municipality."""
    born = born_aged(years)
    young, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(born, serial, male=True),
        first_name=f"Ung{serial}",
        last_name="Testesen",
        postal_code="9800",
        **kwargs,
    )
    return young


def open_offer(world: Any, **overrides: Any) -> Any:
    """An offer without a grade range (for young people of any grade)."""
    overrides.setdefault("min_grade", None)
    overrides.setdefault("max_grade", None)
    return published_offer(world, **overrides)


def sixteen_year_old_application(world: Any, offer: Any, serial: int = 50) -> Any:
    young = person(world, 16, serial)
    return application_request(
        offer=offer,
        period=offer.periods.first(),
        young_person=young,
        acting_user=world.users[Role.SECRETARIAT],
    )
