"""Reminders before deadlines go to those who still have to act, once each."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from ungegaranti.calendar.models import ReminderSent
from ungegaranti.calendar.services import signup_class
from ungegaranti.calendar.services.reminders import reminders_send
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.eligibility import grade_on
from ungegaranti.notifications.models import Notification
from ungegaranti.partners.models import GuaranteePartner

from .helpers import an_event

pytestmark = pytest.mark.django_db


def _subjects(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_an_events_sign_up_closing_reminds_the_teacher_whose_class_is_not_signed_up(
    world, django_capture_on_commit_callbacks
):
    teacher = world.users[Role.TEACHER]
    teacher.email = "laerer@example.org"
    teacher.save()
    event = an_event(world, days_ahead=10, grades=[8], title="Ungemesse")
    today = event.signup_closes_date - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=today, municipality=world.municipality)
    assert _subjects(teacher) == [f"Tilmelding til Ungemesse lukker {_d(event)}"]
    assert len([m for m in mail.outbox if m.to == ["laerer@example.org"]]) == 1
    # Running again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(today=today, municipality=world.municipality)
    assert first >= 1 and second == 0
    assert len(_subjects(teacher)) == 1
    assert len([m for m in mail.outbox if m.to == ["laerer@example.org"]]) == 1
    assert ReminderSent.objects.filter(recipient=teacher).count() == 1


def _d(event):
    from ungegaranti.core.dates import format_date

    return format_date(event.signup_closes_date)


def test_a_teacher_who_has_signed_up_the_class_is_not_reminded(world):
    teacher = world.users[Role.TEACHER]
    event = an_event(world, days_ahead=10, grades=[8])
    signup_class(event=event, school_class=world.class_a, acting_user=teacher)
    reminders_send(today=event.signup_closes_date, municipality=world.municipality)
    assert _subjects(teacher) == []


def test_no_reminder_before_the_window_or_after_the_deadline(world):
    event = an_event(world, days_ahead=30, grades=[8])
    teacher = world.users[Role.TEACHER]
    reminders_send(today=event.signup_closes_date - timedelta(days=8))
    reminders_send(today=event.signup_closes_date + timedelta(days=1))
    assert _subjects(teacher) == []


def test_the_wish_deadline_reminds_pupils_who_have_not_wished_and_their_teacher(world):
    from ungegaranti.placement.models import Round
    from ungegaranti.placement.services import round_create

    secretariat = world.users[Role.SECRETARIAT]
    today = timezone.localdate()
    # The grade the world's 8th-graders have on the round's first day (9 after a 1 August).
    grade = grade_on(8, today=today, day=today + timedelta(days=30))
    round = round_create(
        acting_user=secretariat,
        name=f"Erhvervspraktik {grade}. klasse",
        grades=[grade],
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=34),
        wish_deadline_date=today + timedelta(days=5),
    )
    # Opening needs offers taking part; only the round's status matters here.
    Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN)
    reminders_send(today=today, municipality=world.municipality)
    assert any("Husk dine praktikønsker" in s for s in _subjects(world.users[Role.YOUNG_PERSON]))
    assert any("Praktikønsker" in s for s in _subjects(world.users[Role.TEACHER]))
    assert _subjects(world.users[Role.SECRETARIAT]) == []


def test_a_partner_agreement_ending_reminds_its_contacts_once_per_end_date(world):
    partner_user = world.users[Role.PARTNER_CONTACT]
    end = world.partner_a.agreement_end_date
    call_command("calendar_reminders", date=end - timedelta(days=30))
    call_command("calendar_reminders", date=end - timedelta(days=29))
    assert len([s for s in _subjects(partner_user) if "aftale" in s]) == 1
    # A renewed agreement with a new end date is a new deadline: reminded again, in time.
    GuaranteePartner.objects.filter(pk=world.partner_a.pk).update(
        agreement_end_date=end + timedelta(days=730)
    )
    call_command("calendar_reminders", date=end + timedelta(days=700))
    assert len([s for s in _subjects(partner_user) if "aftale" in s]) == 2


def test_only_the_system_or_the_secretariat_sends_reminders(world):
    with pytest.raises(PermissionDenied):
        reminders_send(acting_user=world.users[Role.TEACHER])
    assert reminders_send(acting_user=world.users[Role.SECRETARIAT]) >= 0


def test_the_worker_sends_the_reminders_each_morning_once(
    world, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    from ungegaranti.calendar.tasks import reminders
    from ungegaranti.core.schedule import SCHEDULE, Daily

    assert isinstance(SCHEDULE["calendar.reminders"].cadence, Daily)
    teacher = world.users[Role.TEACHER]
    teacher.email = "laerer@example.org"
    teacher.save()
    an_event(world, days_ahead=3, grades=[8], title="Ungemesse")
    job = SimpleNamespace(municipality=world.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders(job, lambda done, total: None)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders(job, lambda done, total: None)
    assert first["sent"] >= 1 and second == {"sent": 0}
    assert any("Ungemesse" in subject for subject in _subjects(teacher))
