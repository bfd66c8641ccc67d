"""Demo marketplace: about 1,000 realistic offers for a municipality's partners, with periods and
seats, and some applications and class bookings in every status. Everything goes through the
real services (so the working-time rules, seats and notifications hold for demo data too).

Called by `manage.py demo_marketplace --seed N` after the demo municipality is built.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.marketplace.applicant_checks import (
    CONSENT_AGE,
    check_fits,
    needs_guardian_consent,
)
from ungegaranti.marketplace.models import Application, Offer, OfferPeriod
from ungegaranti.marketplace.rules import WORK_TYPES
from ungegaranti.marketplace.services.applications import (
    application_accept,
    application_cancel,
    application_complete,
    application_consent,
    application_decline,
    application_no_show,
    application_request,
    application_withdraw,
    booking_request,
)
from ungegaranti.marketplace.services.offers import offer_create, offer_publish
from ungegaranti.marketplace.services.periods import period_add
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import classes_visible_to
from ungegaranti.plans.models import ActivityKind as Kind

DEFAULT_OFFERS = 1000
SYSTEM_USERNAME = "markedsplads-demo"

TYPE_WEIGHTS = {
    Kind.WORK_EXPERIENCE: 34,
    Kind.LEISURE_JOB: 20,
    Kind.OPEN_SCHOOL_COURSE: 12,
    Kind.COMPANY_VISIT: 12,
    Kind.APPRENTICESHIP: 8,
    Kind.INTRO_JOB: 6,
    Kind.JUNIOR_APPRENTICESHIP: 5,
    Kind.YOUTH_FAIR: 3,
}
JOBS = {
    "A": ["landmand", "gartner", "dyrepasser", "skovarbejder"],
    "C": ["smed", "industrioperatør", "maskinarbejder", "elektriker", "bager"],
    "D": ["elektriker", "energitekniker"],
    "E": ["renovationsmedarbejder", "vandværkstekniker"],
    "F": ["tømrer", "murer", "VVS-montør", "maler", "anlægsgartner"],
    "G": ["butiksassistent", "lagermedarbejder", "salgsassistent", "mekaniker"],
    "H": ["chauffør", "lagerarbejder", "havnearbejder", "speditør"],
    "I": ["kok", "tjener", "opvasker", "receptionist"],
    "J": ["webudvikler", "grafiker", "it-supporter"],
    "K": ["kontorelev", "bankrådgiver"],
    "L": ["ejendomsservicetekniker", "kontorelev"],
    "M": ["tekniker", "laborant", "tegner"],
    "N": ["rengøringsassistent", "servicemedarbejder"],
    "O": ["kontorelev", "administrationsmedarbejder"],
    "P": ["pædagogmedhjælper", "underviser"],
    "Q": ["social- og sundhedshjælper", "pædagogmedhjælper", "tandklinikassistent"],
    "R": ["medhjælper i svømmehallen", "kulturformidler"],
    "S": ["frisør", "kosmetiker", "cykelmekaniker"],
}
SUBJECTS = [
    "matematik",
    "dansk",
    "natur/teknologi",
    "fysik/kemi",
    "biologi",
    "samfundsfag",
    "håndværk og design",
    "madkundskab",
    "engelsk",
]
TASKS = [
    "Du får en fast kontaktperson og prøver rigtige opgaver sammen med vores medarbejdere.",
    "Vi viser dig hverdagen, og du hjælper til, hvor der er brug for det.",
    "Du lærer sikkerhed først, og derefter må du selv prøve værktøjet.",
    "Vi lægger vægt på godt humør, mødestabilitet og lyst til at lære.",
    "Der er kantine, og arbejdstøj får du udleveret.",
]


@dataclass
class DemoMarketplaceResult:
    offers: int = 0
    periods: int = 0
    applications: dict[str, int] = field(default_factory=dict)


def _acting_user(municipality: Any) -> User:
    """The secretariat acts for partners in the demo (as it may for partners without login)."""
    user = User.objects.filter(municipality=municipality, role=Role.SECRETARIAT).first()
    if user is None:
        user = user_create(
            acting_user=None,
            username=f"{SYSTEM_USERNAME}-{municipality.code}",
            password=None,
            role=Role.SECRETARIAT,
            municipality=municipality,
            first_name="Markedspladsen",
            last_name="(demo)",
        )
    return user


# Trades where a job after school is not light work (machines, heavy lifting, traffic): their
# leisure and intro jobs are for those who have finished 9th grade.
HEAVY_SECTORS = frozenset({"B", "C", "D", "E", "F", "H"})
# What a 13-14-year-old (or anyone still in compulsory school) may do after school in the other
# trades: the light work the executive order on young people's work lists (bekendtgørelse om
# unges arbejde, its annex of light work; restated on ungmedjob.dk, "Hvilke jobs må unge
# udføre?"): light farm and garden work such as feeding, mucking out and picking berries;
# light cleaning, tidying and laying tables; delivering newspapers and leaflets; receiving,
# sorting, price-labelling and packing goods in a shop; light serving in shops and cafés. No
# machines, no cooking, no care work.
LIGHT_JOBS = {
    "A": ["staldhjælper", "bærplukker", "hjælper i gartneriet"],
    "G": ["opfylder", "varepakker", "ekspedient"],
    "I": ["caféhjælper", "ryddehjælp", "borddækker"],
    "J": ["avisbud", "reklameomdeler"],
    "K": ["kontorhjælper"],
    "L": ["kontorhjælper", "reklameomdeler"],
    "M": ["kontorhjælper"],
    "N": ["rengøringshjælper"],
    "O": ["kontorhjælper"],
    "P": ["kontorhjælper", "oprydningshjælper"],
    "Q": ["kontorhjælper"],
    "R": ["hjælper i cafeteriet", "hjælper ved arrangementer"],
    "S": ["hundelufter", "oprydningshjælper"],
}
AFTER_SCHOOL_JOBS = frozenset({Kind.LEISURE_JOB, Kind.INTRO_JOB})


def _offer_values(rng: random.Random, kind: str, partner: GuaranteePartner) -> dict[str, Any]:
    light = kind in AFTER_SCHOOL_JOBS and partner.sector not in HEAVY_SECTORS
    trade_jobs = LIGHT_JOBS.get(partner.sector, ["oprydningshjælper"]) if light else None
    job = rng.choice(trade_jobs or JOBS.get(partner.sector, ["medarbejder"]))
    values: dict[str, Any] = {
        "type": kind,
        "sector": partner.sector,
        "address": partner.address,
        "postal_code": partner.postal_code,
        "contact_name": "Kontaktperson hos " + partner.name[:150],
        "contact_email": f"kontakt{partner.cvr}@example.org",
        "suits_support_needs": rng.random() < 0.3,
    }
    task = " ".join(rng.sample(TASKS, 2))
    if kind == Kind.WORK_EXPERIENCE:
        values |= {
            "title": f"Erhvervspraktik som {job}",
            "description": f"En uges erhvervspraktik hos {partner.name}, hvor du prøver at være {job}. {task}",
            "min_age": 13,
            "max_age": 16,
            "min_grade": rng.choice([7, 8, 9]),
            "max_grade": 9,
            "hours_per_day": Decimal(rng.choice([6, 7])),
            "hours_per_week": Decimal(rng.choice([30, 32, 35])),
            "day_starts_at": _t(rng.choice([7, 8])),
            "break_minutes": 30,
        }
        # Five days at most (two days off), and a working day that holds the hours and the
        # half-hour break.
        values["hours_per_week"] = min(values["hours_per_week"], 5 * values["hours_per_day"])
        values["day_ends_at"] = _t(values["day_starts_at"].hour + int(values["hours_per_day"]), 30)
        if values["min_grade"] == 7:
            # 7th grade has 12-year-olds: they come as observers (no work for the company).
            values |= {"min_age": 12, "under_13_observation": True}
    elif kind == Kind.LEISURE_JOB:
        values |= {
            "title": f"Fritidsjob som {job}",
            "description": f"{partner.name} søger en ung {job} et par timer efter skole. {task}",
            "min_age": rng.choice([13, 15]),
            "max_age": 17,
            "hours_per_day": Decimal(2),
            "hours_per_week": Decimal(rng.choice([4, 6, 8, 10])),
            "day_starts_at": _t(rng.choice([15, 16, 17])),
            "day_ends_at": None,
        }
        values["day_ends_at"] = _t(values["day_starts_at"].hour + 2)
    elif kind == Kind.INTRO_JOB:
        values |= {
            "title": f"Introjob: kom i gang som {job}",
            "description": f"Et roligt første job med ekstra opbakning fra en mentor hos {partner.name}. {task}",
            "min_age": 15,
            "max_age": rng.choice([17, 24, 29]),
            "hours_per_day": Decimal(2),
            "hours_per_week": Decimal(rng.choice([6, 8, 10])),
            "day_starts_at": _t(16),
            "day_ends_at": _t(18),
            "suits_support_needs": True,
        }
    elif kind == Kind.JUNIOR_APPRENTICESHIP:
        values |= {
            "title": f"Juniormesterlære som {job}",
            "description": f"En til to dage om ugen hos {partner.name} i 8. eller 9. klasse. {task}",
            "min_age": 14,
            "max_age": 16,
            "min_grade": 8,
            "max_grade": 9,
            "hours_per_day": Decimal(7),
            "hours_per_week": Decimal(rng.choice([7, 14])),
            "day_starts_at": _t(8),
            "day_ends_at": _t(15, 30),
            "break_minutes": 30,
        }
    elif kind == Kind.APPRENTICESHIP:
        values |= {
            "title": f"Læreplads som {job}",
            "description": f"{partner.name} har en elevplads som {job} efter grundforløbet. {task}",
            "min_age": 16,
            "max_age": 29,
            "for_school_leavers": True,
            "hours_per_day": Decimal("7.4"),
            "hours_per_week": Decimal(37),
            "day_starts_at": _t(7),
            "day_ends_at": _t(15),
            "break_minutes": 30,
            "during_school_period": False,
        }
    elif kind == Kind.COMPANY_VISIT:
        low = rng.choice([0, 3, 5, 7])
        values |= {
            "title": f"Klassebesøg: en dag som {job} hos {partner.name}"[:200],
            "description": f"Tag klassen med på besøg. Vi viser rundt og fortæller om at være {job}. {task}",
            "min_age": 6 + low,
            "max_age": min(17, 9 + low + 3),
            "min_grade": low,
            "max_grade": min(10, low + 3),
        }
    elif kind == Kind.OPEN_SCHOOL_COURSE:
        subject = rng.choice(SUBJECTS)
        low = rng.choice([3, 5, 7])
        values |= {
            "title": f"Åben skole: {subject} i praksis hos {partner.name}"[:200],
            "subject": subject,
            "description": f"Et forløb, hvor klassen bruger {subject} på rigtige opgaver fra {partner.name}.",
            "min_age": 6 + low,
            "max_age": min(17, 6 + low + 4),
            "min_grade": low,
            "max_grade": min(10, low + 2),
        }
    else:  # youth fair
        values |= {
            "title": f"Ungemesse: mød {partner.name}"[:200],
            "description": f"Kom forbi vores stand og hør om uddannelser og job som {job}.",
            "min_age": 13,
            "max_age": 19,
            "min_grade": 7,
            "max_grade": 10,
        }
    if kind in WORK_TYPES and not values.get("for_school_leavers"):
        if kind in AFTER_SCHOOL_JOBS and partner.sector in HEAVY_SECTORS:
            # No light jobs there: only for those who have finished 9th grade.
            values |= {"min_age": 15, "for_school_leavers": True}
        else:
            values["light_work"] = True  # the partner confirms light tasks fit for pupils
    return values


def _t(hour: int, minute: int = 0) -> Any:
    from datetime import time

    return time(hour, minute)


def _periods(rng: random.Random, kind: str, today: date) -> list[tuple[date, date, int]]:
    monday = today - timedelta(days=today.weekday())
    if kind in (Kind.WORK_EXPERIENCE, Kind.JUNIOR_APPRENTICESHIP):
        weeks = sorted(rng.sample(range(-1, 30), rng.randint(1, 3)))
        return [
            (monday + timedelta(weeks=w), monday + timedelta(weeks=w, days=4), rng.randint(1, 4))
            for w in weeks
        ]
    if kind in (Kind.COMPANY_VISIT, Kind.OPEN_SCHOOL_COURSE, Kind.YOUTH_FAIR):
        days = sorted(rng.sample(range(-3, 150), rng.randint(2, 5)))
        return [
            (today + timedelta(days=d), today + timedelta(days=d), rng.randint(1, 2)) for d in days
        ]
    start = today + timedelta(days=rng.randint(-20, 60))
    return [(start, start + timedelta(days=rng.choice([90, 180, 365])), rng.randint(1, 3))]


def demo_offers_build(
    *, municipality: Any, seed: int, offers: int = DEFAULT_OFFERS, applications: int = 200
) -> DemoMarketplaceResult:
    """About `offers` offers over the types for the municipality's partners, most of them
    published, with periods and seats; then `applications` applications and class bookings
    spread over every status."""
    rng = random.Random(f"{seed}:marketplace")
    today = timezone.localdate()
    actor = _acting_user(municipality)
    partners = list(GuaranteePartner.objects.filter(municipality=municipality).order_by("id"))
    if not partners:
        raise ValueError("The municipality has no guarantee partners yet.")
    persona = User.objects.filter(municipality=municipality, role=Role.PARTNER_CONTACT).first()
    result = DemoMarketplaceResult()
    kinds, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    for number in range(offers):
        # The demo partner persona gets a handful of offers of its own.
        partner = (
            persona.partner if persona and number < 8 and persona.partner else rng.choice(partners)
        )
        kind = rng.choices(kinds, weights)[0]
        offer = offer_create(
            partner=partner, acting_user=actor, **_offer_values(rng, kind, partner)
        )
        for start, end, seats in _periods(rng, kind, today):
            period_add(offer=offer, start_date=start, end_date=end, seats=seats, acting_user=actor)
            result.periods += 1
        if rng.random() < 0.9:
            try:
                offer_publish(offer=offer, acting_user=actor)
            except ValidationError:
                pass  # e.g. every period is over: it stays a draft
        result.offers += 1
    result.applications = _applications_build(
        rng=rng, municipality=municipality, actor=actor, count=applications, persona=persona
    )
    return result


# Share of each final status among the demo applications.
STATUS_WEIGHTS = {
    Application.Status.REQUESTED: 22,
    Application.Status.AWAITING_CONSENT: 6,
    Application.Status.ACCEPTED: 22,
    Application.Status.DECLINED: 14,
    Application.Status.WITHDRAWN: 8,
    Application.Status.CANCELLED: 6,
    Application.Status.COMPLETED: 16,
    Application.Status.NO_SHOW: 6,
}

# The statuses only an application for a period that has begun can reach.
NEEDS_RUNNING = (Application.Status.COMPLETED, Application.Status.NO_SHOW)


def _applications_build(
    *, rng: random.Random, municipality: Any, actor: User, count: int, persona: Any
) -> dict[str, int]:
    today = timezone.localdate()
    periods = list(
        OfferPeriod.objects.filter(
            offer__municipality=municipality,
            offer__status=Offer.Status.PUBLISHED,
            end_date__gte=today,
            seats__gt=0,
        ).select_related("offer__partner")
    )
    individual = [p for p in periods if not p.offer.is_for_classes]
    running = [p for p in individual if p.start_date <= today]
    if persona and persona.partner_id:  # the persona's requests come first in its inbox
        own = [p for p in individual if p.offer.partner_id == persona.partner_id]
        individual = own * 3 + individual
    people = list(
        YoungPerson.objects.filter(municipality=municipality)
        .select_related("school_class")
        .order_by("id")
    )
    rng.shuffle(people)
    counts: dict[str, int] = {}
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    # Each status once first, those with an outcome first of all: only a period that has begun
    # can have one, and how many have begun depends on the day the demo is built (in the
    # summer holiday, few), so the drawn statuses must not use them up before.
    pending = sorted(statuses, key=lambda s: s not in NEEDS_RUNNING)
    attempts = 0
    while sum(counts.values()) < count and attempts < count * 20 and people and individual:
        attempts += 1
        first_round = pending and attempts <= len(statuses) * 10  # then give up on the rest
        status = pending[0] if first_round else rng.choices(statuses, weights)[0]
        if first_round:
            pending.append(pending.pop(0))  # a status that fails now is tried again later
        needs_running = status in NEEDS_RUNNING
        pool = running if needs_running else individual
        if status == Application.Status.AWAITING_CONSENT:
            pool = [p for p in pool if p.offer.min_age < CONSENT_AGE] or pool
        if not pool:
            continue
        period = rng.choice(pool)
        person = _fitting_person(rng, period, people)
        if person is None:
            continue
        try:
            _drive(period=period, person=person, status=status, actor=actor, rng=rng)
        except ValidationError:
            continue  # e.g. the period filled up: try another
        counts[status] = counts.get(status, 0) + 1
        if status in pending:
            pending.remove(status)
    counts["BOOKINGS"] = _bookings_build(rng=rng, municipality=municipality, periods=periods)
    return counts


def _fitting_person(rng: random.Random, period: OfferPeriod, people: list) -> Any:
    """Someone the offer is for, by the marketplace's own rule (`check_fits`: age and grade on
    the period's reference day, the grade projected from the class's school year)."""
    for _ in range(40):
        person = rng.choice(people)
        try:
            check_fits(offer=period.offer, period=period, young_person=person)
        except ValidationError:
            continue
        return person
    return None


def _drive(
    *, period: OfferPeriod, person: Any, status: str, actor: User, rng: random.Random
) -> None:
    """Apply and move the application to `status` through the services."""
    offer = period.offer
    application = application_request(
        offer=offer,
        period=period,
        young_person=person,
        acting_user=actor,
        message=rng.choice(
            [
                "Jeg vil gerne prøve, hvordan det er at arbejde hos jer.",
                "Jeg er interesseret og kan starte, når det passer jer.",
                "Min vejleder har foreslået jeres tilbud.",
            ]
        ),
        share_support_needs=person.support_track and rng.random() < 0.5,
    )
    if status == Application.Status.AWAITING_CONSENT:
        if application.status != status:
            application_withdraw(application=application, acting_user=actor)
            raise ValidationError("no consent needed here")
        return
    if needs_guardian_consent(offer=offer, young_person=person, period=period):
        application_consent(application=application, acting_user=actor, given=True)
    if status == Application.Status.REQUESTED:
        return
    if status == Application.Status.DECLINED:
        referral = rng.random() < 0.6
        other = (
            Offer.objects.filter(municipality=offer.municipality)
            .exclude(partner=offer.partner)
            .values_list("partner", flat=True)
            .first()
        )
        application_decline(
            application=application,
            acting_user=actor,
            reason=rng.choice(["NO_SEATS", "PERIOD", "NO_CAPACITY"]),
            referred_partner=GuaranteePartner.objects.filter(offers__partner_id=other).first()
            if referral
            else None,
            referred_to_coordinator=not referral and rng.random() < 0.5,
        )
        return
    if status == Application.Status.WITHDRAWN and rng.random() < 0.5:
        application_withdraw(application=application, acting_user=actor)
        return
    application_accept(application=application, acting_user=actor)
    if status == Application.Status.WITHDRAWN:
        application_withdraw(application=application, acting_user=actor)
    elif status == Application.Status.CANCELLED:
        application_cancel(application=application, acting_user=actor)
    elif status == Application.Status.COMPLETED:
        application_complete(application=application, acting_user=actor)
    elif status == Application.Status.NO_SHOW:
        application_no_show(application=application, acting_user=actor)


def _bookings_build(*, rng: random.Random, municipality: Any, periods: list) -> int:
    """Class bookings by the work-experience coordinators (requested and accepted)."""
    coordinators = list(
        User.objects.filter(municipality=municipality, role=Role.WORK_EXPERIENCE_COORDINATOR)
    )
    class_periods = [p for p in periods if p.offer.is_for_classes]
    actor = _acting_user(municipality)
    made = 0
    for coordinator in coordinators:
        classes = list(classes_visible_to(user=coordinator))
        for _ in range(10):
            if not classes or not class_periods:
                break
            period = rng.choice(class_periods)
            school_class = rng.choice(classes)
            try:
                booking = booking_request(
                    offer=period.offer,
                    period=period,
                    school_class=school_class,
                    acting_user=coordinator,
                    message="Vi er en klasse, der gerne vil besøge jer.",
                )
                if rng.random() < 0.5:
                    application_accept(application=booking, acting_user=actor)
            except ValidationError:
                continue
            made += 1
    return made
