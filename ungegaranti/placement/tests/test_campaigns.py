"""Seat campaigns: started from a round's shortfall, answered through a personal link; the
offered seats join the round and the shortfall falls by as many. Bad links change nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.marketplace.models import Offer
from ungegaranti.partners.services import partner_contact_create, partner_upsert

from .. import campaigns
from ..campaigns import campaign_remind, campaign_start, invitation_from_token, invitation_token
from ..models import Campaign, Invitation, RoundOffer
from ..selectors import round_shortfall
from .helpers import open_round, pupil, round_dates, wp_offer

pytestmark = pytest.mark.django_db
COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _short_round(world):
    """Five pupils of class A (pupil A on the support track) and one seat at partner B's: four
    seats are missing, and partner A (committed to erhvervspraktik) has no offer in it."""
    for n, name in enumerate(("Otto", "Ida", "Karl", "Sofie"), start=11):
        pupil(world, name, n)
    return open_round(world, offers={wp_offer(world, "Kok", partner=world.partner_b): 1})


def _answer(**overrides):
    _, start, end = round_dates()
    data = {
        "action": "offer",
        "seats": "3",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "day_starts_at": "08:00",
        "day_ends_at": "14:00",
        "break_minutes": "30",
        "tasks": "Lager og værksted",
        "light_work": "on",
    }
    data.update(overrides)
    return data


def _link(invitation):
    return reverse("placement:invitation_answer", kwargs={"token": invitation_token(invitation)})


def _state():
    return (
        tuple(Invitation.objects.order_by("pk").values_list("answer", "seats")),
        RoundOffer.objects.count(),
        Offer.objects.count(),
        Campaign.objects.count(),
    )


def test_a_campaign_asks_the_committed_partners_without_an_offer_and_mails_each_a_link(
    world, client_for, django_capture_on_commit_callbacks
):
    round = _short_round(world)
    client = client_for(COORDINATOR)
    page = client.get(round.get_absolute_url()).content.decode()
    assert "Spørg garantipartnerne om pladser" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placement:campaign_start", kwargs={"uuid": round.uuid}))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.seats_missing == 4
    invitation = campaign.invitations.get()
    assert invitation.partner == world.partner_a  # partner B has an offer in the round
    assert invitation.distance_km == 0.0  # both in 9800, where the seats are missing
    [message] = mail.outbox
    assert message.to == [invitation.contact.email]
    assert message.subject.startswith("Har I plads til en elev i erhvervspraktik")
    assert "Kære Per Partner" in message.body
    assert _link(invitation) in message.body
    assert "kan bruges én gang og udløber" in message.body
    event = AuditEvent.objects.get(action=campaigns.CAMPAIGN_START)
    assert event.actor == world.users[COORDINATOR]
    assert event.changes["spurgte garantipartnere"] == [None, 1]
    # a second campaign while this one runs is refused
    client.post(reverse("placement:campaign_start", kwargs={"uuid": round.uuid}))
    assert Campaign.objects.count() == 1


def test_the_partner_offers_three_seats_through_the_link_and_the_shortfall_falls_by_three(
    world, client_for
):
    round = _short_round(world)
    campaign = campaign_start(round=round, acting_user=world.users[COORDINATOR])
    invitation = campaign.invitations.get()
    before = round_shortfall(round=round)["missing"]
    anonymous = Client()
    assert anonymous.get(_link(invitation)).status_code == 200
    response = anonymous.post(_link(invitation), _answer())
    assert response.status_code == 200
    assert "Jeres 3 pladser er nu med i" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OFFERED and invitation.seats == 3
    ro = invitation.round_offer
    assert ro.round == round and ro.seats == 3
    assert ro.offer.status == Offer.Status.PUBLISHED and ro.offer.partner == world.partner_a
    assert ro.offer.hours_per_day == 5.5
    assert round_shortfall(round=round)["missing"] == before - 3 == 1
    page = client_for(COORDINATOR).get(campaign.get_absolute_url()).content.decode()
    assert "Nu mangler der 1 plads." in page
    assert "Har tilbudt pladser" in page
    event = AuditEvent.objects.get(action=campaigns.INVITATION_OFFER)
    assert event.actor is None and event.object_id == str(round.uuid)
    assert event.changes["svar fra"] == [None, "Per Partner"]
    assert event.changes[world.partner_a.name] == [None, 3]


def test_a_link_used_twice_is_refused_and_nothing_changes(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    link = _link(campaign.invitations.get())
    Client().post(link, _answer())
    before = _state()
    response = Client().post(link, _answer(seats="5"))
    assert response.status_code == 410
    assert "Linket er allerede brugt" in response.content.decode()
    assert _state() == before
    response = Client().post(link, {"action": "decline"})
    assert response.status_code == 410 and _state() == before


def test_an_expired_link_is_refused_and_nothing_changes(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    Campaign.objects.filter(pk=campaign.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    before = _state()
    response = Client().post(_link(campaign.invitations.get()), _answer())
    assert response.status_code == 410
    assert "Linket er udløbet" in response.content.decode()
    assert _state() == before


def test_a_forged_or_changed_link_is_404(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    token = invitation_token(campaign.invitations.get())
    assert invitation_from_token(token[:-2] + "xx") is None
    url = reverse("placement:invitation_answer", kwargs={"token": token[:-2] + "xx"})
    assert Client().post(url, _answer()).status_code == 404
    other = reverse("placement:invitation_answer", kwargs={"token": "ab:cd"})
    assert Client().get(other).status_code == 404
    assert Invitation.objects.get().answer == Invitation.Answer.PENDING


def test_another_companys_login_is_refused_logged_and_nothing_changes(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    outsider = user_create(
        acting_user=None,
        username="partner-b",
        password=None,
        role=Role.PARTNER_CONTACT,
        municipality=world.municipality,
        partner=world.partner_b,
    )
    client = Client()
    client.force_login(outsider)
    before = _state()
    assert client.post(_link(campaign.invitations.get()), _answer()).status_code == 403
    assert _state() == before
    assert AccessLogEntry.objects.filter(
        user=outsider, action=AccessLogEntry.Action.DENIED, path__contains="/pladser/"
    ).exists()
    # the invited company's own login may answer
    own = Client()
    own.force_login(world.users[Role.PARTNER_CONTACT])
    assert own.post(_link(campaign.invitations.get()), _answer()).status_code == 200
    event = AuditEvent.objects.get(action=campaigns.INVITATION_OFFER)
    assert event.actor == world.users[Role.PARTNER_CONTACT]


def test_times_that_break_the_rules_for_minors_are_refused_on_their_field(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    link = _link(campaign.invitations.get())
    before = _state()
    # 08:00-16:30 with 30 minutes' break is 8 hours: pupils in compulsory school may work 7
    text = Client().post(link, _answer(day_ends_at="16:30")).content.decode()
    assert "7 timer" in text and "kilde:" in text
    assert _state() == before
    # without light work confirmed, for pupils in compulsory school
    text = Client().post(link, _answer(light_work="")).content.decode()
    assert "kun let arbejde" in text
    assert _state() == before
    # dates outside the round
    _, start, end = round_dates()
    text = Client().post(link, _answer(end_date=(end + timedelta(days=3)).isoformat()))
    assert "Dagene skal ligge i rundens periode" in text.content.decode()
    assert _state() == before
    text = Client().post(link, _answer(seats="0")).content.decode()
    assert _state() == before


def test_declining_is_recorded_and_the_link_is_then_used(world):
    campaign = campaign_start(round=_short_round(world), acting_user=world.users[COORDINATOR])
    link = _link(campaign.invitations.get())
    response = Client().post(link, {"action": "decline"})
    assert "Tak for svaret" in response.content.decode()
    assert Invitation.objects.get().answer == Invitation.Answer.DECLINED
    assert RoundOffer.objects.count() == 1
    assert AuditEvent.objects.filter(action=campaigns.INVITATION_DECLINE, actor=None).exists()
    assert Client().get(link).status_code == 410


def test_one_reminder_goes_to_those_who_have_not_answered(
    world, client_for, django_capture_on_commit_callbacks
):
    round = _short_round(world)
    other, _ = partner_upsert(
        municipality=world.municipality,
        acting_user=None,
        cvr="10000025",
        name="Hirtshals Havn",
        sector="H",
        address="Havnen 1",
        postal_code="9850",
        agreement_start_date=world.partner_a.agreement_start_date,
        agreement_end_date=world.partner_a.agreement_end_date,
        commits_work_experience=True,
    )
    partner_contact_create(
        acting_user=None, partner=other, name="Hanne Havn", email="hanne@example.org"
    )
    campaign = campaign_start(round=round, acting_user=world.users[COORDINATOR])
    assert [i.partner for i in campaign.invitations.order_by("distance_km")] == [
        world.partner_a,
        other,
    ]
    Client().post(_link(campaign.invitations.get(partner=world.partner_a)), {"action": "decline"})
    mail.outbox.clear()
    client = client_for(COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("placement:campaign_remind", kwargs={"uuid": campaign.uuid}))
    assert [m.to for m in mail.outbox] == [["hanne@example.org"]]
    assert mail.outbox[0].subject.startswith("Påmindelse")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("placement:campaign_remind", kwargs={"uuid": campaign.uuid}))
    assert len(mail.outbox) == 1  # only one reminder
    assert AuditEvent.objects.filter(action=campaigns.CAMPAIGN_REMIND).count() == 1


@pytest.mark.parametrize("who", ["teacher", "partner", "pupil", "coordinator_b"])
def test_only_the_rounds_managers_start_or_remind(world, who):
    from ungegaranti.people.models import SchoolDistrict

    round = _short_round(world)
    users = {
        "teacher": world.users[Role.TEACHER],
        "partner": world.users[Role.PARTNER_CONTACT],
        "pupil": world.users[Role.YOUNG_PERSON],
        "coordinator_b": user_create(
            acting_user=None,
            username="koordinator-b",
            password=None,
            role=COORDINATOR,
            municipality=world.municipality,
            district=SchoolDistrict.objects.get(name="Distrikt B"),
        ),
    }
    with pytest.raises(PermissionDenied):
        campaign_start(round=round, acting_user=users[who])
    assert not Campaign.objects.exists()
    campaign = campaign_start(round=round, acting_user=world.users[Role.SECRETARIAT])
    with pytest.raises(PermissionDenied):
        campaign_remind(campaign=campaign, acting_user=users[who])
    assert Campaign.objects.get().reminded_at is None
