"""The shared plan: wishes over time, next steps with a responsible professional and a date,
the destination statement with its date, staff comments, a guardian's co-signature of a
minor's plan, and "Min plan" as a PDF. The plan follows the young person across classes and
schools."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.people.models import SchoolClass
from ungegaranti.plans.models import DestinationStatement, PlanStep, PlanWish
from ungegaranti.plans.selectors import plan_professionals_for, plan_view_of
from ungegaranti.plans.services import (
    destination_statement_set,
    plan_comment_add,
    plan_cosign,
    plan_step_add,
    plan_step_complete,
    plan_wish_add,
)

CPR_TEXT = "Mit CPR er 010203-1234"


def _pupil(world):
    return world.users[Role.YOUNG_PERSON]


def _step(world, *, by=None, responsible=None, days=30):
    return plan_step_add(
        young_person=world.pupil_a,
        text="Besøge EUC Nord på brobygning",
        responsible=responsible or world.users[Role.CAREER_COUNSELLOR],
        due_date=timezone.localdate() + timedelta(days=days),
        acting_user=by or _pupil(world),
    )


def test_wishes_are_added_over_time_and_the_newest_statement_is_in_force(world, monkeypatch):
    pupil = _pupil(world)
    plan_wish_add(
        young_person=world.pupil_a, kind=PlanWish.Kind.JOB, text="Dyrlæge", acting_user=pupil
    )
    later = timezone.localdate() + timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda: later)
    plan_wish_add(
        young_person=world.pupil_a,
        kind=PlanWish.Kind.EDUCATION,
        text="EUX   Byggeri",
        acting_user=pupil,
    )
    destination_statement_set(
        young_person=world.pupil_a, text="EUX Byggeri på EUC Nord", acting_user=pupil
    )
    view = plan_view_of(young_person=world.pupil_a)
    assert [(w.text, w.wish_date) for w in view.wishes][0] == ("EUX Byggeri", later)
    assert len(view.wishes) == 2  # the first wish stays: the plan shows how wishes moved
    assert view.statement.text == "EUX Byggeri på EUC Nord"
    assert view.statement.statement_date == later
    assert view.revision == 3


def test_only_the_young_person_writes_wishes_and_the_statement(world):
    for role in (Role.CAREER_COUNSELLOR, Role.GUARDIAN, Role.TEACHER, Role.SECRETARIAT):
        with pytest.raises(PermissionDenied):
            plan_wish_add(
                young_person=world.pupil_a,
                kind=PlanWish.Kind.JOB,
                text="Pilot",
                acting_user=world.users[role],
            )
        with pytest.raises(PermissionDenied):
            destination_statement_set(
                young_person=world.pupil_a, text="HTX", acting_user=world.users[role]
            )
    assert not PlanWish.objects.exists() and not DestinationStatement.objects.exists()


@pytest.mark.parametrize("text", [CPR_TEXT, "x" * 501])
def test_a_wish_with_a_cpr_or_too_long_is_refused_and_nothing_saved(world, text):
    with pytest.raises(ValidationError):
        plan_wish_add(
            young_person=world.pupil_a, kind=PlanWish.Kind.JOB, text=text, acting_user=_pupil(world)
        )
    assert not PlanWish.objects.exists()
    assert plan_view_of(young_person=world.pupil_a).revision == 0


def test_a_step_has_a_responsible_professional_who_follows_the_young_person_and_a_date(world):
    professionals = set(plan_professionals_for(young_person=world.pupil_a))
    assert professionals == {
        world.users[Role.CAREER_COUNSELLOR],
        world.users[Role.WORK_EXPERIENCE_COORDINATOR],
    }  # pupil A is 14: not yet the guidance counsellors'
    step = _step(world)
    assert step.responsible == world.users[Role.CAREER_COUNSELLOR]
    with pytest.raises(ValidationError) as refused:
        _step(world, responsible=world.users[Role.TEACHER])
    assert "responsible" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _step(world, days=-1)
    assert "due_date" in refused.value.message_dict
    assert PlanStep.objects.count() == 1


def test_staff_in_scope_add_steps_and_comment_others_are_refused(world):
    _step(world, by=world.users[Role.WORK_EXPERIENCE_COORDINATOR])
    plan_comment_add(
        young_person=world.pupil_a,
        text="Godt valg – husk brobygning.",
        acting_user=world.users[Role.CAREER_COUNSELLOR],
    )
    for role in (Role.TEACHER, Role.PARTNER_CONTACT, Role.GUARDIAN, Role.GUIDANCE_COUNSELLOR):
        with pytest.raises(PermissionDenied):
            plan_comment_add(young_person=world.pupil_a, text="Hej", acting_user=world.users[role])
    for role in (Role.TEACHER, Role.GUARDIAN, Role.POLITICIAN):
        with pytest.raises(PermissionDenied):
            _step(world, by=world.users[role])
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"plans.plan.step_add", "plans.plan.comment"} <= actions


def test_the_responsible_marks_a_step_done_once(world):
    step = _step(world)
    plan_step_complete(step=step, acting_user=world.users[Role.CAREER_COUNSELLOR])
    step.refresh_from_db()
    assert step.done_date == timezone.localdate()
    with pytest.raises(PermissionDenied):
        plan_step_complete(step=step, acting_user=world.users[Role.CAREER_COUNSELLOR])


def test_a_guardian_co_signs_the_plan_as_it_stands_and_a_change_asks_for_a_new_signature(world):
    guardian = world.users[Role.GUARDIAN]
    with pytest.raises(ValidationError):  # nothing to sign yet
        plan_cosign(young_person=world.pupil_a, acting_user=guardian)
    destination_statement_set(young_person=world.pupil_a, text="HHX", acting_user=_pupil(world))
    signature = plan_cosign(young_person=world.pupil_a, acting_user=guardian)
    assert signature.revision == 1
    assert plan_view_of(young_person=world.pupil_a).current_signatures == [signature]
    with pytest.raises(ValidationError):
        plan_cosign(young_person=world.pupil_a, acting_user=guardian)
    plan_wish_add(
        young_person=world.pupil_a,
        kind=PlanWish.Kind.JOB,
        text="Revisor",
        acting_user=_pupil(world),
    )
    assert plan_view_of(young_person=world.pupil_a).current_signatures == []
    assert plan_cosign(young_person=world.pupil_a, acting_user=guardian).revision == 2
    for role in (Role.YOUNG_PERSON, Role.CAREER_COUNSELLOR, Role.SECRETARIAT):
        with pytest.raises(PermissionDenied):
            plan_cosign(young_person=world.pupil_a, acting_user=world.users[role])


def test_a_guardian_cannot_see_or_sign_the_plan_of_a_child_of_18_nor_another_familys(
    world, client_for
):
    from ungegaranti.people.cpr import synthetic_cpr
    from ungegaranti.people.models import Guardian
    from ungegaranti.people.services import guardian_link_create, young_person_upsert

    today = timezone.localdate()
    adult_child, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(today.year - 18, 1, 1), 8, male=False),
        first_name="Ellen",
        last_name="Andersen",
        postal_code="9800",
    )
    guardian_user = world.users[Role.GUARDIAN]
    guardian_link_create(
        guardian=Guardian.objects.get(user=guardian_user),
        young_person=adult_child,
        acting_user=None,
    )
    client = client_for(Role.GUARDIAN)
    assert client.get(reverse("plans:plan", kwargs={"uuid": world.pupil_a.uuid})).status_code == 200
    for person in (adult_child, world.pupil_b):
        assert client.get(reverse("plans:plan", kwargs={"uuid": person.uuid})).status_code == 404
        assert (
            client.get(reverse("plans:plan_pdf", kwargs={"uuid": person.uuid})).status_code == 404
        )
        with pytest.raises(PermissionDenied):
            plan_cosign(young_person=person, acting_user=guardian_user)


def test_the_plan_follows_the_young_person_to_another_class_and_school(world):
    destination_statement_set(young_person=world.pupil_a, text="STX", acting_user=_pupil(world))
    pupil = world.pupil_a
    pupil.school = world.school_b
    pupil.school_class = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_b,
        grade=9,
        letter="b",
        school_year=world.class_a.school_year,
    )
    pupil.save()
    assert plan_view_of(young_person=pupil).statement.text == "STX"
    pupil.school, pupil.school_class = None, None  # left school
    pupil.save()
    assert plan_view_of(young_person=pupil).statement.text == "STX"


def test_the_young_person_writes_on_the_page_and_a_pasted_cpr_is_a_message(world, client_for):
    client = client_for(Role.YOUNG_PERSON)
    assert client.get(reverse("plans:my_plan")).url == reverse(
        "plans:plan", kwargs={"uuid": world.pupil_a.uuid}
    )
    url = reverse("plans:plan", kwargs={"uuid": world.pupil_a.uuid})
    response = client.post(url, {"wish": "1", "wish-kind": "JOB", "wish-text": CPR_TEXT})
    assert response.status_code == 200
    assert "CPR-nummer" in response.content.decode()
    assert not PlanWish.objects.exists()
    response = client.post(url, {"statement": "1", "statement-text": "Elektriker, EUC Nord"})
    assert response.status_code == 302
    counsellor = world.users[Role.CAREER_COUNSELLOR]
    response = client.post(
        url,
        {
            "step": "1",
            "step-text": "Tilmelde mig brobygning",
            "step-responsible": counsellor.pk,
            "step-due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Elektriker, EUC Nord" in page and "Tilmelde mig brobygning" in page
    assert "Gem kommentar" not in page  # the young person does not comment on their own plan


def test_a_counsellor_comments_on_the_page_the_look_is_logged_and_the_teacher_is_refused(
    world, client_for
):
    url = reverse("plans:plan", kwargs={"uuid": world.pupil_a.uuid})
    client = client_for(Role.CAREER_COUNSELLOR)
    response = client.post(url, {"comment": "1", "comment-text": "Fint afklaret."})
    assert response.status_code == 302
    assert "Fint afklaret." in client.get(url).content.decode()
    assert AccessLogEntry.objects.filter(
        user=world.users[Role.CAREER_COUNSELLOR],
        young_person=world.pupil_a,
        purpose="Visning af den unges plan",
    ).exists()
    assert client_for(Role.TEACHER).get(url).status_code == 403
    # a guardian may read but not comment or write wishes
    guardian = client_for(Role.GUARDIAN)
    assert guardian.post(url, {"comment": "1", "comment-text": "Hej"}).status_code == 403
    assert guardian.post(url, {"wish": "1", "wish-kind": "JOB", "wish-text": "x"}).status_code == (
        403
    )


def test_the_guardian_signs_on_the_page(world, client_for):
    destination_statement_set(young_person=world.pupil_a, text="HHX", acting_user=_pupil(world))
    url = reverse("plans:plan", kwargs={"uuid": world.pupil_a.uuid})
    client = client_for(Role.GUARDIAN)
    assert "Underskriv planen" in client.get(url).content.decode()
    assert client.post(url, {"cosign": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Underskrevet af" in page and "Underskriv planen" not in page


def test_the_plan_page_reads_in_a_fixed_number_of_queries(world, client_for):
    client = client_for(Role.CAREER_COUNSELLOR)
    url = reverse("plans:plan", kwargs={"uuid": world.pupil_a.uuid})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _step(world)
    few = queries()
    for n in range(5):
        _step(world, days=n + 1)
        plan_wish_add(
            young_person=world.pupil_a,
            kind=PlanWish.Kind.JOB,
            text=f"Job {n}",
            acting_user=_pupil(world),
        )
        plan_comment_add(
            young_person=world.pupil_a,
            text=f"Kommentar {n}",
            acting_user=world.users[Role.SECRETARIAT],
        )
    assert queries() == few


def test_min_plan_is_a_pdf(world, client_for):
    destination_statement_set(young_person=world.pupil_a, text="HHX", acting_user=_pupil(world))
    _step(world)
    response = client_for(Role.YOUNG_PERSON).get(
        reverse("plans:plan_pdf", kwargs={"uuid": world.pupil_a.uuid})
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="min-plan.pdf"'
    assert response.content.startswith(b"%PDF")
