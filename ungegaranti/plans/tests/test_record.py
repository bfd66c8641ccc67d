"""The record: timeline, reflections by the young person, staff comments, coverage, guards."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.plans.models import Activity, ActivityComment, ActivityKind, Goal, Stage
from ungegaranti.plans.selectors import coverage_of, home_pupil_record_summary
from ungegaranti.plans.services import (
    activity_comment_add,
    activity_create,
    activity_record,
    activity_reflect,
)


def _visit(world, person=None, key="test:visit", kind=ActivityKind.COMPANY_VISIT):
    return activity_record(
        young_person=person or world.pupil_a,
        acting_user=None,
        kind=kind,
        title="Besøg på fabrikken",
        source_key=key,
        partner=world.partner_a,
        start_date=date(2026, 1, 12),
        status=Activity.Status.COMPLETED,
    )


def test_an_activity_from_a_booking_gets_its_kinds_stage_and_goal(world):
    activity = _visit(world)
    assert (activity.stage, activity.goal) == (Stage.SENSING, Goal.OUTLOOK)


def test_rerecording_an_activity_keeps_the_young_persons_reflections(world):
    activity = _visit(world)
    activity_reflect(
        activity=activity,
        reflection_before="Jeg tror, det larmer.",
        reflection_during="",
        reflection_after="Jeg vil gerne være smed.",
        acting_user=world.users[Role.YOUNG_PERSON],
    )
    _visit(world)
    activity.refresh_from_db()
    assert activity.reflection_after == "Jeg vil gerne være smed."


def test_only_the_young_person_writes_their_reflections(world):
    activity = _visit(world)
    for role in (Role.TEACHER, Role.GUARDIAN, Role.SECRETARIAT):
        with pytest.raises(PermissionDenied):
            activity_reflect(
                activity=activity,
                reflection_before="",
                reflection_during="",
                reflection_after="Skrevet af en anden",
                acting_user=world.users[role],
            )
    activity.refresh_from_db()
    assert activity.reflection_after == ""
    assert not AuditEvent.objects.filter(action="plans.activity.reflect").exists()


def test_a_reflection_leaves_an_audit_event_naming_the_changed_parts(world):
    activity = _visit(world)
    activity_reflect(
        activity=activity,
        reflection_before="",
        reflection_during="",
        reflection_after="Det var sjovt.",
        acting_user=world.users[Role.YOUNG_PERSON],
    )
    event = AuditEvent.objects.get(action="plans.activity.reflect")
    assert event.actor == world.users[Role.YOUNG_PERSON]
    assert event.changes == {"fields": ["reflection_after"]}
    assert "sjovt" not in str(event.changes)


@pytest.mark.parametrize(
    "text",
    ["Mit CPR er 010110-4123, ring", "0101104123", "x" * 2001],
)
def test_a_reflection_with_a_cpr_or_too_long_is_refused_and_nothing_saved(world, text):
    activity = _visit(world)
    with pytest.raises(ValidationError) as refused:
        activity_reflect(
            activity=activity,
            reflection_before="Før",
            reflection_during="",
            reflection_after=text,
            acting_user=world.users[Role.YOUNG_PERSON],
        )
    assert "reflection_after" in refused.value.message_dict
    activity.refresh_from_db()
    assert activity.reflection_before == ""


def test_the_form_says_why_a_pasted_cpr_is_refused(world, client_for):
    activity = _visit(world)
    url = reverse("plans:activity_detail", kwargs={"uuid": activity.uuid})
    response = client_for(Role.YOUNG_PERSON).post(
        url, {"reflect": "1", "reflection_after": "Ring på 010110-4123"}
    )
    assert response.status_code == 200
    assert "CPR-nummer" in response.content.decode()
    assert "010110-4123" not in response.content.decode().split("<textarea")[0]
    activity.refresh_from_db()
    assert activity.reflection_after == ""


def test_the_young_person_writes_the_after_in_the_browserless_form(world, client_for):
    activity = _visit(world)
    url = reverse("plans:activity_detail", kwargs={"uuid": activity.uuid})
    response = client_for(Role.YOUNG_PERSON).post(
        url, {"reflect": "1", "reflection_after": "Jeg vil prøve at svejse."}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.reflection_after == "Jeg vil prøve at svejse."
    assert activity.reflected_at is not None


def test_staff_in_scope_comment_and_others_are_refused(world):
    activity = _visit(world)
    comment = activity_comment_add(
        activity=activity, text="Godt set!", acting_user=world.users[Role.TEACHER]
    )
    assert comment.author == world.users[Role.TEACHER]
    assert AuditEvent.objects.filter(action="plans.activity.comment").count() == 1
    pupil_b_activity = _visit(world, world.pupil_b, key="test:b")
    for role, target in [
        (Role.TEACHER, pupil_b_activity),  # not the teacher's class
        (Role.GUIDANCE_COUNSELLOR, activity),  # pupil A is 14
        (Role.YOUNG_PERSON, activity),
        (Role.GUARDIAN, activity),
        (Role.PARTNER_CONTACT, activity),
    ]:
        with pytest.raises(PermissionDenied):
            activity_comment_add(activity=target, text="Nej", acting_user=world.users[role])
    assert ActivityComment.objects.count() == 1


def test_a_comment_with_a_cpr_is_refused(world):
    activity = _visit(world)
    with pytest.raises(ValidationError):
        activity_comment_add(
            activity=activity, text="Hendes CPR: 0101104123", acting_user=world.users[Role.TEACHER]
        )
    assert ActivityComment.objects.count() == 0


def test_the_young_person_adds_an_activity_of_their_own(world, client_for):
    url = reverse("plans:activity_new", kwargs={"uuid": world.pupil_a.uuid})
    response = client_for(Role.YOUNG_PERSON).post(
        url,
        {
            "title": "Fritidsjob i Netto",
            "start_date": "2026-01-05",
            "stage": Stage.FOCUSING,
            "goal": Goal.COMPETENCES,
            "reflection_before": "Jeg skal fylde varer op.",
        },
    )
    assert response.status_code == 302
    own = Activity.objects.get(kind=ActivityKind.OWN)
    assert own.young_person == world.pupil_a and own.reflection_before
    assert AuditEvent.objects.get(action="plans.activity.create").actor.role == Role.YOUNG_PERSON
    with pytest.raises(PermissionDenied):
        activity_create(
            young_person=world.pupil_a,
            title="Af en anden",
            start_date=date(2026, 1, 5),
            stage=Stage.SENSING,
            goal=Goal.INSIGHT,
            acting_user=world.users[Role.TEACHER],
        )


def test_coverage_names_what_is_missing_and_ignores_cancelled_activities():
    done = [
        Activity(stage=Stage.SENSING, goal=Goal.OUTLOOK, status=Activity.Status.COMPLETED),
        Activity(stage=Stage.FOCUSING, goal=Goal.INSIGHT, status=Activity.Status.PLANNED),
        Activity(
            stage=Stage.UNDERSTANDING, goal=Goal.COMPETENCES, status=Activity.Status.CANCELLED
        ),
    ]
    coverage = coverage_of(done)
    assert coverage.missing_stages == ["Ordne", "Forstå"]
    assert coverage.missing_goals == ["Kompetencer"]
    assert not coverage.is_complete


def test_the_record_page_shows_timeline_and_coverage_and_logs_the_staff_look(
    world, client_for, django_assert_max_num_queries
):
    for i in range(30):
        activity = _visit(world, key=f"test:{i}")
        activity_comment_add(activity=activity, text="Fint", acting_user=world.users[Role.TEACHER])
    client = client_for(Role.CAREER_COUNSELLOR)
    url = reverse("plans:record", kwargs={"uuid": world.pupil_a.uuid})
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("Besøg på fabrikken") == 30
    assert "Ordne: <strong>mangler</strong>" in page
    entry = AccessLogEntry.objects.filter(young_person=world.pupil_a).latest("created_at")
    assert entry.action == AccessLogEntry.Action.VIEW
    assert entry.user == world.users[Role.CAREER_COUNSELLOR]


def test_a_long_record_is_paged_newest_first_and_its_coverage_counts_every_page(
    world, client_for, django_assert_max_num_queries
):
    """A record from 0. klasse holds hundreds of activities: 50 a page, the newest first,
    with Danish page links; the coverage at the top counts the whole record."""
    oldest = activity_record(
        young_person=world.pupil_a,
        acting_user=None,
        kind=ActivityKind.CLASS_ACTIVITY,
        title="Mit drømmejob i 0. klasse",
        source_key="test:oldest",
        start_date=date(2018, 9, 1),
        status=Activity.Status.COMPLETED,
        stage=Stage.SIFTING,
        goal=Goal.INSIGHT,
    )
    for i in range(54):
        activity_record(
            young_person=world.pupil_a,
            acting_user=None,
            kind=ActivityKind.COMPANY_VISIT,
            title=f"Besøg nr. {i}",
            source_key=f"test:{i}",
            start_date=date(2025, 1, 1) + timedelta(days=i),
            status=Activity.Status.COMPLETED,
        )
    client = client_for(Role.YOUNG_PERSON)
    url = reverse("plans:record", kwargs={"uuid": world.pupil_a.uuid})
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    assert first.count('class="timeline-item"') == 50
    assert "Besøg nr. 53" in first and "Besøg nr. 4<" in first and "Besøg nr. 3<" not in first
    assert "Aktivitet 1–50 af 55, de nyeste først." in first
    assert '<nav class="pagination" aria-label="Sider">' in first
    assert "?side=2" in first and "Side 1 af 2" in first
    # The oldest activity is on page 2, yet its stage and goal count on page 1.
    assert "Ordne: <strong>mangler</strong>" not in first
    assert "Indsigt: <strong>mangler</strong>" not in first
    second = client.get(url, {"side": "2"}).content.decode()
    assert second.count('class="timeline-item"') == 5
    assert reverse("plans:activity_detail", kwargs={"uuid": oldest.uuid}) in second
    assert "Forrige" in second and "Næste" not in second
    # A page that does not exist shows the last one; nonsense shows the first.
    assert "Side 2 af 2" in client.get(url, {"side": "99"}).content.decode()
    assert "Side 1 af 2" in client.get(url, {"side": "x"}).content.decode()


def test_a_teacher_does_not_see_guidance_conversations(world, client_for):
    talk = _visit(world, key="test:talk", kind=ActivityKind.GUIDANCE_CONVERSATION)
    teacher = client_for(Role.TEACHER)
    page = teacher.get(reverse("plans:record", kwargs={"uuid": world.pupil_a.uuid}))
    assert reverse("plans:activity_detail", kwargs={"uuid": talk.uuid}) not in page.content.decode()
    assert (
        teacher.get(reverse("plans:activity_detail", kwargs={"uuid": talk.uuid})).status_code == 404
    )
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED).exists()


def test_a_guardian_sees_their_minor_childs_record_but_not_at_18_nor_another_familys(
    world, client_for
):
    from ungegaranti.people.cpr import synthetic_cpr
    from ungegaranti.people.models import Guardian
    from ungegaranti.people.services import guardian_link_create, young_person_upsert

    today = timezone.localdate()
    adult_child, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(today.year - 18, 1, 1), 8, male=False),  # 18 since 1 January
        first_name="Ellen",
        last_name="Andersen",
        postal_code="9800",
    )
    guardian = Guardian.objects.get(user=world.users[Role.GUARDIAN])
    guardian_link_create(guardian=guardian, young_person=adult_child, acting_user=None)
    assert adult_child.age_on(today) >= 18
    client = client_for(Role.GUARDIAN)
    own = client.get(reverse("plans:record", kwargs={"uuid": world.pupil_a.uuid}))
    assert own.status_code == 200
    for person in (adult_child, world.pupil_b):
        url = reverse("plans:record", kwargs={"uuid": person.uuid})
        assert client.get(url).status_code == 404
    visit = _visit(world, world.pupil_b, key="test:other-family")
    url = reverse("plans:activity_detail", kwargs={"uuid": visit.uuid})
    assert client.get(url).status_code == 404


def test_the_home_page_asks_for_an_after_only_on_the_last_weeks_activities(world):
    today = timezone.localdate()
    for key, days_ago in (("old", 200), ("recent", 3), ("reflected", 5)):
        activity = activity_record(
            young_person=world.pupil_a,
            acting_user=None,
            kind=ActivityKind.COMPANY_VISIT,
            title=f"Besøg {key}",
            source_key=f"test:{key}",
            start_date=today - timedelta(days=days_ago),
            status=Activity.Status.COMPLETED,
        )
        if key == "reflected":
            activity_reflect(
                activity=activity,
                reflection_before="",
                reflection_during="",
                reflection_after="Det var sjovt.",
                acting_user=world.users[Role.YOUNG_PERSON],
            )
    summary = home_pupil_record_summary(world.users[Role.YOUNG_PERSON])
    assert summary is not None and summary["awaiting_after"] == 1
    page = Client()
    page.force_login(world.users[Role.YOUNG_PERSON])
    assert "1 aktivitet fra de seneste uger venter" in page.get("/").content.decode()
