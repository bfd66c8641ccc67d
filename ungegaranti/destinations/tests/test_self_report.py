"""Reaching the young people nobody knows about: a personal link by e-mail to a short
self-report, working without a login, once, until it expires; the answer becomes a
self-reported status, the worklist tells it from a registered one, and the response rate shows
per district."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.destinations.models import DestinationStatus, SelfReportInvitation, Status
from ungegaranti.destinations.selectors import self_report_rates, worklist_for
from ungegaranti.destinations.services import (
    self_report_answer,
    self_report_send,
    status_record,
)


def _send(world, person=None):
    return self_report_send(
        young_person=person or world.adult,
        email="carl@example.org",
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )


def test_the_link_is_mailed_and_only_its_digest_is_kept(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _send(world)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carl@example.org"]
    link = reverse("destinations:self_report", kwargs={"token": token})
    assert link in mail.outbox[0].body
    assert token not in invitation.token_digest
    assert not SelfReportInvitation.objects.filter(token_digest=token).exists()


def test_the_answer_becomes_a_self_reported_status_once(world, client):
    _invitation, token = _send(world)
    url = reverse("destinations:self_report", kwargs={"token": token})
    assert "Hvad laver du nu?" in client.get(url).content.decode()  # no login
    response = client.post(
        url, {"status": Status.JOB_UNDER_20, "wish": "Blive elektriker", "may_contact": "ja"}
    )
    assert "Tak for dit svar" in response.content.decode()
    entry = DestinationStatus.objects.get(young_person=world.adult)
    assert entry.source == DestinationStatus.Source.SELF_REPORT
    assert entry.status_date == timezone.localdate() and entry.note == "Blive elektriker"
    invitation = SelfReportInvitation.objects.get()
    assert invitation.answered_at and invitation.may_contact is True
    # once: the link is closed, a second answer is refused and nothing is added
    assert "virker ikke længere" in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        self_report_answer(token=token, status=Status.UNEMPLOYED, wish="", may_contact=False)
    assert DestinationStatus.objects.count() == 1


def test_an_expired_or_unknown_link_saves_nothing(world, client):
    invitation, token = _send(world)
    SelfReportInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for key in (token, "not-a-real-token"):
        url = reverse("destinations:self_report", kwargs={"token": key})
        assert "virker ikke længere" in client.get(url).content.decode()
        with pytest.raises(ValidationError):
            self_report_answer(token=key, status=Status.FGU, wish="", may_contact=True)
    assert not DestinationStatus.objects.exists()


def test_the_worklist_tells_self_reported_from_registered(world, client_for):
    _invitation, token = _send(world)
    self_report_answer(token=token, status=Status.UNEMPLOYED, wish="", may_contact=True)
    assert worklist_for(user=world.users[Role.GUIDANCE_COUNSELLOR]).filter(pk=world.adult.pk)
    page = client_for(Role.GUIDANCE_COUNSELLOR).get(reverse("destinations:worklist"))
    assert "selvrapporteret" in page.content.decode()


def test_only_unknown_statuses_get_one_and_only_follow_up_staff_send(world):
    status_record(
        young_person=world.adult,
        status=Status.UNEMPLOYED,
        status_date=timezone.localdate(),
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )
    with pytest.raises(ValidationError):
        _send(world)
    with pytest.raises(PermissionDenied):
        self_report_send(
            young_person=world.adult, email="c@example.org", acting_user=world.users[Role.TEACHER]
        )
    assert not SelfReportInvitation.objects.exists()


def test_response_rates_per_district(world):
    _send(world)  # Carl, 9800: district A's postcode
    _invitation, token = _send(world)
    self_report_answer(token=token, status=Status.FGU, wish="", may_contact=False)
    [rate] = self_report_rates(municipality_id=world.municipality.pk)
    assert (rate.district, rate.sent, rate.answered, rate.percent) == ("Distrikt A", 2, 1, 50)
