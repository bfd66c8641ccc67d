"""The praktikaftale: made at publishing for every placed pupil, generated from the data (a PDF),
confirmed by the company (with its risk assessment), a guardian and the pupil, each for
themself; the class list shows which are complete."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.people.models import Guardian
from ungegaranti.people.services import guardian_link_create

from .. import agreements
from ..agreements import (
    agreement_confirm,
    agreement_facts,
    agreement_pdf,
    agreement_token,
    rules_that_apply,
)
from ..models import Agreement
from ..own_places import own_place_decide, own_place_propose
from ..permissions import COMPANY, GUARDIAN, PUPIL
from ..services import round_close, round_publish, run_create
from .helpers import open_round, own_place_values, pupil, wish, wp_offer

pytestmark = pytest.mark.django_db
COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _published(world, capture=None):
    coordinator = world.users[COORDINATOR]
    round = open_round(world, offers={wp_offer(world, "Kok"): 1})
    wish(world, round, world.pupil_a, "Kok")
    round = round_close(round=round, acting_user=coordinator)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator)
    if capture is not None:
        with capture(execute=True):
            round_publish(round=round, run=run, acting_user=coordinator)
    else:
        round_publish(round=round, run=run, acting_user=coordinator)
    return round, Agreement.objects.get(placement__young_person=world.pupil_a)


def test_publishing_makes_an_agreement_per_placed_pupil_and_mails_the_company_its_link(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    round, agreement = _published(world, django_capture_on_commit_callbacks)
    assert agreement.guardian_required  # pupil A is 14
    assert agreement.missing == ["virksomheden", "en forælder", "eleven"]
    [message] = [m for m in mail.outbox if "Praktikaftale" in m.subject]
    assert message.to == ["per@example.org"]
    assert (
        reverse("placement:agreement_company_link", kwargs={"token": agreement_token(agreement)})
        in message.body
    )


def test_the_agreement_holds_the_facts_and_the_rules_for_this_pupil(world):
    _, agreement = _published(world)
    facts = agreement_facts(agreement)
    assert facts["age"] == 14
    assert facts["place"].company == world.partner_a.name
    texts = [r.text for r in facts["rules"]]
    assert texts[0].startswith("13-14 år: højst 7 timer om dagen og 35 timer om ugen")
    assert any("let og ufarligt" in t for t in texts)
    assert all(r.source for r in facts["rules"])
    pdf = agreement_pdf(agreement)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


@pytest.mark.parametrize(
    ("age", "first"),
    [
        (12, "Eleven er under 13 år"),  # the lower boundary of work for an employer
        (13, "13-14 år: højst 7 timer"),
        (14, "13-14 år: højst 7 timer"),
        (15, "15-17 år"),
        (17, "15-17 år"),
        (18, "Eleven er fyldt 18 år"),  # the rules end at 18
    ],
)
def test_the_rules_that_apply_by_age_at_their_boundaries(age, first):
    """Bekendtgørelse om unges arbejde (table in shared/domain.md): 13-14 and pupils in
    compulsory school 7 h on a day without school, 35 a week; 15-17 still in school 8 h, 40."""
    assert rules_that_apply(age=age)[0].text.startswith(first)


def test_the_three_confirm_each_for_themself_and_the_class_list_shows_it_complete(
    world, client_for
):
    round, agreement = _published(world)
    url = agreement.get_absolute_url()
    confirm = reverse("placement:agreement_confirm", kwargs={"uuid": agreement.uuid})
    teacher = client_for(Role.TEACHER)
    page = teacher.get(reverse("placement:teacher_overview")).content.decode()
    assert "Mangler: virksomheden, en forælder, eleven" in page
    # the company, through its contact's login, must confirm the risk assessment
    partner = client_for(Role.PARTNER_CONTACT)
    assert "Bekræft aftalen for virksomheden" in partner.get(url).content.decode()
    partner.post(confirm, {"party": COMPANY})
    agreement.refresh_from_db()
    assert agreement.company_confirmed_at is None
    partner.post(confirm, {"party": COMPANY, "risk_assessed": "on"})
    client_for(Role.GUARDIAN).post(confirm, {"party": GUARDIAN})
    pupil_client = client_for(Role.YOUNG_PERSON)
    assert "Jeg har læst aftalen" in pupil_client.get(url).content.decode()
    pupil_client.post(confirm, {"party": PUPIL})
    agreement.refresh_from_db()
    assert agreement.is_complete and agreement.risk_assessed
    assert agreement.guardian_confirmed_by == world.users[Role.GUARDIAN]
    page = teacher.get(reverse("placement:teacher_overview")).content.decode()
    assert "Komplet" in page
    csv = teacher.get(
        reverse(
            "placement:class_list",
            kwargs={"uuid": round.uuid, "class_uuid": world.class_a.uuid, "fmt": "csv"},
        )
    ).content.decode()
    assert "Praktikaftale" in csv and "Komplet" in csv
    events = AuditEvent.objects.filter(action=agreements.AGREEMENT_CONFIRM)
    assert {e.actor for e in events} == {
        world.users[Role.PARTNER_CONTACT],
        world.users[Role.GUARDIAN],
        world.users[Role.YOUNG_PERSON],
    }


def test_a_confirmation_by_someone_not_the_pupils_guardian_is_refused_and_logged(world):
    _, agreement = _published(world)
    otto = pupil(world, "Otto", 11)
    other_user = user_create(
        acting_user=None,
        username="anden-foraelder",
        password=None,
        role=Role.GUARDIAN,
        municipality=world.municipality,
    )
    other = Guardian.objects.create(
        municipality=world.municipality, name="Bo Anden", user=other_user
    )
    guardian_link_create(guardian=other, young_person=otto, acting_user=None)
    with pytest.raises(PermissionDenied):
        agreement_confirm(agreement=agreement, party=GUARDIAN, acting_user=other_user)
    client = Client()
    client.force_login(other_user)
    response = client.post(
        reverse("placement:agreement_confirm", kwargs={"uuid": agreement.uuid}),
        {"party": GUARDIAN},
    )
    assert response.status_code == 404  # not theirs to see either
    # a party that claims another party's confirmation is refused and logged
    pupil_client = Client()
    pupil_client.force_login(world.users[Role.YOUNG_PERSON])
    response = pupil_client.post(
        reverse("placement:agreement_confirm", kwargs={"uuid": agreement.uuid}),
        {"party": GUARDIAN},
    )
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=world.users[Role.YOUNG_PERSON], action=AccessLogEntry.Action.DENIED
    ).exists()
    agreement.refresh_from_db()
    assert agreement.guardian_confirmed_at is None and agreement.pupil_confirmed_at is None
    # the teacher sees the agreement but confirms nothing
    with pytest.raises(PermissionDenied):
        agreement_confirm(agreement=agreement, party=PUPIL, acting_user=world.users[Role.TEACHER])


def test_an_own_place_company_confirms_through_its_link_once(world):
    coordinator = world.users[COORDINATOR]
    round = open_round(world, offers={wp_offer(world, "Kok"): 1})
    own = own_place_propose(
        round=round,
        young_person=world.pupil_a,
        acting_user=world.users[Role.YOUNG_PERSON],
        **own_place_values(),
    )
    own_place_decide(own_place=own, approve=True, acting_user=coordinator)
    round = round_close(round=round, acting_user=coordinator)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator)
    round_publish(round=round, run=run, acting_user=coordinator)
    agreement = Agreement.objects.get(placement__own_place=own)
    link = reverse("placement:agreement_company_link", kwargs={"token": agreement_token(agreement)})
    anonymous = Client()
    page = anonymous.get(link).content.decode()
    assert "Tårs Tømrer ApS" in page and "Hovedgaden 3" in page
    response = anonymous.post(link, {"name": "Tom Tømrer"})
    assert "Bekræft, at I har vurderet risici" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.company_confirmed_at is None
    anonymous.post(link, {"name": "Tom Tømrer", "risk_assessed": "on"})
    agreement.refresh_from_db()
    assert agreement.company_confirmed_name == "Tom Tømrer" and agreement.risk_assessed
    again = anonymous.post(link, {"name": "Nogen Andre", "risk_assessed": "on"})
    assert again.status_code == 410
    agreement.refresh_from_db()
    assert agreement.company_confirmed_name == "Tom Tømrer"
    assert AuditEvent.objects.filter(action=agreements.AGREEMENT_CONFIRM, actor=None).count() == 1
    # another company's login may not use the link
    other = Client()
    other.force_login(world.users[Role.PARTNER_CONTACT])
    assert other.get(link).status_code == 403
    bad = reverse("placement:agreement_company_link", kwargs={"token": "x:y"})
    assert anonymous.get(bad).status_code == 404


def test_missing_confirmations_get_a_reminder_from_the_coordinator(world, client_for):
    from ungegaranti.notifications.models import Notification

    round, agreement = _published(world)
    client = client_for(COORDINATOR)
    page = client.get(round.get_absolute_url()).content.decode()
    assert "Mangler: virksomheden, en forælder, eleven" in page
    # before the first day, an incomplete agreement stands out
    days = (round.start_date - timezone.localdate()).days
    assert "1 praktikaftale mangler bekræftelser,</strong>" in page
    assert f"og praktikken begynder om {days} dage." in page
    client.post(reverse("placement:agreement_remind", kwargs={"uuid": agreement.uuid}))
    assert Notification.objects.filter(
        recipient=world.users[Role.GUARDIAN], subject="Husk at bekræfte praktikaftalen"
    ).exists()
    event = AuditEvent.objects.get(action=agreements.AGREEMENT_REMIND)
    assert event.actor == world.users[COORDINATOR]
    with pytest.raises(PermissionDenied):
        agreements.agreement_remind(agreement=agreement, acting_user=world.users[Role.TEACHER])
