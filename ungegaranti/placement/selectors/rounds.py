"""Reads for work-experience rounds, always through the reader's scope."""

from collections import Counter
from typing import Any

from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Greatest, Least

from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.marketplace.eligibility import FIRST_GRADE, LAST_GRADE, class_grade_on
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass, SchoolDistrict, YoungPerson
from ungegaranti.plans.models import ActivityKind

from ..models import Round, RoundOffer, Wish


def rounds_visible_to(*, user: User) -> QuerySet[Round]:
    """Rounds a coordinator (own district) or the secretariat (the municipality) manages."""
    if user.municipality_id is None:
        return Round.objects.none()
    rounds = Round.objects.filter(municipality_id=user.municipality_id).select_related("district")
    if user.role == Role.SECRETARIAT:
        return rounds
    if user.role == Role.WORK_EXPERIENCE_COORDINATOR and user.district_id:
        return rounds.filter(district_id=user.district_id)
    return rounds.none()


def grade_in_round(*, round: Round, school_class: SchoolClass) -> int | None:
    """The grade a class's pupils have on the round's first day: the class's grade in its own
    school year moved one down for each school year the round lies before it and one up for
    each it lies after (`class_grade_on`, as the round's eligibility and the engine take it).
    Last year's 8. klasse round was for this year's 9th-graders; a round after the summer for
    8. klasse is for this year's 7th-graders while their class is not yet imported anew."""
    return class_grade_on(
        school_class.grade, school_year=school_class.school_year, day=round.start_date
    )


def round_covers(*, round: Round, school_class: SchoolClass, district_id: int | None) -> bool:
    """Whom a round is for: one of its grades (the grade the class has on the round's first
    day, `grade_in_round`), at a school in its district (or anywhere in the municipality when
    it has none)."""
    grade = grade_in_round(round=round, school_class=school_class)
    return grade in round.grades and (round.district_id is None or district_id == round.district_id)


def round_includes(*, round: Round, young_person: YoungPerson) -> bool:
    """Whether a round is for this pupil (`round_covers`). `round_pupils` is the same rule as a
    query; a test keeps the two equal."""
    return (
        young_person.municipality_id == round.municipality_id
        and young_person.school_class is not None
        and young_person.school is not None
        and round_covers(
            round=round,
            school_class=young_person.school_class,
            district_id=young_person.school.district_id,
        )
    )


def round_pupils(*, round: Round) -> QuerySet[YoungPerson]:
    """The pupils a round is for (`round_includes`, in the database)."""
    year = school_year_of(round.start_date)
    pupils = (
        YoungPerson.objects.filter(
            municipality_id=round.municipality_id, school__isnull=False, school_class__isnull=False
        )
        .alias(
            # grade_in_round in SQL: the class's grade moved by the school years between.
            grade_then=Least(
                Greatest(
                    F("school_class__grade") + Value(year) - F("school_class__school_year"),
                    Value(FIRST_GRADE),
                ),
                Value(LAST_GRADE),
            )
        )
        .filter(grade_then__in=list(round.grades))
    )
    if round.district_id:
        pupils = pupils.filter(school__district_id=round.district_id)
    return pupils.select_related("school", "school_class")


def rounds_for_pupil(*, young_person: YoungPerson) -> list[Round]:
    """Rounds (past draft) that include this pupil. (Grades are a JSON list, so inclusion is
    decided in Python to stay portable; a municipality has few rounds.)"""
    rounds = Round.objects.filter(municipality_id=young_person.municipality_id).exclude(
        status=Round.Status.DRAFT
    )
    return [r for r in rounds if round_includes(round=r, young_person=young_person)]


def candidate_offers(*, round: Round) -> list[tuple[Offer, OfferPeriod]]:
    """Published erhvervspraktik offers with a period overlapping the round's dates, each with
    the overlapping period that has the most seats left."""
    periods = (
        OfferPeriod.objects.filter(
            municipality_id=round.municipality_id,
            offer__type=ActivityKind.WORK_EXPERIENCE,
            offer__status=Offer.Status.PUBLISHED,
            start_date__lte=round.end_date,
            end_date__gte=round.start_date,
        )
        .select_related("offer", "offer__partner")
        .order_by("offer__title", "offer_id", "start_date")
    )
    best: dict[int, OfferPeriod] = {}
    for period in periods:
        current = best.get(period.offer_id)
        if current is None or period.seats_left > current.seats_left:
            best[period.offer_id] = period
    return [(p.offer, p) for p in best.values()]


def round_offers_of(*, round: Round) -> QuerySet[RoundOffer]:
    return round.round_offers.select_related("offer", "offer__partner", "period")


def offer_label(round_offer: RoundOffer) -> str:
    return f"{round_offer.offer.title} ({round_offer.offer.partner.name})"


def round_demand(*, round: Round) -> dict[str, Any]:
    """Live numbers for the coordinator: how many have wished, and per offer the first-choice
    demand against the seats (where demand exceeds seats)."""

    pupils = round_pupils(round=round).count()
    wishes = Wish.objects.filter(round=round)
    wished = wishes.values("young_person").distinct().count()
    first = Counter(wishes.filter(rank=1).values_list("round_offer_id", flat=True))
    total = Counter(wishes.values_list("round_offer_id", flat=True))
    rows: list[dict[str, Any]] = []
    for ro in round_offers_of(round=round):
        rows.append(
            {
                "round_offer": ro,
                "label": offer_label(ro),
                "seats": ro.seats,
                "first_choice": first.get(ro.pk, 0),
                "all_wishes": total.get(ro.pk, 0),
                "over": first.get(ro.pk, 0) > ro.seats,
            }
        )
    rows.sort(key=lambda r: (-(r["first_choice"] - r["seats"]), r["label"]))
    return {
        "pupils": pupils,
        "wished": wished,
        "not_wished": pupils - wished,
        "seats": sum(r["seats"] for r in rows),
        "offers": rows,
        "over": [r for r in rows if r["over"]],
    }


def partners_without_offer(*, round: Round) -> QuerySet[GuaranteePartner]:
    """Partners committed to erhvervspraktik (agreement running at the round's start) with no
    offer in the round yet."""
    in_round = round.round_offers.values("offer__partner_id")
    return GuaranteePartner.objects.filter(
        municipality_id=round.municipality_id,
        commits_work_experience=True,
        agreement_start_date__lte=round.start_date,
        agreement_end_date__gte=round.start_date,
    ).exclude(pk__in=in_round)


def partner_rounds(*, partner: GuaranteePartner | None) -> list[tuple[Round, int]]:
    """The published rounds with pupils placed at this partner, each with their number: one
    query."""
    if partner is None:
        return []
    rounds = (
        Round.objects.filter(
            status=Round.Status.PUBLISHED, placements__round_offer__offer__partner=partner
        )
        .annotate(placed=Count("placements"))
        .order_by("-start_date", "-created_at")
    )
    return [(r, r.placed) for r in rounds]


def round_districts_for(*, user: User) -> QuerySet[SchoolDistrict]:
    """The districts a new round may be for, in the user's municipality."""
    if user.municipality_id is None:
        return SchoolDistrict.objects.none()
    return SchoolDistrict.objects.filter(municipality_id=user.municipality_id)


def round_open_preview(*, round: Round) -> dict[str, Any]:
    """What opening a round does: who may wish, and how many are told now (those with a login)."""
    pupils = round_pupils(round=round)
    seats = [ro.seats for ro in round.round_offers.all()]
    count = pupils.count()
    told = User.objects.filter(young_person__in=pupils).count()
    return {
        "pupils": count,
        "told": told,
        "without_login": count - told,
        "offers": len(seats),
        "seats": sum(seats),
    }


def towns_for(*, postal_codes: set[str]) -> dict[str, str]:
    """Postal code -> town, in one query."""
    return dict(PostalArea.objects.filter(code__in=postal_codes).values_list("code", "town"))


def round_classes(*, round: Round) -> list[SchoolClass]:
    """The classes of the round's pupils, by school and name."""
    return list(
        SchoolClass.objects.filter(pk__in=round_pupils(round=round).values("school_class"))
        .select_related("school")
        .order_by("school__name", "grade", "letter")
    )
