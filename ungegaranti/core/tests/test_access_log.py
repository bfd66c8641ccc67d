import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record

STAFF_WHO_SEE_PUPIL_A = [
    Role.TEACHER,
    Role.CAREER_COUNSELLOR,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.SECRETARIAT,
]


@pytest.mark.parametrize("role", STAFF_WHO_SEE_PUPIL_A)
def test_every_staff_view_of_a_young_person_writes_exactly_one_entry(world, client_for, role):
    before = AccessLogEntry.objects.count()
    response = client_for(role).get(f"/unge/{world.pupil_a.uuid}/")
    assert response.status_code == 200
    entries = AccessLogEntry.objects.order_by("id")[before:]
    assert [(e.action, e.young_person_id, e.role, e.username) for e in entries] == [
        (AccessLogEntry.Action.VIEW, world.pupil_a.pk, role.value, world.users[role].username)
    ]
    assert entries[0].purpose


def test_the_guidance_counsellor_sees_over_15s_and_is_logged(world, client_for):
    client = client_for(Role.GUIDANCE_COUNSELLOR)
    assert client.get(f"/unge/{world.adult.uuid}/").status_code == 200
    assert (
        AccessLogEntry.objects.filter(
            young_person=world.adult, action=AccessLogEntry.Action.VIEW
        ).count()
        == 1
    )


def test_out_of_scope_is_404_and_the_attempt_is_logged(world, client_for):
    response = client_for(Role.TEACHER).get(f"/unge/{world.pupil_b.uuid}/")
    assert response.status_code == 404
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.DENIED
    assert entry.young_person == world.pupil_b


def test_another_municipality_is_out_of_scope_even_for_the_secretariat(world, client_for):
    response = client_for(Role.SECRETARIAT).get(f"/unge/{world.foreign_pupil.uuid}/")
    assert response.status_code == 404


def test_the_young_person_looking_at_own_data_is_not_a_staff_lookup(world, client_for):
    assert client_for(Role.YOUNG_PERSON).get(f"/unge/{world.pupil_a.uuid}/").status_code == 200
    assert AccessLogEntry.objects.count() == 0


def test_a_search_is_one_entry_and_a_cpr_search_term_is_masked(world, client_for):
    client = client_for(Role.SECRETARIAT)
    response = client.get("/unge/", {"q": world.pupil_a.cpr.reveal()})
    assert world.pupil_a.full_name in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.SEARCH
    assert entry.search_term == "[CPR]"
    assert world.pupil_a.cpr.digits[:6] not in entry.search_term


def test_young_person_and_guardian_see_dates_and_purposes_of_lookups(world, client_for):
    client_for(Role.TEACHER).get(f"/unge/{world.pupil_a.uuid}/")
    for role in (Role.YOUNG_PERSON, Role.GUARDIAN):
        page = client_for(role).get("/mine-data/opslag/").content.decode()
        assert "Visning af den unges profil" in page
        # dates, purposes and the kind of staff member, never who by name
        assert world.users[Role.TEACHER].username not in page
        assert f"<td>{world.users[Role.TEACHER].get_role_display()}</td>" in page


def test_the_secretariat_searches_the_log(world, client_for):
    client_for(Role.TEACHER).get(f"/unge/{world.pupil_a.uuid}/")
    client_for(Role.CAREER_COUNSELLOR).get(f"/unge/{world.pupil_a.uuid}/")
    page = (
        client_for(Role.SECRETARIAT)
        .get("/sekretariat/adgangslog/", {"username": "laerer"})
        .content.decode()
    )
    assert "laerer" in page and "karrierevejleder" not in page
    assert "1 post" in page


def _entry(world):
    return access_log_record(
        user=world.users[Role.SECRETARIAT],
        action=AccessLogEntry.Action.VIEW,
        purpose="test",
        young_person=world.pupil_a,
    )


def test_the_orm_refuses_to_change_or_delete_an_entry(world):
    entry = _entry(world)
    entry.purpose = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    with pytest.raises(PermissionDenied):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().purpose == "test"


def test_the_database_refuses_raw_updates_and_deletes_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the append-only trigger exists on PostgreSQL (production); SQLite has ORM guards"
        )
    entry = _entry(world)
    for sql in (
        "UPDATE core_accesslogentry SET purpose = 'x' WHERE id = %s",
        "DELETE FROM core_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.get().purpose == "test"
