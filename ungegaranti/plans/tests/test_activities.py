from datetime import date

from ungegaranti.core.roles import Role
from ungegaranti.plans.models import Activity, ActivityKind
from ungegaranti.plans.services import activity_record


def test_recording_the_same_source_twice_updates_one_activity(world):
    first = activity_record(
        young_person=world.pupil_a,
        kind=ActivityKind.WORK_EXPERIENCE,
        title="Praktik",
        source_key="test:1",
        acting_user=None,
        partner=world.partner_a,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 5),
    )
    second = activity_record(
        young_person=world.pupil_a,
        kind=ActivityKind.WORK_EXPERIENCE,
        title="Praktik",
        source_key="test:1",
        acting_user=None,
        status=Activity.Status.COMPLETED,
        partner=world.partner_a,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 5),
    )
    assert first.pk == second.pk
    assert Activity.objects.get().status == Activity.Status.COMPLETED


def test_the_young_person_and_their_teacher_see_the_activity(world, client_for):
    activity_record(
        young_person=world.pupil_a,
        kind=ActivityKind.COMPANY_VISIT,
        title="Besøg på fabrikken",
        source_key="test:2",
        acting_user=None,
        partner=world.partner_a,
        start_date=date(2027, 1, 12),
    )
    own_home = client_for(Role.YOUNG_PERSON).get("/").content.decode()
    assert "Besøg på fabrikken" in own_home
    detail = client_for(Role.TEACHER).get(f"/unge/{world.pupil_a.uuid}/forloeb/").content.decode()
    assert "Besøg på fabrikken" in detail and world.partner_a.name in detail
