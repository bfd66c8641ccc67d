"""Reads for work-experience rounds, always through the reader's scope."""

import json
from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from ungegaranti.core.models import PostalArea
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.plans.models import ActivityKind

from .explain import summary_for_staff
from .models import Lock, Placement, Round, RoundOffer, Run, Wish


def rounds_visible_to(*, user: Any) -> QuerySet[Round]:
    """Rounds a coordinator (own district) or the secretariat (the municipality) manages."""
    rounds = Round.objects.filter(municipality_id=user.municipality_id).select_related("district")
    if user.role == Role.SECRETARIAT:
        return rounds
    if user.role == Role.WORK_EXPERIENCE_COORDINATOR and user.district_id:
        return rounds.filter(district_id=user.district_id)
    return rounds.none()


def round_covers(*, round: Round, grade: int, district_id: int | None) -> bool:
    """Whom a round is for: one of its grades, at a school in its district (or anywhere in the
    municipality when it has none)."""
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
            grade=young_person.school_class.grade,
            district_id=young_person.school.district_id,
        )
    )


def round_pupils(*, round: Round) -> QuerySet[YoungPerson]:
    """The pupils a round is for (`round_includes`, in the database)."""
    pupils = YoungPerson.objects.filter(
        municipality_id=round.municipality_id,
        school__isnull=False,
        school_class__grade__in=list(round.grades),
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


def wishes_of(*, round: Round, young_person: YoungPerson) -> list[Wish]:
    return list(
        Wish.objects.filter(round=round, young_person=young_person)
        .select_related("round_offer__offer__partner")
        .order_by("rank")
    )


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


def round_shortfall(*, round: Round) -> dict[str, Any]:
    """How many seats are missing, and where (town, grade, support suitability).

    The total is exact: it is the number of pupils the optimal mechanism (which first maximises
    the number placed) cannot place on the current wishes, locks, seats and distance limit.
    "Where" groups those pupils by their home town, grade and support need.
    """
    from django.core.exceptions import ValidationError

    from .engine import InvalidInstance, from_dict, solve
    from .instance import instance_build

    try:
        data = instance_build(round=round)
        result = solve(from_dict(data), mechanism="optimal")
    except (ValidationError, InvalidInstance) as exc:
        return {"error": str(exc.messages[0] if hasattr(exc, "messages") else exc)}
    students = {s["id"]: s for s in data["students"]}
    people = {
        str(p.uuid): p
        for p in YoungPerson.objects.filter(uuid__in=[u["student"] for u in result["unplaced"]])
    }
    towns = dict(PostalArea.objects.values_list("code", "town"))
    groups: Counter[tuple[str, int, bool]] = Counter()
    for entry in result["unplaced"]:
        person = people[entry["student"]]
        student = students[entry["student"]]
        town = f"{person.postal_code} {towns.get(person.postal_code, '')}".strip()
        groups[(town, student["grade"], student["support"])] += 1
    where = [
        {"town": town, "grade": grade, "support": support, "missing": count}
        for (town, grade, support), count in sorted(groups.items())
    ]
    return {
        "pupils": len(data["students"]),
        "seats": sum(o["capacity"] for o in data["offers"]),
        "missing": len(result["unplaced"]),
        "where": where,
        "partners_without_offer": list(partners_without_offer(round=round)),
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


def placements_of(*, round: Round) -> QuerySet[Placement]:
    return round.placements.select_related(
        "young_person",
        "young_person__school",
        "young_person__school_class",
        "round_offer__offer__partner",
    )


def placement_of(*, round: Round, young_person: YoungPerson) -> Placement | None:
    return placements_of(round=round).filter(young_person=young_person).first()


def published_rounds_for_partner(*, partner: Any) -> QuerySet[Round]:
    return Round.objects.filter(
        status=Round.Status.PUBLISHED,
        placements__round_offer__offer__partner=partner,
    ).distinct()


def round_open_preview(*, round: Round) -> dict[str, Any]:
    """What opening a round does: who may wish, and how many are told now (those with a login)."""
    from ungegaranti.core.models import User

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


def publish_preview(*, run: Run) -> dict[str, Any]:
    """What publishing a run does: pupils told (and of them without a place), partners told."""
    result = json.loads(run.result_json)
    overall = run.summary["overall"]
    partners = (
        RoundOffer.objects.filter(
            round_id=run.round_id, uuid__in={a["offer"] for a in result["assignments"]}
        )
        .values("offer__partner")
        .distinct()
        .count()
    )
    return {
        "pupils": overall["pupils"],
        "placed": overall["placed"],
        "unplaced": overall["unplaced"],
        "fallback": overall["fallback"],
        "partners": partners,
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


def round_pupils_filtered(
    *, round: Round, school: str = "", school_class: str = "", show: str = ""
) -> QuerySet[YoungPerson]:
    """The round's pupils narrowed by school uuid, class uuid and `show` (PupilFilterForm),
    by school, class and name."""
    pupils = round_pupils(round=round)
    if school:
        pupils = pupils.filter(school__uuid=school)
    if school_class:
        pupils = pupils.filter(school_class__uuid=school_class)
    if show == "ikke-oensket":
        pupils = pupils.exclude(pk__in=Wish.objects.filter(round=round).values("young_person"))
    elif show == "laast":
        pupils = pupils.filter(pk__in=Lock.objects.filter(round=round).values("young_person"))
    elif show == "uden-plads":
        pupils = pupils.filter(
            pk__in=Placement.objects.filter(round=round, via=Placement.Via.UNPLACED).values(
                "young_person"
            )
        )
    elif show == "stoette":
        pupils = pupils.filter(support_track=True)
    return pupils.order_by(
        "school__name", "school_class__grade", "school_class__letter", "last_name", "first_name"
    )


def round_pupil_rows(*, round: Round, pupils: list[YoungPerson]) -> list[dict[str, Any]]:
    """Each pupil with their wishes, lock and placement: three queries for any number."""
    ids = [p.pk for p in pupils]
    wishes: dict[int, list[Wish]] = {}
    for wish in (
        Wish.objects.filter(round=round, young_person_id__in=ids)
        .select_related("round_offer__offer__partner")
        .order_by("rank")
    ):
        wishes.setdefault(wish.young_person_id, []).append(wish)
    locks = {
        lock.young_person_id: lock
        for lock in Lock.objects.filter(round=round, young_person_id__in=ids).select_related(
            "round_offer"
        )
    }
    placements = {
        p.young_person_id: p for p in placements_of(round=round).filter(young_person_id__in=ids)
    }
    return [
        {
            "person": p,
            "wishes": wishes.get(p.pk, []),
            "lock": locks.get(p.pk),
            "placement": placements.get(p.pk),
        }
        for p in pupils
    ]


def rounds_for_pupils(*, pupils: list[YoungPerson]) -> dict[int, list[Round]]:
    """Each pupil's rounds past draft (as rounds_for_pupil), for many pupils in one query."""
    if not pupils:
        return {}
    rounds = list(
        Round.objects.filter(municipality_id__in={p.municipality_id for p in pupils})
        .exclude(status=Round.Status.DRAFT)
        .order_by("-start_date", "-created_at")
    )
    return {p.pk: [r for r in rounds if round_includes(round=r, young_person=p)] for p in pupils}


def class_round_blocks(*, pupils: list[YoungPerson]) -> list[dict[str, Any]]:
    """A teacher's view: per round and class, each pupil with wishes and placement. A fixed
    number of queries, however many pupils and rounds."""
    by_pupil = rounds_for_pupils(pupils=pupils)
    rounds = {r.pk: r for rs in by_pupil.values() for r in rs}
    ids = [p.pk for p in pupils]
    wishes: dict[tuple[int, int], list[Wish]] = {}
    for wish in (
        Wish.objects.filter(round_id__in=rounds, young_person_id__in=ids)
        .select_related("round_offer__offer__partner")
        .order_by("rank")
    ):
        wishes.setdefault((wish.round_id, wish.young_person_id), []).append(wish)
    placements = {
        (p.round_id, p.young_person_id): p
        for p in Placement.objects.filter(
            round_id__in=rounds, young_person_id__in=ids
        ).select_related("round_offer__offer__partner")
    }
    blocks: dict[tuple[int, Any], dict[str, Any]] = {}
    for person in pupils:
        for round in by_pupil[person.pk]:
            block = blocks.setdefault(
                (round.pk, person.school_class_id),
                {"round": round, "school_class": person.school_class, "rows": []},
            )
            key = (round.pk, person.pk)
            placement = placements.get(key)
            block["rows"].append(
                {
                    "person": person,
                    "wishes": wishes.get(key, []),
                    "placement": placement,
                    "result": summary_for_staff(
                        placement=placement, name=person.first_name, had_wishes=key in wishes
                    )
                    if placement
                    else "",
                }
            )
    return list(blocks.values())


# The role home pages (ungegaranti/portal) show these.


def home_pupil_open_rounds(*, young_person: YoungPerson) -> list[dict[str, Any]]:
    """The work-experience rounds this pupil can wish in now, each with how many wishes they
    have made (two queries, however many rounds)."""
    today = timezone.localdate()
    rounds = [
        r
        for r in rounds_for_pupil(young_person=young_person)
        if r.status == Round.Status.OPEN and r.wish_deadline_date >= today
    ]
    if not rounds:
        return []
    wishes = dict(
        Wish.objects.filter(young_person=young_person, round__in=rounds)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    rounds.sort(key=lambda r: r.wish_deadline_date)
    return [
        {
            "round": r,
            "wish_count": wishes.get(r.pk, 0),
            "days_left": (r.wish_deadline_date - today).days,
        }
        for r in rounds
    ]


def home_class_open_rounds(*, user: Any, classes: list[SchoolClass]) -> list[dict[str, Any]]:
    """For each of the teacher's classes in a round open for wishes: the deadline and how many
    of the class have wished (two queries, however many classes and rounds). The classes carry
    `pupil_count` (people.selectors.home_classes_with_counts)."""
    if not classes:
        return []
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(
            municipality_id=user.municipality_id,
            status=Round.Status.OPEN,
            wish_deadline_date__gte=today,
        ).order_by("wish_deadline_date", "name")
    )
    pairs = [
        (r, c)
        for r in rounds
        for c in classes
        if round_covers(round=r, grade=c.grade, district_id=c.school.district_id)
    ]
    if not pairs:
        return []
    wished = {
        (row["round_id"], row["young_person__school_class_id"]): row["n"]
        for row in Wish.objects.filter(
            round__in=list({r.pk for r, _ in pairs}), young_person__school_class__in=classes
        )
        .values("round_id", "young_person__school_class_id")
        .annotate(n=Count("young_person", distinct=True))
    }
    return [
        {
            "round": r,
            "school_class": c,
            "wished": wished.get((r.pk, c.pk), 0),
            "pupils": c.pupil_count,  # type: ignore[attr-defined]
        }
        for r, c in pairs
    ]


def home_rounds_with_wishers(*, user: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The coordinator's newest rounds with their status and, past draft, how many pupils have
    wished (two queries)."""
    rounds = list(rounds_visible_to(user=user)[:limit])
    wishers = dict(
        Wish.objects.filter(round__in=rounds)
        .values("round_id")
        .annotate(n=Count("young_person", distinct=True))
        .values_list("round_id", "n")
    )
    return [{"round": r, "wishers": wishers.get(r.pk, 0)} for r in rounds]
