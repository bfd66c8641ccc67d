"""Events: sign-up of classes and young people, the waiting list, partners, the record."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from ungegaranti.calendar.models import CalendarItem, Event, Signup
from ungegaranti.calendar.services import (
    event_partner_add,
    signup_cancel,
    signup_class,
    signup_young_person,
)
from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification
from ungegaranti.plans.models import Activity

from .helpers import an_event, young_people

pytestmark = pytest.mark.django_db


def _secretariat(world):
    return world.users[Role.SECRETARIAT]


def test_an_event_stands_in_the_wheel_of_its_school_year(world):
    event = an_event(world, grades=[8, 9])
    item = CalendarItem.objects.get(event=event)
    assert item.kind == CalendarItem.Kind.EVENT and item.grades == [8, 9]
    assert item.first_date == event.start_at.date()
    assert AuditEvent.objects.filter(action="calendar.event.create").count() == 1


def test_an_event_ending_before_it_begins_is_refused_and_nothing_saved(world):
    from datetime import timedelta

    from django.utils import timezone

    from ungegaranti.calendar.services import event_create

    from .helpers import tracks_of

    start = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        event_create(
            acting_user=_secretariat(world),
            kind="EDISON",
            title="Edison",
            location="Skole A",
            start_at=start,
            end_at=start - timedelta(hours=1),
            signup_closes_date=start.date(),
            places=10,
            track=tracks_of(world.municipality)["PRIMARY_SCHOOL"],
            owner="Ungesekretariatet",
        )
    assert "Arrangementet kan ikke slutte, før det begynder." in error.value.messages
    assert not Event.objects.exists() and not CalendarItem.objects.exists()


def test_a_teacher_signs_up_a_class_and_each_pupil_gets_the_activity(world):
    event = an_event(world, grades=[8])
    pupils = [world.pupil_a, *young_people(world, 2, school_class=world.class_a)]
    signup = signup_class(
        event=event, school_class=world.class_a, acting_user=world.users[Role.TEACHER]
    )
    assert signup.status == Signup.Status.CONFIRMED and signup.seats == 3
    for pupil in pupils:
        activity = Activity.objects.get(young_person=pupil)
        assert (activity.kind, activity.title, activity.status) == (
            "EVENT",
            "Ungemesse 2027",
            Activity.Status.PLANNED,
        )
    signup_cancel(signup=signup, acting_user=world.users[Role.TEACHER])
    assert set(Activity.objects.values_list("status", flat=True)) == {Activity.Status.CANCELLED}


def test_a_teacher_cannot_sign_up_another_teachers_class_nor_a_grade_the_event_is_not_for(world):
    teacher = world.users[Role.TEACHER]
    with pytest.raises(PermissionDenied):
        signup_class(event=an_event(world), school_class=world.class_b, acting_user=teacher)
    with pytest.raises(PermissionDenied):
        signup_class(
            event=an_event(world, grades=[6, 7], title="Edison"),
            school_class=world.class_a,
            acting_user=teacher,
        )
    assert not Signup.objects.exists()


def test_no_sign_up_after_sign_up_has_closed(world):
    event = an_event(world, days_ahead=0)
    Event.objects.filter(pk=event.pk).update(signup_closes_date=event.signup_closes_date)
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        signup_young_person(
            event=event, young_person=world.pupil_a, acting_user=world.users[Role.YOUNG_PERSON]
        )


def test_the_waiting_list_moves_up_in_order_when_a_place_is_cancelled(world):
    event = an_event(world, places=2)
    people = young_people(world, 4)
    signups = [
        signup_young_person(event=event, young_person=p, acting_user=_secretariat(world))
        for p in people
    ]
    assert [s.status for s in signups] == ["CONFIRMED", "CONFIRMED", "WAITING", "WAITING"]
    moved = signup_cancel(signup=signups[0], acting_user=_secretariat(world))
    assert moved == [signups[2]]
    statuses = dict(Signup.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in signups] == ["CANCELLED", "CONFIRMED", "CONFIRMED", "WAITING"]
    # The one who moved up has the activity and is told.
    assert Activity.objects.get(young_person=people[2]).status == Activity.Status.PLANNED
    assert Notification.objects.filter(
        recipient=_secretariat(world), subject__startswith="Der er plads"
    ).exists()
    signup_cancel(signup=signups[1], acting_user=_secretariat(world))
    assert Signup.objects.get(pk=signups[3].pk).status == Signup.Status.CONFIRMED
    assert AuditEvent.objects.filter(action="calendar.signup.promote").count() == 2


def test_a_small_sign_up_does_not_jump_a_larger_one_ahead_of_it_in_the_queue(world):
    event = an_event(world, places=3)
    class_pupils = young_people(world, 2, school_class=world.class_a)  # class A: 3 pupils
    first = signup_young_person(
        event=event, young_person=world.adult, acting_user=_secretariat(world)
    )
    assert first.status == "CONFIRMED"
    whole_class = signup_class(
        event=event, school_class=world.class_a, acting_user=_secretariat(world)
    )
    late = signup_young_person(
        event=event, young_person=world.pupil_b, acting_user=_secretariat(world)
    )
    assert (whole_class.status, late.status) == ("WAITING", "WAITING")
    assert class_pupils  # the class needs all three places
    signup_cancel(signup=first, acting_user=_secretariat(world))
    whole_class.refresh_from_db()
    late.refresh_from_db()
    assert (whole_class.status, late.status) == ("CONFIRMED", "WAITING")


def test_beyond_the_places_without_a_waiting_list_is_refused_clearly(world):
    event = an_event(world, places=1, waiting_list=False)
    signup_young_person(event=event, young_person=world.pupil_b, acting_user=_secretariat(world))
    with pytest.raises(ValidationError) as error:
        signup_young_person(event=event, young_person=world.adult, acting_user=_secretariat(world))
    assert error.value.messages == [
        "Der er ikke plads til Carl: 0 ledige pladser, der skal bruges 1, og arrangementet "
        "har ingen venteliste."
    ]
    assert Signup.objects.count() == 1


def test_a_class_larger_than_the_event_is_refused(world):
    event = an_event(world, places=2)
    young_people(world, 2, school_class=world.class_a)
    with pytest.raises(ValidationError) as error:
        signup_class(event=event, school_class=world.class_a, acting_user=_secretariat(world))
    assert "Klassen 8.a fylder 3 pladser, men arrangementet har kun 2." in error.value.messages


def test_signing_up_twice_is_refused(world):
    event = an_event(world)
    pupil = world.users[Role.YOUNG_PERSON]
    signup_young_person(event=event, young_person=world.pupil_a, acting_user=pupil)
    with pytest.raises(ValidationError):
        signup_young_person(event=event, young_person=world.pupil_a, acting_user=pupil)


def test_partners_take_part_with_what_they_bring(world):
    event = an_event(world)
    partner_user = world.users[Role.PARTNER_CONTACT]
    event_partner_add(
        event=event,
        partner=world.partner_a,
        contribution="Stand med svejsesimulator",
        acting_user=partner_user,
    )
    with pytest.raises(PermissionDenied):
        event_partner_add(
            event=event, partner=world.partner_b, contribution="Kaffe", acting_user=partner_user
        )
    with pytest.raises(ValidationError):
        event_partner_add(
            event=event, partner=world.partner_b, contribution=" ", acting_user=_secretariat(world)
        )
    assert [p.contribution for p in event.partners.all()] == ["Stand med svejsesimulator"]


def test_the_event_page_signs_up_a_class_and_logs_the_secretariats_look_at_names(world, client_for):
    event = an_event(world, grades=[8])
    teacher = client_for(Role.TEACHER)
    page = teacher.get(event.get_absolute_url()).content.decode()
    assert "Tilmeld klassen" in page and "8.a, Skole A" in page
    response = teacher.post(
        reverse("calendar:event_signup_class", kwargs={"uuid": event.uuid}),
        {"klasse": str(world.class_a.uuid)},
        follow=True,
    )
    assert "Klassen 8.a er tilmeldt." in response.content.decode()
    signup_young_person(event=event, young_person=world.adult, acting_user=_secretariat(world))
    staff = client_for(Role.SECRETARIAT).get(event.get_absolute_url()).content.decode()
    assert "Carl Christensen" in staff and "8.a, Skole A" in staff
    assert (
        AccessLogEntry.objects.filter(
            young_person=world.adult, purpose="Arrangement: tilmeldte"
        ).count()
        == 1
    )
    # The teacher's page names classes only, never another young person.
    assert "Carl" not in teacher.get(event.get_absolute_url()).content.decode()


def _sign_up(event, person, user, barrier, lock, outcomes):
    try:
        barrier.wait()
        signup_young_person(event=event, young_person=person, acting_user=user)
        result = "confirmed"
    except ValidationError as error:
        result = "full" if "Der er ikke plads" in error.messages[0] else repr(error)
    except Exception as error:  # noqa: BLE001  (reported in the test's assertion)
        result = repr(error)
    finally:
        connections.close_all()
    with lock:
        outcomes.append(result)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("waiting_list", [False, True])
def test_concurrent_sign_ups_never_double_book_the_last_places(world, waiting_list):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite has no concurrent row locks")
    places, people_count = 3, 16
    people = young_people(world, people_count)
    for attempt in range(5):
        event = an_event(world, places=places, waiting_list=waiting_list, title=f"Messe {attempt}")
        barrier = threading.Barrier(people_count)
        outcomes: list[str] = []
        lock = threading.Lock()
        threads = [
            threading.Thread(
                target=_sign_up, args=(event, p, _secretariat(world), barrier, lock, outcomes)
            )
            for p in people
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        confirmed = Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED)
        assert confirmed.count() == places, outcomes
        waiting = Signup.objects.filter(event=event, status=Signup.Status.WAITING).count()
        if waiting_list:
            assert outcomes.count("confirmed") == people_count and waiting == people_count - places
        else:
            assert sorted(set(outcomes)) == ["confirmed", "full"], outcomes
            assert outcomes.count("confirmed") == places and waiting == 0
