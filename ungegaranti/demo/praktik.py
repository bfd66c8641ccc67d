"""Demo erhvervspraktik around the rounds: agreements in every state, the days counted, a seat
campaign and own places.

- Last year's published rounds: each placement's praktikaftale (made at publishing) confirmed
  by the company through its link for most placements, by the pupil and a guardian where they
  have a login (the demo pupil's complete: their company and guardian always confirm); and the days of the week registered from the attendance already in the
  pupils' records (came: every day met; did not attend: every day absent).
- This year's open round in the demo coordinator's district: a seat campaign to the committed
  partners without an offer, one of which offered two seats through its link and one declined;
  and three own places, found by pupils of the round and registered by their guardians: one
  approved (a lock in the round), one rejected with a reason and one waiting.

Everything goes through the services with the actor the service asks for (the company through
its link, the guardian with the guardian's login), on the day it would have happened.

Called by demo_rounds_build.
"""

import random
from dataclasses import dataclass
from datetime import time, timedelta

from django.core.exceptions import ValidationError

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.people.models import Guardian, YoungPerson
from ungegaranti.placement.agreements import (
    agreement_confirm,
    agreement_confirm_by_link,
    placement_days,
)
from ungegaranti.placement.attendance import attendance_set, working_days
from ungegaranti.placement.campaigns import (
    SeatOffer,
    campaign_start,
    invitation_decline,
    invitation_offer,
)
from ungegaranti.placement.models import Agreement, Placement, Round
from ungegaranti.placement.own_places import own_place_decide, own_place_propose
from ungegaranti.placement.permissions import GUARDIAN, PUPIL
from ungegaranti.placement.selectors import round_pupils
from ungegaranti.plans.models import Activity

COMPANY_CONFIRMS = 0.85  # share of companies that confirmed their agreements
GUARDIAN_CONFIRMS = 0.8

# Own places the demo's guardians found (companies of the demo, not real ones; valid CVRs).
OWN_PLACES = (
    ("Tårs Tømrer & Snedker ApS", "10000033", "Hovedgaden 12", "9830", "Tom Tømrer"),
    ("Sindal Dyreklinik", "10000041", "Jernbanegade 4", "9870", "Dorte Dyrlæge"),
    ("Løkken Surfskole", "10000068", "Strandvejen 2", "9480", "Sune Surf"),
)


@dataclass
class DemoPraktikResult:
    agreements: int = 0
    complete: int = 0
    days_registered: int = 0
    invitations: int = 0
    own_places: int = 0


def _confirm_agreements(round: Round, rng: random.Random, result: DemoPraktikResult) -> None:
    from .rounds import _on

    pupil_users = {
        u.young_person_id: u
        for u in User.objects.filter(municipality=round.municipality, role=Role.YOUNG_PERSON)
    }
    for agreement in Agreement.objects.filter(placement__round=round).select_related(
        "placement__young_person", "placement__round_offer__offer", "placement__own_place"
    ):
        result.agreements += 1
        first = placement_days(agreement.placement)[0]
        place = agreement.placement.workplace
        assert place is not None
        person = agreement.placement.young_person
        pupil = pupil_users.get(person.pk)
        # Only a pupil with a login can confirm, so only their agreement can be complete: the
        # demo pupil's is (their company and guardian confirmed), so that every state is there
        # whatever the dice say. The dice are still thrown, to keep the rest as they were.
        sure = pupil is not None
        with _on(first - timedelta(days=6)):
            if rng.random() < COMPANY_CONFIRMS or sure:
                agreement_confirm_by_link(
                    agreement=agreement, name=place.contact_name, risk_assessed=True
                )
        with _on(first - timedelta(days=4), hour=19):
            for link in person.guardian_links.select_related("guardian__user"):
                user = link.guardian.user
                if user is not None and (rng.random() < GUARDIAN_CONFIRMS or sure):
                    agreement_confirm(agreement=agreement, party=GUARDIAN, acting_user=user)
                    break
            if pupil is not None:
                agreement_confirm(agreement=agreement, party=PUPIL, acting_user=pupil)
        agreement.refresh_from_db()
        result.complete += agreement.is_complete


def _register_days(round: Round, actor: User, result: DemoPraktikResult) -> None:
    """The days of the week as the pupil's record says: came (every day met) or not."""
    from .rounds import _on

    status = dict(
        Activity.objects.filter(
            municipality=round.municipality, source_key__startswith=f"placement:{round.uuid}:"
        ).values_list("source_key", "status")
    )
    with _on(round.end_date + timedelta(days=3), hour=12):
        for placement in round.placements.exclude(via=Placement.Via.UNPLACED).select_related(
            "round", "young_person", "round_offer__offer", "own_place"
        ):
            came = status.get(placement.activity_source_key) == Activity.Status.COMPLETED
            days = working_days(placement)
            attendance_set(placement=placement, days=dict.fromkeys(days, came), acting_user=actor)
            result.days_registered += len(days)


def _campaign(round: Round, actor: User, result: DemoPraktikResult) -> None:
    try:
        campaign = campaign_start(round=round, acting_user=actor)
    except ValidationError:
        return  # every committed partner has an offer in the round already
    invitations = list(campaign.invitations.order_by("distance_km", "id"))
    result.invitations = len(invitations)
    if invitations:
        invitation_offer(
            invitation=invitations[0],
            answer=SeatOffer(
                seats=2,
                start_date=round.start_date,
                end_date=round.end_date,
                day_starts_at=time(8, 0),
                day_ends_at=time(14, 0),
                break_minutes=30,
                tasks="Følge en medarbejder og prøve de daglige opgaver.",
                light_work=True,
            ),
            acting_user=None,
        )
    if len(invitations) > 1:
        invitation_decline(invitation=invitations[1], acting_user=None)


def _guardian_user(person: YoungPerson, number: int) -> User | None:
    """The login of one of the pupil's guardians (made for the demo when they have none)."""
    link = person.guardian_links.select_related("guardian__user").first()
    if link is None:
        return None
    guardian: Guardian = link.guardian
    if guardian.user is None:
        guardian.user = user_create(
            acting_user=None,
            username=f"foraelder-egen-plads-{number}-{guardian.uuid.hex[:6]}",
            password=None,
            role=Role.GUARDIAN,
            municipality=person.municipality,
            first_name=guardian.name.split(" ")[0],
        )
        guardian.save(update_fields=["user", "updated_at"])
    return guardian.user


def _own_places(round: Round, actor: User, result: DemoPraktikResult) -> None:
    taken = set(round.wishes.values_list("young_person_id", flat=True))
    taken |= set(
        User.objects.filter(young_person__isnull=False).values_list("young_person_id", flat=True)
    )
    taken |= set(round.locks.values_list("young_person_id", flat=True))
    candidates = [
        p
        for p in round_pupils(round=round).order_by("id")[:200]
        if p.pk not in taken and p.age_on(round.start_date) < 18 and not p.support_track
    ]
    decisions = (True, False, None)  # approved, rejected, waiting
    number = 0
    for person, (company, cvr, address, code, contact), decision in zip(
        candidates, OWN_PLACES, decisions, strict=False
    ):
        guardian = _guardian_user(person, number)
        number += 1
        if guardian is None:
            continue
        own = own_place_propose(
            round=round,
            young_person=person,
            acting_user=guardian,
            company_name=company,
            cvr=cvr,
            address=address,
            postal_code=code,
            start_date=round.start_date,
            end_date=round.end_date,
            day_starts_at=time(8, 0),
            day_ends_at=time(14, 0),
            break_minutes=30,
            tasks="Hjælpe til i den daglige drift.",
            light_work=True,
            contact_name=contact,
            contact_email=f"{contact.split(' ')[0].lower()}@example.org",
            contact_phone="",
        )
        result.own_places += 1
        if decision is True:
            own_place_decide(own_place=own, approve=True, acting_user=actor)
        elif decision is False:
            own_place_decide(
                own_place=own,
                approve=False,
                reason="Virksomheden ligger uden for kommunen, og eleven kan ikke nå frem "
                "med offentlig transport til kl. 8.",
                acting_user=actor,
            )


def demo_praktik_build(
    *,
    municipality: Municipality,
    seed: int,
    published: list[tuple[Round, User]],
    open_round: tuple[Round, User] | None,
) -> DemoPraktikResult:
    rng = random.Random(f"{seed}:praktik")
    result = DemoPraktikResult()
    for round, actor in published:
        _confirm_agreements(round, rng, result)
        _register_days(round, actor, result)
    if open_round is not None:
        round, actor = open_round
        _campaign(round, actor, result)
        _own_places(round, actor, result)
    return result
