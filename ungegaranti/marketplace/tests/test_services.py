"""Offers, applications and bookings through the services: statuses, seats, consent, bad input,
notifications and the young person's record."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import Activity, ActivityKind

from ..models import Application, Offer
from ..selectors import (
    followup_list,
    is_working_day,
    working_days_before,
    working_days_between,
)
from ..services import (
    application_accept,
    application_cancel,
    application_complete,
    application_consent,
    application_decline,
    application_no_show,
    application_request,
    application_withdraw,
    booking_request,
    offer_create,
    offer_publish,
    offer_update,
    period_add,
    period_change,
)
from .helpers import application_of_pupil_a, offer_values, published_offer


def person(world, years, serial, **kwargs):
    born = date(timezone.localdate().year - years, 1, 10)
    young, _ = young_person_upsert(
        municipality=world.municipality,
        cpr=synthetic_cpr(born, serial, male=True),
        first_name=f"Ung{serial}",
        last_name="Testesen",
        postal_code="9800",
        **kwargs,
    )
    return young


def open_offer(world, **overrides):
    """An offer without a grade range (for young people of any grade)."""
    overrides.setdefault("min_grade", None)
    overrides.setdefault("max_grade", None)
    return published_offer(world, **overrides)


def sixteen_year_old_application(world, offer, serial=50):
    young = person(world, 16, serial)
    return application_request(
        offer=offer,
        period=offer.periods.first(),
        young_person=young,
        acting_user=world.users[Role.SECRETARIAT],
    )


@pytest.fixture
def partner_user(world):
    return world.users[Role.PARTNER_CONTACT]


# --- offers -------------------------------------------------------------------------------------


def draft_with_a_period(world, partner_user, **overrides):
    offer = offer_create(
        partner=world.partner_a, acting_user=partner_user, **offer_values(**overrides)
    )
    today = timezone.localdate()
    period_add(offer=offer, start_date=today, end_date=today, seats=1, acting_user=partner_user)
    return offer


def test_breaking_offer_is_saved_as_draft_but_cannot_be_published(world, partner_user):
    offer = draft_with_a_period(
        world,
        partner_user,
        type=ActivityKind.LEISURE_JOB,
        hours_per_day=Decimal(3),
        hours_per_week=Decimal(12),
    )
    with pytest.raises(ValidationError) as error:
        offer_publish(offer=offer, acting_user=partner_user)
    assert any(
        "højst 2 timer på en skoledag" in m and "(1 time for meget)" in m
        for m in error.value.messages
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT and offer.published_at is None
    offer_update(offer=offer, acting_user=partner_user, hours_per_day=Decimal(2))
    assert offer_publish(offer=offer, acting_user=partner_user).status == Offer.Status.PUBLISHED


def test_offer_for_13_year_olds_is_published_only_as_light_work(world, partner_user):
    offer = draft_with_a_period(world, partner_user, light_work=False)
    with pytest.raises(ValidationError) as error:
        offer_publish(offer=offer, acting_user=partner_user)
    assert any(m.startswith("13-14 år: kun let arbejde") for m in error.value.messages)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    offer_update(offer=offer, acting_user=partner_user, light_work=True)
    assert offer_publish(offer=offer, acting_user=partner_user).status == Offer.Status.PUBLISHED


def test_published_offer_cannot_be_changed_to_break_a_rule(world, partner_user):
    offer = published_offer(
        world, type=ActivityKind.LEISURE_JOB, hours_per_day=Decimal(2), hours_per_week=Decimal(10)
    )
    with pytest.raises(ValidationError):
        offer_update(offer=offer, acting_user=partner_user, hours_per_week=Decimal(13))
    offer.refresh_from_db()
    assert offer.hours_per_week == Decimal(10)


def test_publish_needs_a_period(world, partner_user):
    offer = offer_create(partner=world.partner_a, acting_user=partner_user, **offer_values())
    with pytest.raises(ValidationError, match="mindst én periode"):
        offer_publish(offer=offer, acting_user=partner_user)


def test_other_partner_cannot_manage_offer(world, partner_user):
    with pytest.raises(ValidationError):
        offer_create(partner=world.partner_b, acting_user=partner_user, **offer_values())
    # the secretariat acts for a partner without login
    offer = offer_create(
        partner=world.partner_b, acting_user=world.users[Role.SECRETARIAT], **offer_values()
    )
    assert offer.partner == world.partner_b and offer.latitude == pytest.approx(57.464)


def test_period_seats_cannot_go_below_those_given(world, partner_user):
    offer = open_offer(world, seats=2)
    application = sixteen_year_old_application(world, offer)
    application_accept(application=application, acting_user=partner_user)
    period = offer.periods.get()
    with pytest.raises(ValidationError, match="allerede givet 1"):
        period_change(
            period=period,
            acting_user=partner_user,
            start_date=period.start_date,
            end_date=period.end_date,
            seats=0,
        )


# --- applications -------------------------------------------------------------------------------


def test_under_15_waits_for_guardian_consent(world, partner_user):
    application = application_of_pupil_a(world)
    assert application.status == Application.Status.AWAITING_CONSENT
    assert not Notification.objects.filter(recipient=partner_user).exists()
    assert Notification.objects.filter(
        recipient=world.users[Role.GUARDIAN], subject__startswith="Samtykke"
    ).exists()
    with pytest.raises(ValidationError):
        application_accept(application=application, acting_user=partner_user)
    with pytest.raises(ValidationError):  # the teacher is not a guardian
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
        world, type=ActivityKind.JUNIOR_APPRENTICESHIP, min_grade=None, max_grade=None, min_age=15
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
    graded = published_offer(world, title="For 9. klasse", min_grade=9, max_grade=9)
    with pytest.raises(ValidationError, match=r"for 9\.-9\. klasse"):
        application_of_pupil_a(world, offer=graded)
    assert Application.objects.count() == 0


def test_staff_apply_only_for_young_people_in_scope(world):
    offer = published_offer(world, min_grade=None, max_grade=None)
    with pytest.raises(ValidationError, match="på vegne af"):
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
    with pytest.raises(ValidationError, match="denne klasse"):
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


def test_working_days_between():
    friday = date(2026, 11, 6)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + timedelta(days=7)) == 5
    assert working_days_between(date(2026, 11, 2), date(2026, 11, 30)) == 20


def test_a_plain_week_has_five_working_days():
    monday = date(2026, 11, 2)
    counts = [working_days_between(monday, monday + timedelta(days=n)) for n in range(8)]
    assert counts == [0, 1, 2, 3, 4, 4, 4, 5]  # to Monday the next week
    assert working_days_before(date(2026, 11, 9), 5) == monday
    assert working_days_before(date(2026, 11, 8), 5) == date(2026, 11, 1)  # a Sunday


def test_unanswered_over_easter_2027_waits_for_five_working_days(world):
    # Skærtorsdag 25 March, langfredag 26 March and 2. påskedag 29 March are closed: a request
    # made on Wednesday 24 March has its five working days (30, 31 March, 1, 2 and 5 April) on
    # Monday 5 April, not on Wednesday 31 March as Monday-Friday alone would say.
    offer = published_offer(world, min_grade=None, max_grade=None)
    application = sixteen_year_old_application(world, offer)
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.make_aware(datetime(2027, 3, 24, 10, 0))
    )

    def unanswered(today):
        return [
            a.pk for a in followup_list(municipality=world.municipality, today=today)["unanswered"]
        ]

    assert unanswered(date(2027, 3, 31)) == []
    assert unanswered(date(2027, 4, 2)) == []
    assert unanswered(date(2027, 4, 5)) == [application.pk]
    assert working_days_between(date(2027, 3, 24), date(2027, 4, 5)) == 5
    assert working_days_before(date(2027, 4, 2), 5) == date(2027, 3, 23)


def test_ascension_and_whitsun_are_not_working_days():
    # 2027: Kristi himmelfartsdag Thursday 6 May (the Friday after is a working day),
    # pinsedag Sunday 16 May, 2. pinsedag Monday 17 May.
    assert not is_working_day(date(2027, 5, 6))
    assert is_working_day(date(2027, 5, 7))
    assert not is_working_day(date(2027, 5, 17))
    assert working_days_between(date(2027, 5, 3), date(2027, 5, 10)) == 4
    assert working_days_between(date(2027, 5, 3), date(2027, 5, 11)) == 5
    assert working_days_between(date(2027, 5, 12), date(2027, 5, 19)) == 4
    assert working_days_before(date(2027, 5, 20), 5) == date(2027, 5, 12)


def test_store_bededag_is_a_holiday_up_to_2023_only():
    # Friday 5 May 2023 was store bededag; Friday 26 April 2024 would have been, after its
    # abolition it is a working day.
    assert not is_working_day(date(2023, 5, 5))
    assert working_days_between(date(2023, 5, 4), date(2023, 5, 8)) == 1
    assert is_working_day(date(2024, 4, 26))
    assert working_days_between(date(2024, 4, 25), date(2024, 4, 29)) == 2


def test_christmas_week_and_new_year():
    # 2026: juleaftensdag Thursday 24, juledag Friday 25, nytårsaftensdag Thursday 31 December,
    # nytårsdag Friday 1 January 2027.
    for closed in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)):
        assert not is_working_day(closed)
    assert working_days_between(date(2026, 12, 21), date(2026, 12, 30)) == 5
    assert working_days_before(date(2026, 12, 30), 5) == date(2026, 12, 21)
    assert working_days_before(date(2026, 12, 29), 5) == date(2026, 12, 20)
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 8)) == 11


def test_grundlovsdag_is_closed_but_first_of_may_is_a_working_day():
    assert not is_working_day(date(2026, 6, 5))  # a Friday
    assert is_working_day(date(2026, 5, 1))  # also a Friday; not a day offices close


def _working_days_one_by_one(start, end):
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n))
    )


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    span=st.integers(min_value=0, max_value=800),
    working_days=st.integers(min_value=0, max_value=40),
)
def test_working_days_agree_with_counting_day_by_day(day, span, working_days):
    start = day - timedelta(days=span)
    assert working_days_between(start, day) == _working_days_one_by_one(start, day)
    cutoff = working_days_before(day, working_days)
    assert working_days_between(cutoff, day) >= working_days
    assert working_days_between(cutoff + timedelta(days=1), day) < working_days or (
        working_days == 0 and cutoff == day
    )
