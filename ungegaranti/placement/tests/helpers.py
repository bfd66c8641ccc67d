"""Sample rounds, offers and pupils for the placement tests.

Offers are written with the ORM: the marketplace's own services are being built at the same
time, and a round only needs a published erhvervspraktik offer with a period and seats.
Everything of the round itself goes through the placement services.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.demo.testing import PASSWORD, born_aged
from ungegaranti.marketplace.eligibility import grade_on
from ungegaranti.marketplace.models import Offer
from ungegaranti.marketplace.services.offers import offer_create, offer_publish
from ungegaranti.marketplace.services.periods import period_add
from ungegaranti.marketplace.tests.helpers import offer_values
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert

from ..services import round_create, round_offers_set, round_open, wishes_set


def round_dates() -> tuple[date, date, date]:
    """(wish deadline, start, end) in the near future."""
    today = timezone.localdate()
    return today + timedelta(days=10), today + timedelta(days=30), today + timedelta(days=34)


def wp_offer(
    world: Any,
    title: str,
    *,
    seats: int = 2,
    partner: Any = None,
    postal_code: str = "9800",
    min_age: int = 13,
    max_age: int = 17,
    min_grade: int | None = 7,
    max_grade: int | None = 9,
    support: bool = True,
    school_leavers: bool = False,
) -> Offer:
    """A published erhvervspraktik offer with one period on the round's dates, made as a
    partner makes one: created, given its period and published through the services (so the
    publishing rules apply)."""
    values = offer_values(
        title=title,
        description="En uge i praktik.",
        postal_code=postal_code,
        min_age=min_age,
        max_age=max_age,
        min_grade=min_grade,
        max_grade=max_grade,
        suits_support_needs=support,
        for_school_leavers=school_leavers,
    )
    offer = offer_create(partner=partner or world.partner_a, acting_user=None, **values)
    _, start, end = round_dates()
    period_add(offer=offer, start_date=start, end_date=end, seats=seats, acting_user=None)
    return offer_publish(offer=offer, acting_user=None)


def pupil(world: Any, first: str, serial: int, *, login: bool = False, **kwargs: Any) -> Any:
    """Another grade-8 pupil in class A (district A)."""
    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(born_aged(14), serial, male=serial % 2 == 1),
        first_name=first,
        last_name="Testesen",
        postal_code=kwargs.pop("postal_code", "9800"),
        school=kwargs.pop("school", world.school_a),
        school_class=kwargs.pop("school_class", world.class_a),
        **kwargs,
    )
    if login:
        user_create(
            acting_user=None,
            username=first.lower(),
            password=PASSWORD,
            role=Role.YOUNG_PERSON,
            municipality=world.municipality,
            young_person=person,
            first_name=first,
        )
    return person


def round_grade() -> int:
    """The grade the world's 8th-graders have on the first day of a round on `round_dates`: 8,
    or 9 when the round begins after a 1 August still to come (in July)."""
    _, start, _ = round_dates()
    grade = grade_on(8, today=timezone.localdate(), day=start)
    assert grade is not None
    return grade


def draft_round(world: Any, *, offers: dict[Offer, int] | None = None, **kwargs: Any) -> Any:
    """A round for district A by the district's coordinator, for the grade the world's
    8th-graders have on its first day (`round_grade`)."""
    deadline, start, end = round_dates()
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    grade = round_grade()
    values: dict[str, Any] = {
        "name": f"Erhvervspraktik {grade}. klasse",
        "grades": [grade],
        "start_date": start,
        "end_date": end,
        "wish_deadline_date": deadline,
    }
    values.update(kwargs)
    round = round_create(acting_user=coordinator, **values)
    if offers:
        round_offers_set(
            round=round,
            seats={o.uuid: n for o, n in offers.items()},
            acting_user=coordinator,
        )
    return round


def open_round(world: Any, **kwargs: Any) -> Any:
    offers = kwargs.pop("offers", None) or {wp_offer(world, "Smed"): 2}
    round = draft_round(world, offers=offers, **kwargs)
    return round_open(round=round, acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR])


def wish(world: Any, round: Any, person: Any, *titles: str) -> None:
    by_title = {ro.offer.title: ro for ro in round.round_offers.select_related("offer")}
    wishes_set(
        round=round,
        young_person=person,
        round_offers=[by_title[t] for t in titles],
        acting_user=world.users[Role.SECRETARIAT],
    )


def own_place_values(**overrides: Any) -> dict[str, Any]:
    """A place a grade-8 pupil found: valid CVR, the round's days, 08:00-14:00 with a break."""
    from datetime import time

    _, start, end = round_dates()
    values: dict[str, Any] = {
        "company_name": "Tårs Tømrer ApS",
        "cvr": "10000033",
        "address": "Hovedgaden 3",
        "postal_code": "9830",
        "start_date": start,
        "end_date": end,
        "day_starts_at": time(8, 0),
        "day_ends_at": time(14, 0),
        "break_minutes": 30,
        "tasks": "Hjælpe på værkstedet og køre med ud",
        "light_work": True,
        "contact_name": "Tom Tømrer",
        "contact_email": "tom@example.org",
        "contact_phone": "",
    }
    values.update(overrides)
    return values
