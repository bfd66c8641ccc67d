"""Writes for work-experience rounds: open, offers, wishes, locks, runs and publishing.

Every service asks its policy in permissions.py and raises PermissionDenied when refused,
whatever the view has checked, and records an audit event in the same transaction (the
round's "Historik"; wishes in the pupil's). Placement has no system actor: rounds, wishes,
locks and runs name the user who made them, so acting_user is always a real user.

The engine is solved inline in the request: a district of ~700 pupils takes well under half a
second (benchmarks/allocation.py), less than a page load, so a background job would add a
progress page and nothing else. A national-scale round would be moved to core.jobs.
"""

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import BackgroundJob, User
from ungegaranti.core.services import audit_record
from ungegaranti.notifications.services import notify
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolDistrict, YoungPerson
from ungegaranti.plans.models import ActivityKind
from ungegaranti.plans.services import activity_record

from .engine import ENGINE, InvalidInstance, dumps, from_dict, solve
from .instance import instance_build, instance_dumps
from .models import (
    MAX_WISHES,
    WORK_EXPERIENCE_GRADES,
    Lock,
    OwnPlace,
    Placement,
    Round,
    RoundOffer,
    Run,
    Wish,
)
from .permissions import (
    can_choose_round_district,
    can_close_round,
    can_create_round,
    can_create_run,
    can_open_round,
    can_publish_round,
    can_reopen_round,
    can_set_lock,
    can_set_round_offers,
    can_set_wishes,
)
from .selectors import (
    candidate_offers,
    offer_label,
    round_includes,
    round_pupils,
    run_outcomes,
    run_summary,
    runs_current,
    wish_refusal,
)
from .wording import genitive

ROUND_CREATE = audit_action("placement.round.create", gettext_lazy("Praktikrunde oprettet"))
ROUND_OFFERS_SET = audit_action(
    "placement.round.offers_set", gettext_lazy("Rundens tilbud og pladser ændret")
)
ROUND_OPEN = audit_action("placement.round.open", gettext_lazy("Runden åbnet for ønsker"))
ROUND_CLOSE = audit_action("placement.round.close", gettext_lazy("Runden lukket for ønsker"))
ROUND_REOPEN = audit_action("placement.round.reopen", gettext_lazy("Runden åbnet for ønsker igen"))
ROUND_PUBLISH = audit_action("placement.round.publish", gettext_lazy("Runden offentliggjort"))
RUN_CREATE = audit_action("placement.run.create", gettext_lazy("Fordelingen beregnet"))
RUNS_QUEUE = audit_action("placement.runs.queue", gettext_lazy("Fordelingen sat i kø"))
LOCK_SET = audit_action("placement.lock.set", gettext_lazy("Placering låst eller frigivet"))
WISHES_SET = audit_action("placement.wishes.set", gettext_lazy("Ønsker til erhvervspraktik gemt"))


class RoundError(ValidationError):
    """A domain rule refused the change; the message is Danish and meant for the user."""


def _authorise(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _default_seed(round: Round) -> int:
    return int(round.uuid.hex[:8], 16)


def _locked(round: Round) -> Round:
    """The round's row, locked for the rest of the transaction (read fresh, so the policy is
    asked about the round as it is stored, not as the caller holds it)."""
    return Round.objects.select_for_update().get(pk=round.pk)


def _state(round: Round) -> dict[str, Any]:
    """What the round's history records before and after a change of status."""
    return {
        "status": round.status,
        "wish_deadline_date": round.wish_deadline_date.isoformat(),
        "published_run": str(round.published_run.uuid) if round.published_run else None,
    }


def _record_status(round: Round, before: dict[str, Any], action: str, actor: User) -> None:
    after = _state(round)
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    audit_record(actor=actor, action=action, obj=round, changes=changes)


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
    district: SchoolDistrict | None = None,
    seed: int | None = None,
) -> Round:
    """A coordinator opens a round for their own district (district None means theirs); the
    secretariat for any district or (district None) the whole municipality."""
    if district is None and not can_choose_round_district(acting_user):
        district = acting_user.district
    _authorise(can_create_round(acting_user, district))
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
    audit_record(
        actor=acting_user,
        action=ROUND_CREATE,
        obj=round,
        changes={
            "name": [None, round.name],
            "district": [None, round.district.name if round.district else None],
            "grades": [None, round.grades_label],
            "start_date": [None, start_date.isoformat()],
            "end_date": [None, end_date.isoformat()],
            "wish_deadline_date": [None, wish_deadline_date.isoformat()],
            "max_fallback_km": [None, max_fallback_km],
            "seed": [None, round.seed],
            "status": [None, round.status],
        },
    )
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
    round = _locked(round)
    _authorise(can_set_round_offers(acting_user, round))
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
    changes: dict[str, list[Any]] = {}
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
            changes[ro.offer.title] = [ro.seats, None]
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
        before = ro.seats if ro.pk else None
        ro.period = period
        ro.seats = count
        ro.full_clean()
        ro.save()
        if before != count:
            changes[offer.title] = [before, count]
    if changes:
        audit_record(actor=acting_user, action=ROUND_OFFERS_SET, obj=round, changes=changes)


@transaction.atomic
def round_open(*, round: Round, acting_user: User) -> Round:
    """Draft -> open for wishes; the round's pupils with a login are told."""
    round = _locked(round)
    _authorise(can_open_round(acting_user, round))
    _require_status(round, Round.Status.DRAFT)
    if not round.round_offers.exists():
        raise RoundError(_("Vælg mindst ét tilbud, før runden åbnes for ønsker."))
    before = _state(round)
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    _record_status(round, before, ROUND_OPEN, acting_user)
    _notify_opened(round=round)
    return round


def _notify_opened(*, round: Round) -> None:
    from django.urls import reverse

    link = reverse("placement:my_work_experience")
    subject = _("Vælg dine ønsker til erhvervspraktik")
    body = _("%(name)s: vælg op til 5 erhvervspraktikpladser senest %(date)s.") % {
        "name": round.name,
        "date": format_date(round.wish_deadline_date),
    }
    for user in User.objects.filter(young_person__in=round_pupils(round=round)):
        notify(recipient=user, subject=subject, body=body, link=link)


@transaction.atomic
def round_close(*, round: Round, acting_user: User) -> Round:
    """Open -> closed for wishes (runs are made on a closed round)."""
    round = _locked(round)
    _authorise(can_close_round(acting_user, round))
    _require_status(round, Round.Status.OPEN)
    before = _state(round)
    round.status = Round.Status.CLOSED
    round.save(update_fields=["status", "updated_at"])
    _record_status(round, before, ROUND_CLOSE, acting_user)
    return round


@transaction.atomic
def round_reopen(*, round: Round, acting_user: User) -> Round:
    """Closed -> open again, to undo an early close; only until the wish deadline (after it
    nobody can wish anyway). Runs made meanwhile stay for the record, but a run no longer
    matching the round's wishes, locks and seats cannot be published (runs_current)."""
    round = _locked(round)
    _authorise(can_reopen_round(acting_user, round))
    _require_status(round, Round.Status.CLOSED)
    if timezone.localdate() > round.wish_deadline_date:
        raise RoundError(
            _("Fristen for ønsker var %(date)s, så runden kan ikke åbnes igen.")
            % {"date": format_date(round.wish_deadline_date)}
        )
    before = _state(round)
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    _record_status(round, before, ROUND_REOPEN, acting_user)
    return round


def _titles(wishes: list[Wish]) -> str | None:
    return ", ".join(w.round_offer.offer.title for w in wishes) or None


@transaction.atomic
def wishes_set(
    *, round: Round, young_person: YoungPerson, round_offers: list[RoundOffer], acting_user: User
) -> list[Wish]:
    """Replace a pupil's ranked wishes (1 to 5). All or nothing: an ineligible or repeated wish
    refuses the whole list with a reason, and nothing is saved. The event is filed under the
    pupil (a round has hundreds of them), naming the round."""
    round = _locked(round)
    _authorise(can_set_wishes(acting_user, round, young_person))
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
    old = Wish.objects.filter(round=round, young_person=young_person)
    before = _titles(list(old.select_related("round_offer__offer").order_by("rank")))
    old.delete()
    wishes = [
        Wish(
            municipality=round.municipality,
            round=round,
            young_person=young_person,
            round_offer=ro,
            rank=rank,
            created_by=acting_user,
        )
        for rank, ro in enumerate(round_offers, start=1)
    ]
    for wish in wishes:
        # The related rows were read above, and the list was checked (offers of this round,
        # none twice, at most five, the old wishes gone): looking each up again and asking
        # the unique constraints per wish would cost ten queries a wish and find nothing. The
        # database keeps the constraints all the same.
        wish.full_clean(
            exclude=["municipality", "round", "young_person", "round_offer", "created_by"],
            validate_constraints=False,
        )
    Wish.objects.bulk_create(wishes)
    audit_record(
        actor=acting_user,
        action=WISHES_SET,
        obj=young_person,
        changes={f"ønsker: {round.name}": [before, _titles(wishes)]},
    )
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
    round = _locked(round)
    _authorise(can_set_lock(acting_user, round))
    _require_status(round, Round.Status.DRAFT, Round.Status.OPEN, Round.Status.CLOSED)
    if not round_includes(round=round, young_person=young_person):
        raise RoundError(_("Eleven er ikke med i denne runde."))
    if round_offer is not None and OwnPlace.objects.filter(
        round=round, young_person=young_person, status=OwnPlace.Status.APPROVED
    ):
        raise RoundError(_("Eleven har en godkendt egen plads i runden og kan ikke låses."))
    old = Lock.objects.filter(round=round, young_person=young_person).select_related(
        "round_offer__offer__partner"
    )
    before = next((offer_label(lock.round_offer) for lock in old), None)
    old.delete()
    lock = None
    if round_offer is not None:
        ro = (
            RoundOffer.objects.select_for_update()
            .select_related("offer__partner")
            .get(pk=round_offer.pk)
        )
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
    after = offer_label(lock.round_offer) if lock else None
    audit_record(
        actor=acting_user,
        action=LOCK_SET,
        obj=round,
        changes={young_person.full_name: [before, after]},
    )
    return lock


@transaction.atomic
def run_create(*, round: Round, mechanism: str, acting_user: User) -> Run:
    """Solve the closed round with one mechanism; store the exact instance and result text."""
    round = _locked(round)
    _authorise(can_create_run(acting_user, round))
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
    overall = run.summary["overall"]
    audit_record(
        actor=acting_user,
        action=RUN_CREATE,
        obj=round,
        changes={
            "run": [None, str(run)],
            "placed": [None, f"{overall['placed']}/{overall['pupils']}"],
        },
    )
    return run


def runs_create_both(*, round: Round, acting_user: User) -> list[Run]:
    """Run the optimal and the lottery mechanism on the same instance, to compare them."""
    with transaction.atomic():
        return [
            run_create(round=round, mechanism=m, acting_user=acting_user)
            for m in (Run.Mechanism.OPTIMAL, Run.Mechanism.LOTTERY)
        ]


RUNS_JOB = "placement.runs"


def runs_create_enqueue(*, round: Round, acting_user: User) -> BackgroundJob:
    """Queue both mechanisms' runs for the worker (placement/tasks.py); returns the job whose
    status page the coordinator follows. Asked here too, so that nobody queues what the worker
    would refuse."""
    _authorise(can_create_run(acting_user, round))
    with transaction.atomic():
        job = job_enqueue(kind=RUNS_JOB, acting_user=acting_user, params={"round": round.pk})
        audit_record(
            actor=acting_user, action=RUNS_QUEUE, obj=round, changes={"job": str(job.uuid)}
        )
        return job


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
    round = _locked(round)
    _authorise(can_publish_round(acting_user, round))
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
    before = _state(round)
    people = {
        str(p.uuid): p
        for p in YoungPerson.objects.filter(
            uuid__in=[s["id"] for s in json.loads(run.instance_json)["students"]]
        )
    }
    partners: dict[int, GuaranteePartner] = {}
    placed_people = []
    for outcome in run_outcomes(run=run):
        person = people[outcome["student"]]
        ro = outcome["round_offer"]
        own = outcome["own_place"]
        placement = Placement(
            municipality=round.municipality,
            round=round,
            young_person=person,
            round_offer=ro,
            own_place=own,
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
                source_key=placement.activity_source_key,
                partner=ro.offer.partner,
                start_date=round.start_date,
                end_date=round.end_date,
                acting_user=acting_user,
            )
        elif own is not None:
            activity_record(
                young_person=person,
                kind=ActivityKind.WORK_EXPERIENCE,
                title=(_("Erhvervspraktik: %(title)s") % {"title": own.company_name})[:200],
                source_key=placement.activity_source_key,
                start_date=own.start_date,
                end_date=own.end_date,
                acting_user=acting_user,
            )
    from .agreements import agreements_make  # (agreements.py reads the models this file writes)

    agreements_make(round=round)
    round.status = Round.Status.PUBLISHED
    round.published_run = run
    round.published_at = timezone.now()
    round.save(update_fields=["status", "published_run", "published_at", "updated_at"])
    _record_status(round, before, ROUND_PUBLISH, acting_user)
    _notify_published(round=round, placed_people=placed_people, partners=partners)
    return round


def _notify_published(
    *,
    round: Round,
    placed_people: list[tuple[YoungPerson, Placement]],
    partners: dict[int, GuaranteePartner],
) -> None:
    from django.urls import reverse

    from ungegaranti.partners.models import PartnerContact

    mine = reverse("placement:my_work_experience")
    subject = _("Din erhvervspraktik: %(name)s") % {"name": round.name}
    for person, placement in placed_people:
        pupil_user = User.objects.filter(young_person=person).first()
        if pupil_user is not None:
            notify(recipient=pupil_user, subject=subject, body=placement.explanation, link=mine)
        for guardian in person.guardians.filter(user__isnull=False).select_related("user"):
            if guardian.user is None:
                continue
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
