"""Reads of a round's pupils: their wishes, locks and placements, for the managers' list, the
teacher's classes and the pupil's (or guardian's) own page. A fixed number of queries however
many pupils and rounds."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.marketplace.eligibility import OfferTerms, Refusal, candidate_on, refusals
from ungegaranti.people.models import YoungPerson

from ..explain import summary_for_staff
from ..models import Lock, OwnPlace, Placement, Round, RoundOffer, Wish
from .rounds import round_includes, round_pupils, towns_for


def wishes_of(*, round: Round, young_person: YoungPerson) -> list[Wish]:
    return list(
        Wish.objects.filter(round=round, young_person=young_person)
        .select_related("round_offer__offer__partner")
        .order_by("rank")
    )


def placements_of(*, round: Round) -> QuerySet[Placement]:
    return round.placements.select_related(
        "young_person",
        "young_person__school",
        "young_person__school_class",
        "round_offer__offer__partner",
        "own_place",
        "agreement",
    )


def placement_of(*, round: Round, young_person: YoungPerson) -> Placement | None:
    return placements_of(round=round).filter(young_person=young_person).first()


def wish_refusal(*, round_offer: RoundOffer, young_person: YoungPerson) -> str:
    """Why this pupil may not wish this offer, in Danish (empty when eligible)."""
    offer = round_offer.offer
    assert young_person.school_class is not None
    candidate = candidate_on(
        birth_date=young_person.birth_date,
        grade=young_person.school_class.grade,
        school_year=young_person.school_class.school_year,
        day=round_offer.round.start_date,
        support=young_person.support_track,
    )
    age, grade = candidate.age, candidate.grade
    terms = OfferTerms.of(offer)
    found = refusals(terms, candidate, support_matters=True)
    reasons = []
    if Refusal.AGE in found:
        reasons.append(
            _(
                "tilbuddet er for %(min)s-%(max)s-årige, og eleven er %(age)s år, når praktikken "
                "begynder"
            )
            % {"min": offer.min_age, "max": offer.max_age, "age": age}
        )
    if Refusal.GRADE in found:
        low, high = terms.grade_bounds
        reasons.append(
            _("tilbuddet er for %(min)s.-%(max)s. klasse, og eleven går i %(grade)s. klasse")
            % {"min": low, "max": high, "grade": grade}
        )
    if Refusal.SCHOOL_LEAVERS in found:
        reasons.append(_("tilbuddet er kun for unge, der har afsluttet 9. klasse"))
    if Refusal.SUPPORT in found:
        reasons.append(_("tilbuddet er ikke tilrettelagt til elever, der får ekstra støtte"))
    if not reasons:
        return ""
    return _("Ønsket «%(title)s» kan ikke vælges: %(reasons)s.") % {
        "title": offer.title,
        "reasons": _(" og ").join(reasons),
    }


@dataclass(frozen=True)
class WishOffer:
    """One offer of the wishes form: its town, and why this pupil may not choose it."""

    round_offer: RoundOffer
    town: str
    refusal: str


def wish_offers(*, round: Round, young_person: YoungPerson) -> list[WishOffer]:
    """The round's offers as the wishes form shows them, with each one's refusal (if any)."""
    from ..wording import short_title

    round_offers = sorted(
        round.round_offers.select_related("offer", "offer__partner", "period"),
        key=lambda ro: (short_title(ro.offer.title), ro.offer.partner.name),
    )
    towns = towns_for(postal_codes={ro.offer.postal_code for ro in round_offers})
    rows = []
    for ro in round_offers:
        ro.round = round  # the refusal reads the round's dates: no query per offer
        rows.append(
            WishOffer(
                round_offer=ro,
                town=towns.get(ro.offer.postal_code, ""),
                refusal=wish_refusal(round_offer=ro, young_person=young_person),
            )
        )
    return rows


@dataclass(frozen=True)
class WishRow:
    wish: Wish
    town: str


@dataclass
class WorkExperienceItem:
    """One round of one pupil on "Min erhvervspraktik": wishes while open, then the result."""

    person: YoungPerson
    round: Round
    wishes: list[WishRow] = field(default_factory=list)
    can_wish: bool = False
    placement: Placement | None = None
    placement_town: str = ""
    own_place: OwnPlace | None = None  # the latest proposed, approved or rejected


def work_experience_items(*, people: list[YoungPerson]) -> list[WorkExperienceItem]:
    """Each pupil's rounds (past draft) with their wishes and, once published, their place:
    six queries for any number of pupils and rounds."""
    by_pupil = rounds_for_pupils(pupils=people)
    round_ids = {r.pk for rounds in by_pupil.values() for r in rounds}
    ids = [p.pk for p in people]
    wishes: dict[tuple[int, int], list[Wish]] = {}
    for wish in (
        Wish.objects.filter(round_id__in=round_ids, young_person_id__in=ids)
        .select_related("round_offer__offer__partner")
        .order_by("rank")
    ):
        wishes.setdefault((wish.round_id, wish.young_person_id), []).append(wish)
    placements = {
        (p.round_id, p.young_person_id): p
        for p in Placement.objects.filter(
            round_id__in=round_ids,
            round__status=Round.Status.PUBLISHED,
            young_person_id__in=ids,
        ).select_related("round_offer__offer__partner", "own_place", "agreement")
    }
    offers = [w.round_offer.offer for ws in wishes.values() for w in ws] + [
        p.round_offer.offer for p in placements.values() if p.round_offer
    ]
    own_places: dict[tuple[int, int], OwnPlace] = {}
    for own in OwnPlace.objects.filter(round_id__in=round_ids, young_person_id__in=ids).order_by(
        "created_at"
    ):
        own_places[(own.round_id, own.young_person_id)] = own
    towns = towns_for(postal_codes={o.postal_code for o in offers})
    today = timezone.localdate()
    items = []
    for person in people:
        for round in by_pupil[person.pk]:
            key = (round.pk, person.pk)
            placement = placements.get(key)
            offer = placement.round_offer.offer if placement and placement.round_offer else None
            items.append(
                WorkExperienceItem(
                    person=person,
                    round=round,
                    wishes=[
                        WishRow(wish=w, town=towns.get(w.round_offer.offer.postal_code, ""))
                        for w in wishes.get(key, [])
                    ],
                    can_wish=round.status == Round.Status.OPEN
                    and today <= round.wish_deadline_date,
                    placement=placement,
                    placement_town=towns.get(offer.postal_code, "") if offer else "",
                    own_place=own_places.get(key),
                )
            )
    return items


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
        ).select_related("round_offer__offer__partner", "own_place", "agreement")
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


def data_about(*, young_person: YoungPerson) -> dict[str, Any]:
    """The young person's work-experience wishes and placements, for their right of access."""
    wishes = Wish.objects.filter(young_person=young_person).select_related(
        "round", "round_offer__offer__partner"
    )
    placements = Placement.objects.filter(young_person=young_person).select_related(
        "round", "round_offer__offer__partner"
    )
    return {
        "praktikoensker": [
            {
                "runde": w.round.name,
                "nr": w.rank,
                "tilbud": w.round_offer.offer.title,
                "garantipartner": w.round_offer.offer.partner.name,
            }
            for w in wishes
        ],
        "praktikpladser": [
            {
                "runde": p.round.name,
                "tilbud": p.workplace.title if p.workplace else None,
                "forklaring": p.explanation,
            }
            for p in placements
        ],
    }
