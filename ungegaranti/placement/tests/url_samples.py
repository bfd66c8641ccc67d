"""Sample URL arguments for the authorization-matrix test (docs/permissions.md): rounds of
district A, built through the placement services; pupil A (class A) is in them.

The offer is not marked as suited to support needs (the leak test scans partners' pages for the
support badge), so pupil A stays unplaced and Otto, a second pupil of class A, is placed."""

from ungegaranti.core.roles import Role

from ..agreements import agreement_token
from ..campaigns import campaign_start, invitation_token
from ..models import Agreement
from ..own_places import own_place_propose
from ..services import round_close, round_publish, run_create
from .helpers import open_round, own_place_values, pupil, wish, wp_offer


def _open(world):
    return open_round(world, offers={wp_offer(world, "Smed", support=False): 2})


def _closed(world):
    round = _open(world)
    wish(world, round, pupil(world, "Otto", 11), "Smed")
    return round_close(round=round, acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR])


def _run(world):
    return run_create(
        round=_closed(world),
        mechanism="optimal",
        acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR],
    )


def _published(world):
    run = _run(world)
    return round_publish(
        round=run.round, run=run, acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    )


def _campaign(world):
    """A campaign of an open round whose one offer is partner B's, so that partner A (the
    partner persona's company, committed to erhvervspraktik) is asked."""
    round = open_round(world, offers={wp_offer(world, "Kok", partner=world.partner_b): 1})
    return campaign_start(round=round, acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR])


def _invitation_token(world):
    return invitation_token(_campaign(world).invitations.get(partner=world.partner_a))


def _own_place(world):
    round = _open(world)
    return own_place_propose(
        round=round,
        young_person=world.pupil_a,
        acting_user=world.users[Role.YOUNG_PERSON],
        **own_place_values(),
    )


def _agreement(world):
    """Pupil A placed at partner A's offer (suited to support needs) in a published round."""
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    round = open_round(world, offers={wp_offer(world, "Kok"): 1})
    wish(world, round, world.pupil_a, "Kok")
    round = round_close(round=round, acting_user=coordinator)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator)
    round_publish(round=round, run=run, acting_user=coordinator)
    return Agreement.objects.filter(placement__round=round).get()


URL_SAMPLES = {
    "placement:attendance_edit": lambda w: {"uuid": _agreement(w).placement.uuid},
    "placement:agreement_detail": lambda w: {"uuid": _agreement(w).uuid},
    "placement:agreement_pdf": lambda w: {"uuid": _agreement(w).uuid},
    "placement:agreement_confirm": lambda w: {"uuid": _agreement(w).uuid},
    "placement:agreement_remind": lambda w: {"uuid": _agreement(w).uuid},
    "placement:agreement_company_link": lambda w: {"token": agreement_token(_agreement(w))},
    "placement:own_place_propose": lambda w: {"uuid": _open(w).uuid, "person_uuid": w.pupil_a.uuid},
    "placement:own_place_list": lambda w: {"uuid": _own_place(w).round.uuid},
    "placement:own_place_decide": lambda w: {"uuid": _own_place(w).uuid},
    "placement:campaign_start": lambda w: {"uuid": _open(w).uuid},
    "placement:campaign_detail": lambda w: {"uuid": _campaign(w).uuid},
    "placement:campaign_remind": lambda w: {"uuid": _campaign(w).uuid},
    "placement:invitation_answer": lambda w: {"token": _invitation_token(w)},
    "placement:round_detail": lambda w: {"uuid": _open(w).uuid},
    "placement:round_offers": lambda w: {"uuid": _open(w).uuid},
    "placement:round_status": lambda w: {"uuid": _open(w).uuid},
    "placement:round_pupils": lambda w: {"uuid": _open(w).uuid},
    "placement:lock_set": lambda w: {"uuid": _open(w).uuid},
    "placement:run_create": lambda w: {"uuid": _open(w).uuid},
    "placement:publish": lambda w: {"uuid": _open(w).uuid},
    "placement:wishes_edit": lambda w: {"uuid": _open(w).uuid, "person_uuid": w.pupil_a.uuid},
    "placement:run_detail": lambda w: {"uuid": _run(w).uuid},
    "placement:run_instance": lambda w: {"uuid": _run(w).uuid},
    "placement:run_result": lambda w: {"uuid": _run(w).uuid},
    "placement:partner_list": lambda w: {
        "uuid": _published(w).uuid,
        "partner_uuid": w.partner_a.uuid,
        "fmt": "csv",
    },
    "placement:class_list": lambda w: {
        "uuid": _published(w).uuid,
        "class_uuid": w.class_a.uuid,
        "fmt": "csv",
    },
}
