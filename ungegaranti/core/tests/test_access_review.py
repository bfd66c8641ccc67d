"""The monthly review of the access log: what it flags, that it is built once, and that the
secretariat marks each flag as reviewed with a note (audited)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.access_review import (
    BUILD,
    FLAG_MARK,
    access_review_build,
    access_review_flag_mark,
    previous_month,
)
from ungegaranti.core.models import (
    AccessLogEntry,
    AccessReview,
    AccessReviewFlag,
    AuditEvent,
    Municipality,
)
from ungegaranti.core.roles import Role
from ungegaranti.core.schedule import schedule_run_due
from ungegaranti.core.services import user_create

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")

# The month reviewed is last month, whatever today is; its first Monday and that week's Saturday.
MONTH = previous_month(timezone.localdate())
MONDAY = next(
    MONTH + timedelta(days=n) for n in range(1, 8) if (MONTH + timedelta(days=n)).weekday() == 0
)
SATURDAY = MONDAY + timedelta(days=5)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=CPH)


def log(user, when, action=AccessLogEntry.Action.VIEW, n=1):
    for _ in range(n):
        AccessLogEntry.objects.create(
            municipality=user.municipality,
            user=user,
            username=user.username,
            role=user.role,
            action=action,
            purpose="Test",
            created_at=when,
        )


def flags(review, kind):
    return {f.username: f for f in review.flags.filter(kind=kind)}


def test_refused_attempts_are_flagged_per_user_with_their_count_and_period(world):
    teacher = world.users[Role.TEACHER]
    log(teacher, at(MONDAY, 9), AccessLogEntry.Action.DENIED)
    log(teacher, at(MONDAY, 11), AccessLogEntry.Action.DENIED)
    log(teacher, at(MONDAY, 10))  # a look inside the scope is no refusal
    # a refused login has no user yet, only its route (core.services.access_log_login_refused)
    AccessLogEntry.objects.create(
        municipality=world.municipality,
        username="(uni-login)",
        action=AccessLogEntry.Action.DENIED,
        purpose="Login afvist: ukendt UNI-ID",
        created_at=at(SATURDAY, 3),
    )
    review = access_review_build(municipality=world.municipality, month=MONTH)
    denied = flags(review, AccessReviewFlag.Kind.DENIED)
    assert set(denied) == {"laerer", "(uni-login)"}
    assert denied["laerer"].count == 2
    assert denied["laerer"].first_at == at(MONDAY, 9)
    assert denied["laerer"].last_at == at(MONDAY, 11)
    assert denied["(uni-login)"].user is None
    assert review.entries == 4 and review.users == 2


def test_looks_outside_working_hours_are_flagged_for_staff_only(world):
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    log(counsellor, at(MONDAY, 6, 59))
    log(counsellor, at(MONDAY, 18, 0))
    log(counsellor, at(SATURDAY, 10))
    log(coordinator, at(MONDAY, 7, 0))
    log(coordinator, at(MONDAY, 17, 59))
    log(world.users[Role.YOUNG_PERSON], at(MONDAY, 22))  # a pupil reading at night: no finding
    review = access_review_build(municipality=world.municipality, month=MONTH)
    off_hours = flags(review, AccessReviewFlag.Kind.OFF_HOURS)
    assert set(off_hours) == {"vejleder"}
    assert off_hours["vejleder"].count == 3


def test_a_volume_far_above_the_users_own_norm_is_flagged(world):
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    secretariat = world.users[Role.SECRETARIAT]
    earlier = MONTH
    for _ in range(3):
        earlier = previous_month(earlier)
        log(counsellor, at(earlier.replace(day=10), 10), n=15)
        log(secretariat, at(earlier.replace(day=10), 10), n=20)
    log(counsellor, at(MONDAY, 10), n=60)  # 60 > 3 x 15
    log(secretariat, at(MONDAY, 10), n=55)  # 55 < 3 x 20
    review = access_review_build(municipality=world.municipality, month=MONTH)
    volume = flags(review, AccessReviewFlag.Kind.VOLUME)
    assert set(volume) == {"vejleder"}
    assert volume["vejleder"].count == 60
    assert volume["vejleder"].own_norm == 15


def test_a_new_user_far_above_the_median_of_their_role_is_flagged(world):
    colleagues = [
        user_create(
            username=f"laerer-{i}",
            password=None,
            role=Role.TEACHER,
            municipality=world.municipality,
            acting_user=None,
        )
        for i in range(3)
    ]
    for colleague in colleagues:
        log(colleague, at(MONDAY, 10), n=5)
    log(world.users[Role.TEACHER], at(MONDAY, 10), n=49)  # under the minimum
    review = access_review_build(municipality=world.municipality, month=MONTH)
    assert flags(review, AccessReviewFlag.Kind.VOLUME) == {}
    review.delete()
    log(world.users[Role.TEACHER], at(MONDAY, 11), n=1)
    review = access_review_build(municipality=world.municipality, month=MONTH)
    volume = flags(review, AccessReviewFlag.Kind.VOLUME)
    assert set(volume) == {"laerer"}
    assert volume["laerer"].own_norm is None and volume["laerer"].role_norm == 5


def test_a_month_is_built_once_and_only_from_its_own_municipalitys_entries(world):
    teacher = world.users[Role.TEACHER]
    other_secretariat = user_create(
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
        acting_user=None,
    )
    log(teacher, at(MONDAY, 9), AccessLogEntry.Action.DENIED)
    log(other_secretariat, at(MONDAY, 22))
    log(teacher, at(MONTH, 0) - timedelta(seconds=1), AccessLogEntry.Action.DENIED)  # month before
    first = access_review_build(municipality=world.municipality, month=MONTH)
    assert [(f.kind, f.username, f.count) for f in first.flags.all()] == [("DENIED", "laerer", 1)]
    log(teacher, at(MONDAY, 10), AccessLogEntry.Action.DENIED)
    again = access_review_build(municipality=world.municipality, month=MONTH)
    assert again.pk == first.pk and again.flags.get().count == 1
    assert AuditEvent.objects.filter(action=BUILD, object_id=str(first.uuid)).count() == 1
    other = access_review_build(municipality=world.other_municipality, month=MONTH)
    assert [(f.kind, f.username) for f in other.flags.all()] == [
        ("OFF_HOURS", "sekretariat-norddjurs")
    ]


def test_the_schedule_builds_last_months_review_on_the_first_once_per_municipality(
    world, django_capture_on_commit_callbacks
):
    log(world.users[Role.TEACHER], at(MONDAY, 9), AccessLogEntry.Action.DENIED)
    first_of_this_month = at(timezone.localdate().replace(day=1), 0)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_run_due(now=first_of_this_month + timedelta(hours=4, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        schedule_run_due(now=first_of_this_month + timedelta(days=3))  # the same slot
    reviews = AccessReview.objects.filter(period_start_date=MONTH)
    assert reviews.count() == Municipality.objects.count()
    assert reviews.get(municipality=world.municipality).flags.get().username == "laerer"


@pytest.fixture
def flag(world):
    log(world.users[Role.TEACHER], at(MONDAY, 9), AccessLogEntry.Action.DENIED)
    review = access_review_build(municipality=world.municipality, month=MONTH)
    return review.flags.get()


def test_the_secretariat_marks_a_flag_reviewed_with_a_note_once_and_audited(world, flag):
    secretariat = world.users[Role.SECRETARIAT]
    with pytest.raises(ValidationError) as error:
        access_review_flag_mark(flag=flag, note="  ", acting_user=secretariat)
    assert "notatet" in str(error.value)
    flag.refresh_from_db()
    assert flag.reviewed_at is None
    access_review_flag_mark(
        flag=flag, note="Talt med læreren: forkert klasse valgt.", acting_user=secretariat
    )
    flag.refresh_from_db()
    assert flag.reviewed_by == secretariat and flag.reviewed_at is not None
    assert flag.review_note == "Talt med læreren: forkert klasse valgt."
    event = AuditEvent.objects.get(action=FLAG_MARK, object_id=str(flag.uuid))
    assert event.actor == secretariat
    with pytest.raises(ValidationError):
        access_review_flag_mark(flag=flag, note="Igen", acting_user=secretariat)
    flag.refresh_from_db()
    assert flag.review_note == "Talt med læreren: forkert klasse valgt."


def test_only_the_municipalitys_own_secretariat_may_mark_a_flag(world, flag):
    other_secretariat = user_create(
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
        acting_user=None,
    )
    refused = [world.users[role] for role in Role if role != Role.SECRETARIAT]
    for user in [*refused, other_secretariat]:
        with pytest.raises(PermissionDenied):
            access_review_flag_mark(flag=flag, note="Set", acting_user=user)
    flag.refresh_from_db()
    assert flag.reviewed_at is None
    assert not AuditEvent.objects.filter(action=FLAG_MARK).exists()


def test_the_pages_list_the_reports_and_mark_a_flag(world, flag, client_for):
    client = client_for(Role.SECRETARIAT)
    listing = client.get(reverse("core:access_reviews"))
    assert flag.review.get_absolute_url() in listing.content.decode()
    page = client.get(flag.review.get_absolute_url())
    assert "laerer" in page.content.decode()
    assert "Afviste forsøg uden for adgang" in page.content.decode()
    url = reverse("core:access_review_flag", kwargs={"uuid": flag.uuid})
    empty = client.post(url, {f"{flag.uuid}-review_note": ""})
    assert empty.status_code == 400
    assert "Skriv i notatet, hvad du har undersøgt" in empty.content.decode()
    done = client.post(url, {f"{flag.uuid}-review_note": "I orden."})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.review_note == "I orden." and flag.reviewed_by == world.users[Role.SECRETARIAT]
    assert "I orden." in client.get(flag.review.get_absolute_url()).content.decode()


def test_another_municipalitys_secretariat_gets_404_for_the_review_and_its_flag(world, flag):
    other = user_create(
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
        acting_user=None,
    )
    client = Client()
    client.force_login(other)
    assert client.get(flag.review.get_absolute_url()).status_code == 404
    url = reverse("core:access_review_flag", kwargs={"uuid": flag.uuid})
    assert client.post(url, {f"{flag.uuid}-review_note": "x"}).status_code == 404


def test_the_report_page_asks_the_same_number_of_queries_for_more_flags(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.SECRETARIAT)
    secretariat = world.users[Role.SECRETARIAT]

    def queries_with(users):
        AccessReview.objects.all().delete()
        for user in users:
            log(user, at(SATURDAY, 10), AccessLogEntry.Action.DENIED)
        review = access_review_build(municipality=world.municipality, month=MONTH)
        access_review_flag_mark(flag=review.flags.first(), note="Set", acting_user=secretariat)
        with CaptureQueriesContext(connection) as context:
            assert client.get(review.get_absolute_url()).status_code == 200
        return len(context), review.flags.count()

    few, few_flags = queries_with([world.users[Role.TEACHER]])
    staff = [world.users[r] for r in (Role.CAREER_COUNSELLOR, Role.GUIDANCE_COUNSELLOR)]
    many, many_flags = queries_with(staff)
    assert many_flags > few_flags
    assert many == few
