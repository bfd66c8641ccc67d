"""The right of access: the download holds everything about the person, nothing about anyone
else, never the CPR number; the PDF carries the same with the access log."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record, user_create
from ungegaranti.destinations.models import Status
from ungegaranti.destinations.services import status_record
from ungegaranti.plans.models import Activity, ActivityKind, PlanWish
from ungegaranti.plans.services import (
    activity_comment_add,
    activity_record,
    activity_reflect,
    destination_statement_set,
    plan_comment_add,
    plan_cosign,
    plan_step_add,
    plan_wish_add,
)


def _activity(world, person, title, key):
    return activity_record(
        young_person=person,
        acting_user=None,
        kind=ActivityKind.COMPANY_VISIT,
        title=title,
        source_key=key,
        partner=world.partner_a,
        status=Activity.Status.COMPLETED,
    )


def test_the_download_holds_everything_about_the_person_and_nothing_else(world, client_for):
    own = _activity(world, world.pupil_a, "Besøg hos smeden", "t:own")
    activity_reflect(
        activity=own,
        reflection_before="",
        reflection_during="",
        reflection_after="Jeg vil være smed.",
        acting_user=world.users[Role.YOUNG_PERSON],
    )
    activity_comment_add(activity=own, text="Flot!", acting_user=world.users[Role.TEACHER])
    _activity(world, world.pupil_b, "Bos hemmelige besøg", "t:other")
    destination_statement_set(
        young_person=world.pupil_a,
        text="Smed på EUC Nord",
        acting_user=world.users[Role.YOUNG_PERSON],
    )
    plan_step_add(
        young_person=world.pupil_a,
        text="Brobygning i uge 12",
        responsible=world.users[Role.CAREER_COUNSELLOR],
        due_date=timezone.localdate() + timedelta(days=30),
        acting_user=world.users[Role.YOUNG_PERSON],
    )
    plan_comment_add(
        young_person=world.pupil_a,
        text="God plan.",
        acting_user=world.users[Role.CAREER_COUNSELLOR],
    )
    plan_cosign(young_person=world.pupil_a, acting_user=world.users[Role.GUARDIAN])
    pupil_b_user = user_create(
        acting_user=None,
        username="ung-bo",
        password=None,
        role=Role.YOUNG_PERSON,
        municipality=world.municipality,
        young_person=world.pupil_b,
    )
    plan_wish_add(
        young_person=world.pupil_b,
        kind=PlanWish.Kind.JOB,
        text="Bos hemmelige drømmejob",
        acting_user=pupil_b_user,
    )
    status_record(
        young_person=world.adult,
        status=Status.UNEMPLOYED,
        status_date=timezone.localdate() - timedelta(days=3),
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )
    access_log_record(
        user=world.users[Role.TEACHER],
        action=AccessLogEntry.Action.VIEW,
        purpose="Visning af den unges forløb",
        young_person=world.pupil_a,
    )
    url = reverse("portal:my_data_json", kwargs={"uuid": world.pupil_a.uuid})
    for role in (Role.YOUNG_PERSON, Role.GUARDIAN):
        response = client_for(role).get(url)
        assert response["Content-Disposition"].startswith("attachment")
        text = response.content.decode()
        data = json.loads(text)
        assert data["person"]["fornavn"] == world.pupil_a.first_name
        assert [a["titel"] for a in data["aktiviteter"]] == ["Besøg hos smeden"]
        assert data["aktiviteter"][0]["efter"] == "Jeg vil være smed."
        assert data["aktiviteter"][0]["kommentarer"][0]["tekst"] == "Flot!"
        assert any(e["formaal"] == "Visning af den unges forløb" for e in data["opslag_paa_data"])
        assert data["statusser"] == []
        plan = data["plan"]
        assert [d["tekst"] for d in plan["destinationserklaeringer"]] == ["Smed på EUC Nord"]
        assert plan["naeste_skridt"][0]["skridt"] == "Brobygning i uge 12"
        assert plan["naeste_skridt"][0]["ansvarlig_rolle"] == "Karrierelæringsvejleder"
        assert [c["tekst"] for c in plan["kommentarer"]] == ["God plan."]
        assert [s["version"] for s in plan["medunderskrifter"]] == [2]
        assert plan["oensker"] == []
        for other in (world.pupil_b, world.adult, world.foreign_pupil):
            assert other.first_name not in text and str(other.uuid) not in text
        assert "Bos hemmelige besøg" not in text and "drømmejob" not in text
        assert world.pupil_a.cpr.digits[:6] not in text


def test_another_familys_child_or_an_adult_child_is_not_downloadable(world, client_for):
    guardian = client_for(Role.GUARDIAN)
    for person in (world.pupil_b, world.adult):
        url = reverse("portal:my_data_json", kwargs={"uuid": person.uuid})
        assert guardian.get(url).status_code == 404


def test_the_pdf_is_a_pdf_with_the_record(world, client_for):
    _activity(world, world.pupil_a, "Besøg hos smeden", "t:own")
    destination_statement_set(
        young_person=world.pupil_a, text="Smed", acting_user=world.users[Role.YOUNG_PERSON]
    )
    url = reverse("portal:my_data_pdf", kwargs={"uuid": world.pupil_a.uuid})
    response = client_for(Role.YOUNG_PERSON).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
