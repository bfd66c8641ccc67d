"""Who may do what with the annual wheel, its events and feeds. Every write service asks one of
these; views and templates ask them too instead of comparing roles. Out of scope is 404."""

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role

from .models import CalendarItem, Event, FeedToken, Signup

# Roles whose staff scope covers schools (their feed may be a school's or district's).
_SCHOOL_STAFF = (Role.TEACHER, Role.CAREER_COUNSELLOR, Role.WORK_EXPERIENCE_COORDINATOR)


def _in_municipality(user: Any, obj: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.municipality_id is not None
        and getattr(obj, "municipality_id", None) == user.municipality_id
    )


def _is_secretariat(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.SECRETARIAT)


def can_view_calendar(user: Any) -> bool:
    """Every logged-in user of a municipality reads its wheel (items carry no personal data)."""
    return bool(user.is_authenticated and user.municipality_id is not None)


def can_manage_calendar(user: Any) -> bool:
    """The secretariat keeps the wheel: items, copying forward, events."""
    return _is_secretariat(user) and user.municipality_id is not None


def can_view_calendar_item(user: Any, item: CalendarItem) -> bool:
    if not _in_municipality(user, item):
        return False
    return item.status == CalendarItem.Status.PUBLISHED or _is_secretariat(user)


def can_create_calendar_item(user: Any, municipality: Any) -> bool:
    return can_manage_calendar(user) and user.municipality_id == municipality.pk


def can_change_calendar_item(user: Any, item: CalendarItem) -> bool:
    return _is_secretariat(user) and _in_municipality(user, item)


def can_delete_calendar_item(user: Any, item: CalendarItem) -> bool:
    """An event's item goes with its event, not on its own."""
    return can_change_calendar_item(user, item) and item.event_id is None


def can_copy_calendar_year(user: Any, municipality: Any) -> bool:
    return can_create_calendar_item(user, municipality)


def can_publish_calendar_item(user: Any, item: CalendarItem) -> bool:
    return can_change_calendar_item(user, item)


def can_view_event(user: Any, event: Event) -> bool:
    if not _in_municipality(user, event):
        return False
    item = getattr(event, "calendar_item", None)
    return item is None or can_view_calendar_item(user, item)


def can_create_event(user: Any, municipality: Any) -> bool:
    return can_create_calendar_item(user, municipality)


def can_change_event(user: Any, event: Event) -> bool:
    return _is_secretariat(user) and _in_municipality(user, event)


def signup_open(event: Event) -> bool:
    return timezone.localdate() <= event.signup_closes_date


def event_for_grade(event: Event, grade: int | None) -> bool:
    return not event.grades or (grade is not None and grade in event.grades)


def can_sign_up_class(user: Any, event: Event, school_class: Any) -> bool:
    """A teacher signs up one of their own classes (the secretariat any class) while sign-up is
    open, when the event is for the class's grade."""
    if not (_in_municipality(user, event) and can_view_event(user, event)):
        return False
    if school_class.municipality_id != event.municipality_id or not signup_open(event):
        return False
    if not event_for_grade(event, school_class.grade):
        return False
    if user.role == Role.TEACHER:
        return user.teaching_classes.filter(pk=school_class.pk).exists()
    return _is_secretariat(user)


def can_sign_up_young_person(user: Any, event: Event, young_person: Any) -> bool:
    """A young person signs themselves up (the secretariat anyone) while sign-up is open."""
    if not (_in_municipality(user, event) and can_view_event(user, event)):
        return False
    if young_person.municipality_id != event.municipality_id or not signup_open(event):
        return False
    grade = young_person.school_class.grade if young_person.school_class_id else None
    if user.role == Role.YOUNG_PERSON:
        return user.young_person_id == young_person.pk and event_for_grade(event, grade)
    return _is_secretariat(user)


def can_cancel_signup(user: Any, signup: Signup) -> bool:
    """Whoever may sign up the class or person may cancel, also after sign-up has closed."""
    if not _in_municipality(user, signup) or signup.status == Signup.Status.CANCELLED:
        return False
    if _is_secretariat(user):
        return True
    if signup.school_class_id is not None:
        return (
            user.role == Role.TEACHER
            and user.teaching_classes.filter(pk=signup.school_class_id).exists()
        )
    return user.role == Role.YOUNG_PERSON and user.young_person_id == signup.young_person_id


def can_add_event_partner(user: Any, event: Event, partner: Any) -> bool:
    """The secretariat names the partners taking part; a partner contact may add their own."""
    if not _in_municipality(user, event) or partner.municipality_id != event.municipality_id:
        return False
    if _is_secretariat(user):
        return True
    return user.role == Role.PARTNER_CONTACT and user.partner_id == partner.pk


def partners_user_may_add(user: Any) -> Any:
    """The partners a user may put on an event: any (secretariat) or their own company."""
    from ungegaranti.partners.models import GuaranteePartner

    partners = GuaranteePartner.objects.filter(municipality_id=user.municipality_id)
    if _is_secretariat(user):
        return partners
    if user.is_authenticated and user.role == Role.PARTNER_CONTACT and user.partner_id:
        return partners.filter(pk=user.partner_id)
    return partners.none()


def can_remove_event_partner(user: Any, event_partner: Any) -> bool:
    return can_add_event_partner(user, event_partner.event, event_partner.partner)


def can_view_event_signups(user: Any, event: Event) -> bool:
    """Who is signed up (names of young people) is for the secretariat; a teacher sees their
    own classes' sign-ups through the event page's own rows."""
    return _is_secretariat(user) and _in_municipality(user, event)


def feed_targets_for(user: Any) -> dict[str, list[Any]]:
    """The feeds a user may subscribe to besides their own: schools, districts, partners."""
    from ungegaranti.partners.models import GuaranteePartner
    from ungegaranti.people.models import School, SchoolDistrict

    targets: dict[str, list[Any]] = {"SCHOOL": [], "DISTRICT": [], "PARTNER": []}
    if not can_view_calendar(user):
        return targets
    municipality_id = user.municipality_id
    if user.role == Role.SECRETARIAT:
        targets["SCHOOL"] = list(School.objects.filter(municipality_id=municipality_id))
        targets["DISTRICT"] = list(SchoolDistrict.objects.filter(municipality_id=municipality_id))
        targets["PARTNER"] = list(GuaranteePartner.objects.filter(municipality_id=municipality_id))
    elif user.role == Role.TEACHER:
        targets["SCHOOL"] = list(
            School.objects.filter(classes__in=user.teaching_classes.all()).distinct()
        )
    elif user.role == Role.CAREER_COUNSELLOR and user.school_id:
        targets["SCHOOL"] = [user.school]
    elif user.role == Role.WORK_EXPERIENCE_COORDINATOR and user.district_id:
        targets["SCHOOL"] = list(School.objects.filter(district_id=user.district_id))
        targets["DISTRICT"] = [user.district]
    elif user.role == Role.PARTNER_CONTACT and user.partner_id:
        targets["PARTNER"] = [user.partner]
    return targets


def can_create_feed(user: Any, scope: str, target: Any = None) -> bool:
    if not can_view_calendar(user):
        return False
    if scope == FeedToken.Scope.PERSONAL:
        return target is None
    if target is None:
        return False
    return any(t.pk == target.pk for t in feed_targets_for(user).get(scope, []))


def can_renew_feed(user: Any, token: FeedToken) -> bool:
    return bool(user.is_authenticated and token.user_id == user.pk and token.revoked_at is None)


def get_item_for_user_or_404(*, user: User, uuid: UUID | str) -> CalendarItem:
    item = (
        CalendarItem.objects.filter(uuid=uuid)
        .select_related("track", "round", "event", "round__district")
        .prefetch_related("districts", "schools")
        .first()
    )
    if item is None or not can_view_calendar_item(user, item):
        raise Http404
    return item


def get_event_for_user_or_404(*, user: User, uuid: UUID | str) -> Event:
    event = Event.objects.filter(uuid=uuid).select_related("calendar_item").first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def can_send_reminders(user: Any) -> bool:
    """Reminders are sent by the system (user None: the scheduler or the command), or on
    request by the secretariat."""
    return user is None or _is_secretariat(user)
