"""The questionnaire Hjørring once sent to about 3,000 young people it knew nothing about, here:
one action sends a self-report to everyone on the worklist (as filtered) whose status is
unknown and who has an e-mail address, and no one twice while their link is open. A background
job; each send asks the follow-up policy again; a young person without an address is counted."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AuditEvent, BackgroundJob
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import born_aged
from ungegaranti.destinations.models import SelfReportInvitation, Status
from ungegaranti.destinations.selectors import WorklistFilters, self_report_reach
from ungegaranti.destinations.services import self_reports_request, status_record
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert


def _young(world, serial, email, *, years=20, postal_code="9800"):
    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(born_aged(years), 40 + serial, male=serial % 2 == 1),
        first_name=f"Ung{serial}",
        last_name="Ukendt",
        postal_code=postal_code,
    )
    person.email = email
    person.save(update_fields=["email"])
    return person


@pytest.fixture
def unknowns(world):
    """Three with an address and unknown status, one without an address, one with a known
    status (not asked), and Carl (no address)."""
    people = [_young(world, n, f"ung{n}@example.org") for n in range(3)]
    people.append(_young(world, 3, ""))
    known = _young(world, 4, "kendt@example.org")
    status_record(
        young_person=known,
        status=Status.UNEMPLOYED,
        status_date=timezone.localdate(),
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )
    return people


def test_the_reach_counts_those_with_and_without_an_address(world, unknowns):
    reach = self_report_reach(user=world.users[Role.GUIDANCE_COUNSELLOR])
    assert reach.with_email == 3
    assert reach.without_email == 2  # Ung3 and Carl
    assert {p.email for p in reach.candidates} == {f"ung{n}@example.org" for n in range(3)}


def test_one_action_mails_each_once_and_a_second_sends_nobody_twice(
    world, unknowns, django_capture_on_commit_callbacks
):
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    with django_capture_on_commit_callbacks(execute=True):  # the job runs when the request commits
        job = self_reports_request(filters=WorklistFilters(), acting_user=counsellor)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert job.result["summary"] == "Selvrapporten er sendt til 3 unge."
    assert sorted(m.to[0] for m in mail.outbox) == [f"ung{n}@example.org" for n in range(3)]
    assert all("/selvrapport/" in m.body for m in mail.outbox)
    assert SelfReportInvitation.objects.filter(sent_by=counsellor).count() == 3
    assert AuditEvent.objects.filter(action="destinations.self_report.batch").count() == 1
    assert AuditEvent.objects.filter(action="destinations.self_report.send").count() == 3
    # Their links are open: nobody left to send to, nothing sent, nothing queued.
    with pytest.raises(ValidationError):
        self_reports_request(filters=WorklistFilters(), acting_user=counsellor)
    assert len(mail.outbox) == 3
    assert BackgroundJob.objects.filter(kind="destinations.self_reports").count() == 1


def test_the_worklist_filters_narrow_the_batch(world, unknowns):
    _young(world, 5, "ung17@example.org", years=17)
    reach = self_report_reach(
        user=world.users[Role.SECRETARIAT], filters=WorklistFilters(age_band="15-17")
    )
    assert [p.email for p in reach.candidates] == ["ung17@example.org"]


def test_only_follow_up_staff_ask_and_a_refusal_queues_nothing(world, unknowns):
    for role in (Role.TEACHER, Role.PARTNER_CONTACT, Role.CAREER_COUNSELLOR, Role.RESEARCHER):
        with pytest.raises(PermissionDenied):
            self_reports_request(filters=WorklistFilters(), acting_user=world.users[role])
    assert not BackgroundJob.objects.filter(kind="destinations.self_reports").exists()
    assert not SelfReportInvitation.objects.exists() and not mail.outbox


def test_the_page_counts_confirms_and_shows_the_jobs_progress(
    world, unknowns, client_for, django_capture_on_commit_callbacks
):
    client = client_for(Role.GUIDANCE_COUNSELLOR)
    url = reverse("destinations:self_reports")
    page = client.get(url).content.decode()
    assert "3 unge med ukendt status, en e-mailadresse og intet åbent link" in page
    assert "Send selvrapport til 3 unge" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = BackgroundJob.objects.get(kind="destinations.self_reports")
    assert response.status_code == 302
    assert response.url == reverse("core:job_status", kwargs={"uuid": job.uuid})
    assert "Selvrapporten er sendt til 3 unge." in client.get(response.url).content.decode()
    # Nobody is left: the page says so and offers no button.
    page = client.get(url).content.decode()
    assert "Der er ingen at sende til lige nu." in page


def test_a_single_send_keeps_the_address_for_the_next_time(world, client_for):
    client = client_for(Role.GUIDANCE_COUNSELLOR)
    url = reverse("destinations:follow_up", kwargs={"uuid": world.adult.uuid})
    client.post(url, {"send_self_report": "1", "email": "carl@example.org"})
    world.adult.refresh_from_db()
    assert world.adult.email == "carl@example.org"
    assert 'value="carl@example.org"' in client.get(url).content.decode()
