"""Applications and bookings through the services: statuses, seats, consent, bad input,
notifications, the young person's record and the secretariat's follow-up."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification
from ungegaranti.plans.models import Activity, ActivityKind

from ..eligibility import grade_on
from ..models import Application
from ..selectors import (
    followup_list,
)
from ..services.applications import (
    application_accept,
    application_cancel,
    application_complete,
    application_consent,
    application_decline,
    application_no_show,
    application_request,
    application_withdraw,
    booking_request,
)
from .helpers import (
    application_of_pupil_a,
    open_offer,
    person,
    published_offer,
    sixteen_year_old_application,
)


def test_under_15_waits_for_guardian_consent(world, partner_user):
    application = application_of_pupil_a(world)
    assert application.status == Application.Status.AWAITING_CONSENT
    assert not Notification.objects.filter(recipient=partner_user).exists()
    assert Notification.objects.filter(
        recipient=world.users[Role.GUARDIAN], subject__startswith="Samtykke"
    ).exists()
    with pytest.raises(ValidationError):
        application_accept(application=application, acting_user=partner_user)
    with pytest.raises(PermissionDenied):  # the teacher is not a guardian
        application_consent(
            application=application, acting_user=world.users[Role.TEACHER], given=True
        )
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    application.refresh_from_db()
    assert application.status == Application.Status.REQUESTED
    assert application.consent_by == world.users[Role.GUARDIAN]
    assert Notification.objects.filter(
        recipient=partner_user, subject__startswith="Ny anmodning"
    ).exists()


def test_juniormesterlaere_needs_consent_even_at_16(world):
    offer = published_offer(
        world,
        type=ActivityKind.JUNIOR_APPRENTICESHIP,
        min_grade=None,
        max_grade=None,
        min_age=15,
        hours_per_week=Decimal(14),
    )
    application = sixteen_year_old_application(world, offer)
    assert application.status == Application.Status.AWAITING_CONSENT


def test_full_journey_accept_complete_records_activity(
    world, partner_user, django_capture_on_commit_callbacks
):
    type(partner_user).objects.filter(pk=partner_user.pk).update(email="per@example.org")
    offer = published_offer(world, seats=1)
    application = application_of_pupil_a(world, offer=offer, share_support_needs=False)
    application_consent(application=application, acting_user=world.users[Role.GUARDIAN], given=True)
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(
            application=application, acting_user=partner_user, answer_message="Velkommen!"
        )
    period = offer.periods.get()
    assert period.seats_taken == 1
    activity = Activity.objects.get(source_key=f"application:{application.uuid}")
    assert (activity.young_person, activity.kind, activity.status) == (
        world.pupil_a,
        offer.type,
        Activity.Status.PLANNED,
    )
    assert (activity.start_date, activity.end_date, activity.partner) == (
        period.start_date,
        period.end_date,
        world.partner_a,
    )
    recipients = set(
        Notification.objects.filter(subject__startswith="Accepteret").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"ung", "foraelder", "partner"}
    assert [m.to for m in mail.outbox if "Accepteret" in m.subject] == [["per@example.org"]]
    (accepted_mail,) = [m for m in mail.outbox if "Accepteret" in m.subject]
    assert f"http://127.0.0.1:8000/ansoegninger/{application.uuid}/" in accepted_mail.body
    # The young person is told in the second person; the others read the first name.
    bodies = dict(
        Notification.objects.filter(subject__startswith="Accepteret").values_list(
            "recipient__username", "body"
        )
    )
    assert bodies["ung"] == f"Du har fået plads i »{offer.title}« hos {world.partner_a.name}."
    assert bodies["partner"] == f"Asta har fået plads i »{offer.title}«."
    sent = dict(
        Notification.objects.filter(subject__startswith="Ny anmodning").values_list(
            "recipient__username", "body"
        )
    )
    assert sent["ung"] == f"Din anmodning om »{offer.title}« er sendt til {world.partner_a.name}."
    assert sent["partner"] == f"Asta har sendt en anmodning om »{offer.title}«."
    # the period starts in 14 days: no outcome yet
    with pytest.raises(ValidationError, match="ikke begyndt"):
        application_complete(application=application, acting_user=partner_user)
    period.start_date = timezone.localdate()
    period.save()
    application_complete(application=application, acting_user=partner_user)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED


def test_no_show_is_recorded(world, partner_user):
    offer = open_offer(world)
    application = sixteen_year_old_application(world, offer)
    application_accept(application=application, acting_user=partner_user)
    offer.periods.update(start_date=timezone.localdate())
    application_no_show(application=application, acting_user=partner_user)
    assert (
        Activity.objects.get(young_person=application.young_person).status
        == Activity.Status.DID_NOT_ATTEND
    )


@pytest.mark.parametrize("how", ["withdraw", "cancel"])
def test_withdraw_or_cancel_after_acceptance_gives_the_seat_back(world, partner_user, how):
    offer = open_offer(world, seats=1)
    application = sixteen_year_old_application(world, offer)
    application_accept(application=application, acting_user=partner_user)
    assert offer.periods.get().seats_taken == 1
    if how == "withdraw":
        application_withdraw(application=application, acting_user=world.users[Role.SECRETARIAT])
        expected = Application.Status.WITHDRAWN
    else:
        application_cancel(application=application, acting_user=partner_user)
        expected = Application.Status.CANCELLED
    application.refresh_from_db()
    assert application.status == expected
    assert offer.periods.get().seats_taken == 0
    assert (
        Activity.objects.get(young_person=application.young_person).status
        == Activity.Status.CANCELLED
    )
    # the young person may apply again, and the seat can be given again
    again = application_request(
        offer=offer,
        period=offer.periods.get(),
        young_person=application.young_person,
        acting_user=world.users[Role.SECRETARIAT],
    )
    application_accept(application=again, acting_user=partner_user)
    assert offer.periods.get().seats_taken == 1


def test_sequential_sixth_accept_is_refused_in_danish(world, partner_user):
    offer = published_offer(world, seats=5, min_grade=None, max_grade=None)
    applications = [sixteen_year_old_application(world, offer, serial=60 + i) for i in range(6)]
    for application in applications[:5]:
        application_accept(application=application, acting_user=partner_user)
    with pytest.raises(ValidationError, match="ikke flere ledige pladser"):
        application_accept(application=applications[5], acting_user=partner_user)
    assert offer.periods.get().seats_taken == 5
    applications[5].refresh_from_db()
    assert applications[5].status == Application.Status.REQUESTED
    # and a new request for the full period is refused at once (booking beyond the seats)
    with pytest.raises(ValidationError, match="ikke flere ledige pladser"):
        sixteen_year_old_application(world, offer, serial=70)


def test_double_application_refused_nothing_saved(world):
    offer = open_offer(world)
    sixteen_year_old_application(world, offer)
    with pytest.raises(ValidationError, match="allerede en aktiv ansøgning"):
        sixteen_year_old_application(world, offer)
    assert Application.objects.count() == 1


def test_double_application_refused_by_the_database_too(world):
    offer = open_offer(world)
    first = sixteen_year_old_application(world, offer)
    duplicate = Application(
        municipality=world.municipality,
        offer=offer,
        period=first.period,
        young_person=first.young_person,
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_outside_age_or_grade_refused(world):
    offer = published_offer(world, min_age=15, max_age=17, min_grade=None, max_grade=None)
    with pytest.raises(ValidationError, match="for unge på 15-17 år; du er 14 år"):
        application_of_pupil_a(world, offer=offer)
    # one grade above pupil A's on the period's first day (on 31 July she starts 9. klasse then)
    start = published_offer(world, title="Kalender").periods.get().start_date
    above = (grade_on(8, today=timezone.localdate(), day=start) or 0) + 1
    graded = published_offer(world, title="Klassetrin", min_grade=above, max_grade=above)
    with pytest.raises(ValidationError, match=rf"for {above}\.-{above}\. klasse"):
        application_of_pupil_a(world, offer=graded)
    assert Application.objects.count() == 0


def test_staff_apply_only_for_young_people_in_scope(world):
    offer = published_offer(world, min_grade=None, max_grade=None)
    with pytest.raises(PermissionDenied, match="på vegne af"):
        application_request(
            offer=offer,
            period=offer.periods.first(),
            young_person=world.pupil_b,
            acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR],
        )
    application = application_request(
        offer=offer,
        period=offer.periods.first(),
        young_person=world.pupil_a,
        acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR],
    )
    assert application.requested_by == world.users[Role.WORK_EXPERIENCE_COORDINATOR]


def test_class_booking_gives_every_pupil_the_activity(world, partner_user):
    offer = published_offer(
        world,
        seats=1,
        type=ActivityKind.COMPANY_VISIT,
        title="Besøg på fabrikken",
        hours_per_day=None,
        hours_per_week=None,
    )
    classmate = person(world, 14, 30, school=world.school_a, school_class=world.class_a)
    with pytest.raises(PermissionDenied, match="denne klasse"):
        booking_request(
            offer=offer,
            period=offer.periods.first(),
            school_class=world.class_b,
            acting_user=world.users[Role.TEACHER],
        )
    booking = booking_request(
        offer=offer,
        period=offer.periods.first(),
        school_class=world.class_a,
        acting_user=world.users[Role.TEACHER],
    )
    assert booking.status == Application.Status.REQUESTED
    application_accept(application=booking, acting_user=partner_user)
    for pupil in (world.pupil_a, classmate):
        assert Activity.objects.get(young_person=pupil).title == "Besøg på fabrikken"
    assert Notification.objects.filter(
        recipient=world.users[Role.TEACHER], subject__startswith="Accepteret"
    ).exists()


def test_decline_needs_reason_and_without_referral_is_followed_up(world, partner_user):
    offer = published_offer(world, min_grade=None, max_grade=None)
    first = sixteen_year_old_application(world, offer, serial=80)
    second = sixteen_year_old_application(world, offer, serial=81)
    with pytest.raises(ValidationError):
        application_decline(application=first, acting_user=partner_user, reason="")
    with pytest.raises(ValidationError, match="Skriv begrundelsen"):
        application_decline(application=first, acting_user=partner_user, reason="OTHER")
    application_decline(application=first, acting_user=partner_user, reason="NO_SEATS")
    application_decline(
        application=second,
        acting_user=partner_user,
        reason="PERIOD",
        referred_partner=world.partner_b,
    )
    followup = followup_list(municipality=world.municipality)
    assert list(followup["declined_without_referral"]) == [Application.objects.get(pk=first.pk)]
    assert Notification.objects.filter(
        subject__startswith="Afvist", body__contains="Hirtshals Havnecafé"
    ).exists()


def test_unanswered_after_five_working_days_is_followed_up(world):
    offer = published_offer(world, min_grade=None, max_grade=None)
    application = sixteen_year_old_application(world, offer)
    monday = date(2026, 11, 2)
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.make_aware(datetime(2026, 11, 2, 10, 0))
    )
    assert (
        list(
            followup_list(municipality=world.municipality, today=monday + timedelta(days=6))[
                "unanswered"
            ]
        )
        == []
    )
    assert [
        a.pk
        for a in followup_list(municipality=world.municipality, today=monday + timedelta(days=7))[
            "unanswered"
        ]
    ] == [application.pk]
