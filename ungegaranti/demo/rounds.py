"""Demo work-experience rounds, in every state a coordinator meets in a school year.

Per school district:
- last school year's round for 8. klasse (this year's 9th-graders), published, with its
  placements, the attendance recorded on the activities in the pupils' records;
- this school year's round for 9. klasse, open for wishes, about two thirds having wished;
and in the district of the demo coordinator also this year's round for 8. klasse, closed
after its deadline and run with both mechanisms (optimal and lottery), the two runs side by
side awaiting publication.

The partners who committed to erhvervspraktik offer 10-20 % more seats than each round has
pupils, unevenly over towns and trades (nearby partners more often), some suited to pupils on
the support track. Wishes are realistic: popular trades are oversubscribed and nearby
employers preferred.

Everything goes through the services (round create, offers, open, wishes, close, runs,
publish; offers and periods through the marketplace), so their rules hold for demo data. The
steps of a round happen on their own days: the clock is set to each step's day while it is
taken (`_on`), so a deadline is checked as it was then and the history shows the real order.
Dates are relative to the day the demo is built.

Called by `manage.py demo_rounds --seed N` after demo_marketplace.
"""

import math
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from ungegaranti.core.geo import haversine_km
from ungegaranti.core.models import Municipality, PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.marketplace.services.offers import offer_create, offer_publish
from ungegaranti.marketplace.services.periods import period_add
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolDistrict, YoungPerson
from ungegaranti.placement.models import Round, RoundOffer, Run
from ungegaranti.placement.selectors import round_pupils, wish_refusal
from ungegaranti.placement.services import (
    round_close,
    round_create,
    round_offers_set,
    round_open,
    round_publish,
    runs_create_both,
    wishes_set,
)
from ungegaranti.plans.models import Activity, ActivityKind
from ungegaranti.plans.services import activity_record

from .marketplace import _acting_user, _offer_values
from .praktik import DemoPraktikResult, demo_praktik_build

# School holidays (ISO weeks) when no school sends pupils out: Christmas, winter, summer,
# autumn.
HOLIDAY_WEEKS = frozenset({1, 7, 27, 28, 29, 30, 31, 32, 42, 52, 53})
SEATS_OVER_PUPILS = (1.10, 1.20)  # seats per pupil in a round
WISHED_SHARE = {"past": 0.96, "closed": 0.93, "open": 0.66}
WISH_COUNTS = ((5, 55), (4, 20), (3, 25))
NO_SHOW_SHARE = 0.05
DISTANCE_SCALE_KM = 6.0  # a wish's weight falls by e for every 6 km from home

# How much 14-15-year-olds want each trade (1 = average); the rest of the titles count 1.
POPULARITY = {
    "dyrepasser": 4.0,
    "mekaniker": 3.5,
    "frisør": 3.0,
    "pædagogmedhjælper": 3.0,
    "webudvikler": 3.0,
    "elektriker": 2.5,
    "tømrer": 2.2,
    "kok": 2.0,
    "tandklinikassistent": 2.0,
    "grafiker": 1.8,
    "landmand": 1.5,
    "renovationsmedarbejder": 0.3,
    "lagermedarbejder": 0.5,
    "lagerarbejder": 0.5,
    "kontorelev": 0.6,
    "administrationsmedarbejder": 0.4,
    "speditør": 0.4,
    "vandværkstekniker": 0.4,
    "rengøringsassistent": 0.3,
}

COORDINATOR_NAMES = (
    ("Kirsten", "Mølgaard"),
    ("Ole", "Frandsen"),
    ("Lene", "Bruun"),
    ("Bo", "Hvid"),
    ("Dorthe", "Riis"),
    ("Jan", "Toft"),
)


@dataclass
class DemoRoundsResult:
    rounds: dict[str, int] = field(default_factory=dict)  # status -> count
    pupils: int = 0
    seats: int = 0
    wished: int = 0
    placed: int = 0
    attended: int = 0
    runs: int = 0
    praktik: DemoPraktikResult | None = None


@contextmanager
def _on(day: date, hour: int = 10) -> Iterator[None]:
    """Take the steps inside on `day` (the services read the date from django's clock)."""
    if day >= timezone.localdate():  # today's steps happen now
        yield
        return
    moment = datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def praktik_monday(earliest: date) -> date:
    """The first Monday on or after `earliest` outside the school holidays."""
    day = earliest + timedelta(days=-earliest.weekday() % 7)
    while day.isocalendar().week in HOLIDAY_WEEKS:
        day += timedelta(weeks=1)
    return day


@dataclass(frozen=True)
class RoundPlan:
    """One demo round's dates (each step on its own day) and what state it ends in."""

    state: str  # "past", "closed" or "open"
    grade: int
    created: date
    deadline: date
    start: date

    @property
    def end(self) -> date:
        return self.start + timedelta(days=4)

    @property
    def school_year(self) -> int:
        return school_year_of(self.start)


def round_plans(*, today: date, district_index: int, with_closed: bool) -> list[RoundPlan]:
    """The dates of a district's rounds, relative to `today` (any day of the year); the
    districts' praktik weeks follow one another."""
    year = school_year_of(today)
    i = district_index
    past_start = praktik_monday(date.fromisocalendar(year, 10 + i, 1))
    plans = [
        RoundPlan(
            "past", 8, past_start - timedelta(days=49), past_start - timedelta(days=21), past_start
        )
    ]
    # This year's 9th grade: in the spring, or, when the spring is too near, as soon as
    # there is time for three weeks of wishes.
    open_start = praktik_monday(date.fromisocalendar(year + 1, 10 + i, 1))
    if open_start - timedelta(days=21) < today + timedelta(days=7):
        open_start = praktik_monday(today + timedelta(days=28 + 7 * i))
    # In the summer that is next school year's 9th grade: today's 8th-graders, as the round
    # counts a class's grade on its first day (placement.selectors.grade_in_round).
    plans.append(
        RoundPlan(
            "open",
            9,
            today - timedelta(days=14),
            open_start - timedelta(days=21),
            open_start,
        )
    )
    if with_closed:
        closed_start = praktik_monday(today + timedelta(days=14))
        plans.append(
            RoundPlan(
                "closed", 8, today - timedelta(days=35), today - timedelta(days=1), closed_start
            )
        )
    return plans


class _RoundsBuilder:
    def __init__(self, *, municipality: Municipality, seed: int, today: date) -> None:
        self.municipality = municipality
        self.today = today
        self.rng = random.Random(f"{seed}:rounds")
        self.seed = seed
        self.result = DemoRoundsResult()
        self.centres: dict[str, tuple[float, float]] = {
            a.code: (a.latitude, a.longitude)
            for a in PostalArea.objects.all()
            if a.latitude is not None and a.longitude is not None
        }
        self.partners = list(
            GuaranteePartner.objects.filter(
                municipality=municipality, commits_work_experience=True
            ).order_by("id")
        )
        if not self.partners:
            raise ValueError("No guarantee partner has committed to erhvervspraktik.")
        # The secretariat acts for the partners (as in demo_marketplace).
        self.for_partners = _acting_user(municipality)
        self.offers: dict[int, Offer] = {}  # partner id -> its erhvervspraktik offer
        self.pupil_user: dict[int, User] = {
            u.young_person_id: u
            for u in User.objects.filter(
                municipality=municipality, role=Role.YOUNG_PERSON, young_person__isnull=False
            )
            if u.young_person_id is not None
        }

    # -- people ---------------------------------------------------------------------------

    def coordinator(self, district: SchoolDistrict, number: int) -> User:
        """The district's praktikkoordinator: the demo login where there is one, otherwise a
        colleague without a login of their own."""
        existing = (
            User.objects.filter(
                municipality=self.municipality,
                role=Role.WORK_EXPERIENCE_COORDINATOR,
                district=district,
            )
            .order_by("id")
            .first()
        )
        if existing is not None:
            return existing
        first, last = COORDINATOR_NAMES[number % len(COORDINATOR_NAMES)]
        return user_create(
            acting_user=None,
            username=f"praktikkoordinator-{self.municipality.code}-{district.uuid.hex[:8]}",
            password=None,
            role=Role.WORK_EXPERIENCE_COORDINATOR,
            municipality=self.municipality,
            district=district,
            first_name=first,
            last_name=last,
        )

    # -- seats ----------------------------------------------------------------------------

    def _partner_weight(self, partner: GuaranteePartner, homes: Counter[str], pupils: int) -> float:
        """Nearby partners offer more often: by the share of the round's pupils living in the
        partner's town (a town where one of the district's young people lives is not near
        for the rest of them)."""
        share = homes[partner.postal_code] / max(pupils, 1)
        big_town = 1.0 if partner.postal_code == "9800" else 0.0  # the big town draws pupils
        return 0.5 + 9.5 * share + big_town

    def offer_seats(self, round: Round, plan: RoundPlan, pupils: int, actor: User) -> int:
        """Partners offer seats in the round's week until there are 10-20 % more seats than
        pupils; the round takes them all."""
        rng = self.rng
        homes = Counter(round_pupils(round=round).values_list("postal_code", flat=True))
        running = [
            p for p in self.partners if p.agreement_start_date <= plan.start <= p.agreement_end_date
        ]
        weights = [self._partner_weight(p, homes, pupils) for p in running]
        target = math.ceil(pupils * rng.uniform(*SEATS_OVER_PUPILS))
        # A round long ago (last spring, seen from the summer) had fewer partners with an
        # agreement running: each of them offered more seats.
        more = max(1, math.ceil(target / (2.5 * max(len(running), 1))))
        seats: dict[str, int] = {}
        total = 0
        tried: set[int] = set()
        while total < target and len(tried) < len(running):
            partner = rng.choices(running, weights)[0]
            if partner.pk in tried:
                continue
            tried.add(partner.pk)
            count = min(rng.choice((1, 2, 2, 3, 3, 4, 5, 6)) * more, target - total)
            offer = self._offer(partner)
            period = self._period(offer, plan, count)
            if period is None:
                continue
            seats[str(offer.uuid)] = period.seats_left
            total += period.seats_left
        round_offers_set(round=round, seats=seats, acting_user=actor)
        return total

    def _offer(self, partner: GuaranteePartner) -> Offer:
        """The partner's erhvervspraktik offer for 8th and 9th grade (made once)."""
        offer = self.offers.get(partner.pk)
        if offer is None:
            values = _offer_values(self.rng, ActivityKind.WORK_EXPERIENCE, partner)
            values["min_grade"] = min(values["min_grade"], 8)
            offer = offer_create(partner=partner, acting_user=self.for_partners, **values)
            self.offers[partner.pk] = offer
        return offer

    def _period(self, offer: Offer, plan: RoundPlan, seats: int) -> OfferPeriod | None:
        try:
            period = period_add(
                offer=offer,
                start_date=plan.start,
                end_date=plan.end,
                seats=seats,
                acting_user=self.for_partners,
            )
        except ValidationError:
            return None
        if offer.status != Offer.Status.PUBLISHED:
            offer_publish(offer=offer, acting_user=self.for_partners)
            offer.status = Offer.Status.PUBLISHED
        return period

    # -- wishes ---------------------------------------------------------------------------

    def _wish_weights(self, round_offers: list[RoundOffer]) -> dict[int, float]:
        weights = {}
        for ro in round_offers:
            job = ro.offer.title.removeprefix("Erhvervspraktik som ").strip()
            weights[ro.pk] = POPULARITY.get(job, 1.0)
        return weights

    def _distance(self, a: str, b: str) -> float:
        pa, pb = self.centres.get(a), self.centres.get(b)
        if pa is None or pb is None:
            return 10.0
        return haversine_km(pa[0], pa[1], pb[0], pb[1])

    def wish(
        self,
        round: Round,
        plan: RoundPlan,
        actor: User,
        *,
        skip: set[int],
    ) -> int:
        """Enter ranked wishes for the share of the round's pupils who wished, each on a day
        between opening and the deadline (or today, for a round still open)."""
        rng = self.rng
        round_offers = list(round.round_offers.select_related("offer__partner"))
        for ro in round_offers:
            ro.round = round
        popularity = self._wish_weights(round_offers)
        pupils = [p for p in round_pupils(round=round).order_by("id") if p.pk not in skip]
        share = WISHED_SHARE[plan.state]
        last_day = min(plan.deadline, self.today)
        first_day = plan.created + timedelta(days=1)
        span = max(0, (last_day - first_day).days)
        counts, count_weights = zip(*WISH_COUNTS, strict=True)
        wished = 0
        days: dict[date, list[tuple[YoungPerson, list[RoundOffer]]]] = {}
        # Exactly the share wishes (who is drawn): a share drawn pupil by pupil strays too far
        # from it in a district of a few dozen pupils.
        wishers = set(rng.sample(range(len(pupils)), int(share * len(pupils) + 0.5)))
        for number, person in enumerate(pupils):
            if number not in wishers:
                continue
            keyed = []
            for ro in round_offers:
                weight = popularity[ro.pk] * math.exp(
                    -self._distance(person.postal_code, ro.offer.postal_code) / DISTANCE_SCALE_KM
                )
                keyed.append((rng.random() ** (1 / weight), ro))  # weighted, no repeats
            keyed.sort(key=lambda pair: -pair[0])
            wanted = rng.choices(counts, count_weights)[0]
            chosen: list[RoundOffer] = []
            for _key, ro in keyed:
                if not wish_refusal(round_offer=ro, young_person=person):
                    chosen.append(ro)
                    if len(chosen) == wanted:
                        break
            if chosen:
                day = first_day + timedelta(days=rng.randint(0, span))
                days.setdefault(day, []).append((person, chosen))
        for day in sorted(days):
            with _on(day):
                for person, chosen in days[day]:
                    # The demo pupil with a login enters their own wishes.
                    who = self.pupil_user.get(person.pk, actor)
                    wishes_set(
                        round=round, young_person=person, round_offers=chosen, acting_user=who
                    )
                    wished += 1
        return wished

    # -- rounds ---------------------------------------------------------------------------

    def build_round(
        self, district: SchoolDistrict, plan: RoundPlan, actor: User, *, mechanism: str
    ) -> Round | None:
        """The round of `plan`, taken as far as its state (None when it has no pupils)."""
        result = self.result
        planned = Round(
            municipality=self.municipality,
            district=district,
            grades=[plan.grade],
            start_date=plan.start,
        )
        if not round_pupils(round=planned).exists():
            return None
        with _on(plan.created):
            round = round_create(
                acting_user=actor,
                # A name is the municipality's data, in its language, not interface text.
                name=f"Erhvervspraktik {plan.grade}. klasse {plan.school_year}/"
                f"{(plan.school_year + 1) % 100:02d}",
                grades=[plan.grade],
                district=district,
                start_date=plan.start,
                end_date=plan.end,
                wish_deadline_date=plan.deadline,
            )
            pupils = round_pupils(round=round).count()
            result.pupils += pupils
            result.seats += self.offer_seats(round, plan, pupils, actor)
        with _on(plan.created + timedelta(days=1), hour=8):
            round_open(round=round, acting_user=actor)
        # The demo pupil keeps this year's open round to wish in themself.
        skip = set(self.pupil_user) if plan.state == "open" else set()
        result.wished += self.wish(round, plan, actor, skip=skip)
        if plan.state == "open":
            return round
        with _on(plan.deadline + timedelta(days=1), hour=8):
            round_close(round=round, acting_user=actor)
        run_day = min(plan.deadline + timedelta(days=2), self.today)
        with _on(run_day, hour=9):
            runs = runs_create_both(round=round, acting_user=actor)
        result.runs += len(runs)
        if plan.state == "closed":
            return round
        chosen = next(r for r in runs if r.mechanism == mechanism)
        with _on(run_day, hour=11):
            round = round_publish(round=round, run=chosen, acting_user=actor)
        self._attendance(round, plan, actor)
        return round

    def _attendance(self, round: Round, plan: RoundPlan, actor: User) -> None:
        """After the week the coordinator records who came (the placement's activity in the
        pupil's record: completed or did not attend)."""
        with _on(plan.end + timedelta(days=3)):
            for placement in round.placements.select_related(
                "young_person", "round_offer__offer__partner"
            ).order_by("id"):
                if placement.round_offer is None:
                    continue
                self.result.placed += 1
                came = self.rng.random() >= NO_SHOW_SHARE
                self.result.attended += came
                activity = Activity.objects.get(
                    municipality=round.municipality, source_key=placement.activity_source_key
                )
                activity_record(
                    young_person=placement.young_person,
                    kind=activity.kind,
                    title=activity.title,
                    source_key=activity.source_key,
                    partner=activity.partner,
                    start_date=activity.start_date,
                    end_date=activity.end_date,
                    status=Activity.Status.COMPLETED if came else Activity.Status.DID_NOT_ATTEND,
                    acting_user=actor,
                )

    def build(self) -> DemoRoundsResult:
        districts = list(
            SchoolDistrict.objects.filter(municipality=self.municipality)
            .prefetch_related("schools")
            .order_by("name")
        )
        persona = (
            User.objects.filter(
                municipality=self.municipality, role=Role.WORK_EXPERIENCE_COORDINATOR
            )
            .order_by("id")
            .first()
        )
        with_closed_in = (
            persona.district_id if persona else (districts[0].pk if districts else None)
        )
        published: list[tuple[Round, User]] = []
        open_round: tuple[Round, User] | None = None
        for number, district in enumerate(districts):
            actor = self.coordinator(district, number)
            # One district chose the lottery last year; the rest published the optimum.
            mechanism = Run.Mechanism.LOTTERY if number == 2 else Run.Mechanism.OPTIMAL
            for plan in round_plans(
                today=self.today, district_index=number, with_closed=district.pk == with_closed_in
            ):
                round = self.build_round(district, plan, actor, mechanism=mechanism)
                if round is None:
                    continue
                round.refresh_from_db(fields=["status"])
                key = str(round.status)
                self.result.rounds[key] = self.result.rounds.get(key, 0) + 1
                if round.status == Round.Status.PUBLISHED:
                    published.append((round, actor))
                elif round.status == Round.Status.OPEN and district.pk == with_closed_in:
                    open_round = (round, actor)
        self.result.praktik = demo_praktik_build(
            municipality=self.municipality,
            seed=self.seed,
            published=published,
            open_round=open_round,
        )
        return self.result


def demo_rounds_build(
    *, municipality: Municipality, seed: int, today: date | None = None
) -> DemoRoundsResult:
    """The demo rounds for every district of `municipality` (see the module's docstring)."""
    builder = _RoundsBuilder(
        municipality=municipality, seed=seed, today=today or timezone.localdate()
    )
    return builder.build()
