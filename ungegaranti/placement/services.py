"""Writes for work-experience rounds: open, offers, wishes, locks, runs and publishing.

The engine is solved inline in the request: a district of ~700 pupils takes well under half a
second (benchmarks/allocation.py), less than a page load, so a background job would add a
progress page and nothing else. A national-scale round would be moved to core.jobs.
"""

import json
import statistics
from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.dates import format_date
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.marketplace.eligibility import Candidate, OfferTerms, Refusal, refusals
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import YoungPerson
from ungegaranti.plans.models import ActivityKind
from ungegaranti.plans.services import activity_record

from .engine import ENGINE, InvalidInstance, dumps, from_dict, loads, solve
from .explain import explain
from .instance import instance_build, instance_dumps
from .models import (
    MAX_WISHES,
    WORK_EXPERIENCE_GRADES,
    Lock,
    Placement,
    Round,
    RoundOffer,
    Run,
    Wish,
)
from .selectors import candidate_offers, offer_label, round_includes, round_pupils
from .wording import genitive


class RoundError(ValidationError):
    """A domain rule refused the change; the message is Danish and meant for the user."""


def _default_seed(round: Round) -> int:
    return int(round.uuid.hex[:8], 16)


@transaction.atomic
def round_create(
    *,
    acting_user: User,
    name: str,
    grades: list[int],
    start_date: date,
    end_date: date,
    wish_deadline_date: date,
    max_fallback_km: float | None = 25.0,
    district: Any = None,
    seed: int | None = None,
) -> Round:
    """A coordinator opens a round for their own district; the secretariat for any district or
    (district None) the whole municipality."""
    if acting_user.role == Role.WORK_EXPERIENCE_COORDINATOR:
        district = acting_user.district
    elif acting_user.role != Role.SECRETARIAT:
        raise RoundError(_("Kun praktikkoordinatorer og Ungesekretariatet opretter praktikrunder."))
    grades = sorted({int(g) for g in grades})
    if not grades or any(g not in WORK_EXPERIENCE_GRADES for g in grades):
        raise RoundError(_("Vælg et eller flere af klassetrinnene 7, 8 og 9."))
    round = Round(
        municipality=acting_user.municipality,
        name=name,
        district=district,
        grades=grades,
        start_date=start_date,
        end_date=end_date,
        wish_deadline_date=wish_deadline_date,
        max_fallback_km=max_fallback_km,
        seed=0,
        created_by=acting_user,
    )
    round.seed = _default_seed(round) if seed is None else seed
    if end_date < start_date:
        raise RoundError(_("Praktikken kan ikke slutte, før den begynder."))
    if wish_deadline_date > start_date:
        raise RoundError(_("Fristen for ønsker skal ligge før praktikken begynder."))
    round.full_clean()
    round.save()
    return round


def _require_status(round: Round, *statuses: str) -> None:
    if round.status not in statuses:
        raise RoundError(
            _("Det kan ikke lade sig gøre, når runden har status «%(status)s».")
            % {"status": round.get_status_display()}
        )


@transaction.atomic
def round_offers_set(*, round: Round, seats: dict[Any, int], acting_user: User) -> None:
    """Choose the offers taking part (offer uuid -> seats in the round; 0 or absent = not in
    the round). Only published erhvervspraktik offers with a period overlapping the round."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.DRAFT, Round.Status.OPEN, Round.Status.CLOSED)
    candidates = {str(o.uuid): (o, p) for o, p in candidate_offers(round=round)}
    wanted = {str(k): int(v) for k, v in seats.items() if v}
    for key, count in wanted.items():
        if key not in candidates:
            raise RoundError(_("Et af de valgte tilbud kan ikke være med i runden."))
        offer, period = candidates[key]
        if count < 0 or count > period.seats_left:
            raise RoundError(
                _("«%(title)s» har %(left)s ledige pladser i perioden.")
                % {"title": offer.title, "left": period.seats_left}
            )
    existing = {str(ro.offer.uuid): ro for ro in round.round_offers.select_related("offer")}
    for key, ro in existing.items():
        if key not in wanted:
            if ro.wishes.exists() or ro.locks.exists():
                raise RoundError(
                    _(
                        "«%(title)s» kan ikke tages ud af runden: der er ønsker eller låste "
                        "placeringer til det."
                    )
                    % {"title": ro.offer.title}
                )
            ro.delete()
    for key, count in wanted.items():
        offer, period = candidates[key]
        ro = existing.get(key) or RoundOffer(
            municipality=round.municipality, round=round, offer=offer
        )
        if ro.pk and ro.locks.count() > count:
            raise RoundError(
                _("«%(title)s» har %(locks)s låste placeringer og kan ikke få færre pladser.")
                % {"title": offer.title, "locks": ro.locks.count()}
            )
        ro.period = period
        ro.seats = count
        ro.full_clean()
        ro.save()


@transaction.atomic
def round_open(*, round: Round, acting_user: User) -> Round:
    """Draft -> open for wishes; the round's pupils with a login are told."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.DRAFT)
    if not round.round_offers.exists():
        raise RoundError(_("Vælg mindst ét tilbud, før runden åbnes for ønsker."))
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    _notify_opened(round=round)
    return round


def _notify_opened(*, round: Round) -> None:
    from django.urls import reverse

    link = reverse("placement:my_work_experience")
    subject = _("Vælg dine ønsker til erhvervspraktik")
    body = _("%(name)s: vælg op til 5 praktikpladser senest %(date)s.") % {
        "name": round.name,
        "date": format_date(round.wish_deadline_date),
    }
    for user in User.objects.filter(young_person__in=round_pupils(round=round)):
        notify(recipient=user, subject=subject, body=body, link=link)


@transaction.atomic
def round_close(*, round: Round, acting_user: User) -> Round:
    """Open -> closed for wishes (runs are made on a closed round)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.OPEN)
    round.status = Round.Status.CLOSED
    round.save(update_fields=["status", "updated_at"])
    return round


@transaction.atomic
def round_reopen(*, round: Round, acting_user: User) -> Round:
    """Closed -> open again, to undo an early close; only until the wish deadline (after it
    nobody can wish anyway). Runs made meanwhile stay for the record, but a run no longer
    matching the round's wishes, locks and seats cannot be published (run_is_current)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.CLOSED)
    if timezone.localdate() > round.wish_deadline_date:
        raise RoundError(
            _("Fristen for ønsker var %(date)s, så runden kan ikke åbnes igen.")
            % {"date": format_date(round.wish_deadline_date)}
        )
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    return round


def wish_refusal(*, round_offer: RoundOffer, young_person: YoungPerson) -> str:
    """Why this pupil may not wish this offer, in Danish (empty when eligible)."""
    offer = round_offer.offer
    assert young_person.school_class is not None
    age = young_person.age_on(round_offer.round.start_date)
    grade = young_person.school_class.grade
    terms = OfferTerms.of(offer)
    found = refusals(
        terms,
        Candidate(age=age, grade=grade, support=young_person.support_track),
        support_matters=True,
    )
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


@transaction.atomic
def wishes_set(
    *, round: Round, young_person: YoungPerson, round_offers: list[RoundOffer], acting_user: User
) -> list[Wish]:
    """Replace a pupil's ranked wishes (1 to 5). All or nothing: an ineligible or repeated wish
    refuses the whole list with a reason, and nothing is saved."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != Round.Status.OPEN:
        raise RoundError(_("Runden er ikke åben for ønsker."))
    if timezone.localdate() > round.wish_deadline_date:
        raise RoundError(
            _("Fristen for ønsker var %(date)s.") % {"date": format_date(round.wish_deadline_date)}
        )
    if not round_includes(round=round, young_person=young_person):
        raise RoundError(_("Eleven er ikke med i denne runde."))
    if len(round_offers) > MAX_WISHES:
        raise RoundError(_("Du kan højst ønske %(n)s pladser.") % {"n": MAX_WISHES})
    seen: set[int] = set()
    errors = []
    for ro in round_offers:
        if ro.round_id != round.pk:
            raise RoundError(_("Tilbuddet er ikke med i denne runde."))
        if ro.pk in seen:
            errors.append(_("«%(title)s» er valgt mere end én gang.") % {"title": ro.offer.title})
            continue
        seen.add(ro.pk)
        ro.round = round
        refusal = wish_refusal(round_offer=ro, young_person=young_person)
        if refusal:
            errors.append(refusal)
    if errors:
        raise RoundError(errors)
    Wish.objects.filter(round=round, young_person=young_person).delete()
    wishes = []
    for rank, ro in enumerate(round_offers, start=1):
        wish = Wish(
            municipality=round.municipality,
            round=round,
            young_person=young_person,
            round_offer=ro,
            rank=rank,
            created_by=acting_user,
        )
        wish.full_clean()
        wish.save()
        wishes.append(wish)
    return wishes


@transaction.atomic
def lock_set(
    *,
    round: Round,
    young_person: YoungPerson,
    round_offer: RoundOffer | None,
    acting_user: User,
) -> Lock | None:
    """Fix a pupil's placement by hand (None removes the lock). A lock beyond the offer's
    seats in the round is refused."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.DRAFT, Round.Status.OPEN, Round.Status.CLOSED)
    if not round_includes(round=round, young_person=young_person):
        raise RoundError(_("Eleven er ikke med i denne runde."))
    Lock.objects.filter(round=round, young_person=young_person).delete()
    if round_offer is None:
        return None
    ro = RoundOffer.objects.select_for_update().select_related("offer").get(pk=round_offer.pk)
    if ro.round_id != round.pk:
        raise RoundError(_("Tilbuddet er ikke med i denne runde."))
    if ro.locks.count() >= ro.seats:
        raise RoundError(
            _("«%(title)s» har %(seats)s pladser i runden, og de er alle låst.")
            % {"title": ro.offer.title, "seats": ro.seats}
        )
    lock = Lock(
        municipality=round.municipality,
        round=round,
        young_person=young_person,
        round_offer=ro,
        created_by=acting_user,
    )
    lock.full_clean()
    lock.save()
    return lock


def _stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Shares and distances of one group of pupils (rows: via, rank, distance_km or None)."""
    n = len(rows)
    placed = [r for r in rows if r["via"] is not None]
    km = [r["distance_km"] for r in placed]

    def share(count: int) -> float:
        return round(100 * count / n, 1) if n else 0.0

    first = sum(1 for r in rows if r["via"] == "wish" and r["rank"] == 1)
    top3 = sum(1 for r in rows if r["via"] == "wish" and r["rank"] <= 3)
    return {
        "pupils": n,
        "placed": len(placed),
        "first_choice": first,
        "first_choice_pct": share(first),
        "top3": top3,
        "top3_pct": share(top3),
        "locked": sum(1 for r in rows if r["via"] == "locked"),
        "fallback": sum(1 for r in rows if r["via"] == "fallback"),
        "unplaced": n - len(placed),
        "mean_km": round(statistics.fmean(km), 1) if km else 0.0,
        "max_km": round(max(km), 1) if km else 0.0,
    }


def run_summary(*, result: dict[str, Any], schools: dict[str, str]) -> dict[str, Any]:
    """The numbers shown side by side: overall and per school (student id -> school name)."""
    rows = [
        {
            "student": a["student"],
            "via": a["via"],
            "rank": a["rank"],
            "distance_km": a["distance_km"],
        }
        for a in result["assignments"]
    ] + [
        {"student": u["student"], "via": None, "rank": None, "distance_km": None}
        for u in result["unplaced"]
    ]
    by_school: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_school[schools.get(row["student"], "–")].append(row)
    return {
        "overall": _stats(rows),
        "schools": [{"school": name, **_stats(by_school[name])} for name in sorted(by_school)],
        "warnings": len(result["warnings"]),
    }


@transaction.atomic
def run_create(*, round: Round, mechanism: str, acting_user: User) -> Run:
    """Solve the closed round with one mechanism; store the exact instance and result text."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.CLOSED)
    if mechanism not in Run.Mechanism.values:
        raise RoundError(_("Ukendt metode."))
    instance = instance_build(round=round, mechanism=mechanism)
    instance_text = instance_dumps(instance)
    try:
        result = solve(from_dict(json.loads(instance_text)))
    except InvalidInstance as exc:
        raise RoundError(_("Runden kan ikke køres: %(problem)s") % {"problem": exc}) from None
    schools = {str(p.uuid): p.school.name if p.school else "–" for p in round_pupils(round=round)}
    run = Run(
        municipality=round.municipality,
        round=round,
        mechanism=mechanism,
        seed=round.seed,
        engine=ENGINE,
        instance_json=instance_text,
        result_json=dumps(result),
        summary=run_summary(result=result, schools=schools),
        created_by=acting_user,
    )
    run.full_clean()
    run.save()
    return run


def runs_create_both(*, round: Round, acting_user: User) -> list[Run]:
    """Run the optimal and the lottery mechanism on the same instance, to compare them."""
    with transaction.atomic():
        return [
            run_create(round=round, mechanism=m, acting_user=acting_user)
            for m in (Run.Mechanism.OPTIMAL, Run.Mechanism.LOTTERY)
        ]


def runs_current(*, round: Round, runs: list[Run]) -> set[int]:
    """The runs (pks) made on exactly the round's present pupils, wishes, locks and seats:
    only those may be published. One instance is built and compared with each run's."""
    if not runs:
        return set()
    try:
        instance = instance_build(round=round)
    except ValidationError:
        return set()
    current = set()
    for run in runs:
        instance["mechanism"] = run.mechanism
        if instance_dumps(instance) == run.instance_json:
            current.add(run.pk)
    return current


def run_rerun(*, run: Run) -> str:
    """Solve the stored instance again: the text equals run.result_json to the byte."""
    return dumps(solve(loads(run.instance_json)))


def run_outcomes(*, run: Run) -> list[dict[str, Any]]:
    """Every pupil of a run with their offer (or none) and the explanation."""
    instance = json.loads(run.instance_json)
    result = json.loads(run.result_json)
    offers = {o["id"]: o for o in instance["offers"]}
    students = {s["id"]: s for s in instance["students"]}
    round_offers = {
        str(ro.uuid): ro
        for ro in RoundOffer.objects.filter(round_id=run.round_id).select_related("offer__partner")
    }
    labels = {key: offer_label(ro) for key, ro in round_offers.items()}
    outcomes = []
    for entry in [*result["assignments"], *result["unplaced"]]:
        student = students[entry["student"]]
        outcomes.append(
            {
                "student": entry["student"],
                "round_offer": round_offers.get(entry.get("offer", "")),
                "via": entry.get("via"),
                "rank": entry.get("rank"),
                "distance_km": entry.get("distance_km"),
                "explanation": explain(
                    student=student,
                    outcome=entry,
                    offers=offers,
                    labels=labels,
                    max_fallback_km=instance["max_fallback_km"],
                ),
            }
        )
    return outcomes


_VIA = {
    "locked": Placement.Via.LOCKED,
    "wish": Placement.Via.WISH,
    "fallback": Placement.Via.FALLBACK,
    None: Placement.Via.UNPLACED,
}


@transaction.atomic
def round_publish(*, round: Round, run: Run, acting_user: User) -> Round:
    """Publish one run: placements with explanations, an activity in each placed pupil's
    record, and notifications to pupils, guardians and the partners' contacts."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_status(round, Round.Status.CLOSED)
    if run.round_id != round.pk:
        raise RoundError(_("Kørslen hører ikke til denne runde."))
    if run.pk not in runs_current(round=round, runs=[run]):
        raise RoundError(
            _(
                "Elever, ønsker, låste placeringer eller pladser er ændret, siden fordelingen "
                "blev beregnet. Beregn den igen, og offentliggør den nye kørsel."
            )
        )
    people = {
        str(p.uuid): p
        for p in YoungPerson.objects.filter(
            uuid__in=[s["id"] for s in json.loads(run.instance_json)["students"]]
        )
    }
    partners: dict[int, Any] = {}
    placed_people = []
    for outcome in run_outcomes(run=run):
        person = people[outcome["student"]]
        ro = outcome["round_offer"]
        placement = Placement(
            municipality=round.municipality,
            round=round,
            young_person=person,
            round_offer=ro,
            via=_VIA[outcome["via"]],
            rank=outcome["rank"],
            distance_km=outcome["distance_km"],
            explanation=outcome["explanation"],
        )
        placement.full_clean()
        placement.save()
        placed_people.append((person, placement))
        if ro is not None:
            partners[ro.offer.partner_id] = ro.offer.partner
            activity_record(
                young_person=person,
                kind=ActivityKind.WORK_EXPERIENCE,
                title=(_("Erhvervspraktik: %(title)s") % {"title": ro.offer.title})[:200],
                source_key=f"placement:{round.uuid}:{person.uuid}",
                partner=ro.offer.partner,
                start_date=round.start_date,
                end_date=round.end_date,
            )
    round.status = Round.Status.PUBLISHED
    round.published_run = run
    round.published_at = timezone.now()
    round.save(update_fields=["status", "published_run", "published_at", "updated_at"])
    _notify_published(round=round, placed_people=placed_people, partners=partners)
    return round


def _notify_published(*, round: Round, placed_people: list, partners: dict[int, Any]) -> None:
    from django.urls import reverse

    from ungegaranti.partners.models import PartnerContact

    mine = reverse("placement:my_work_experience")
    subject = _("Din erhvervspraktik: %(name)s") % {"name": round.name}
    for person, placement in placed_people:
        pupil_user = User.objects.filter(young_person=person).first()
        if pupil_user is not None:
            notify(recipient=pupil_user, subject=subject, body=placement.explanation, link=mine)
        for guardian in person.guardians.filter(user__isnull=False).select_related("user"):
            notify(
                recipient=guardian.user,
                subject=_("%(name)s erhvervspraktik er fundet")
                % {"name": genitive(person.first_name)},
                body=_("Se pladsen og begrundelsen under «Min erhvervspraktik»."),
                link=mine,
            )
    lists = reverse("placement:partner_lists")
    contacts = PartnerContact.objects.filter(
        partner_id__in=partners, user__isnull=False
    ).select_related("user", "partner")
    for contact in contacts:
        if contact.user is None:  # excluded by the query; tells the type checker
            continue
        notify(
            recipient=contact.user,
            subject=_("Jeres praktikanter i %(name)s") % {"name": round.name},
            body=_("Listen over jeres erhvervspraktikanter er klar som PDF og CSV."),
            link=lists,
        )


def results_viewed(*, user: User, round: Round, path: str) -> None:
    """The coordinator's look at the pupil list with results: one access-log entry per view."""
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Praktikrundens elever og resultater"),
        search_term=round.name,
        path=path,
    )


def offers_for_wishing(*, round: Round) -> list[RoundOffer]:
    return list(round.round_offers.select_related("offer__partner").order_by("offer__title"))
