"""Calendar feeds: valid iCalendar, each feed's own content, no young person in any feed, and
a renewed token's old address is 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from ungegaranti.calendar.models import FeedToken
from ungegaranti.calendar.services import event_partner_add, signup_class, signup_young_person
from ungegaranti.calendar.services.feeds import feed_token_create, feed_token_renew
from ungegaranti.core.roles import Role

from .helpers import an_event, an_item, young_people

pytestmark = pytest.mark.django_db


def _events(client, token):
    response = client.get(reverse("calendar:feed", kwargs={"token": token.token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return response.content.decode(), {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def signed_up(world):
    """An event for grade 8 with class A (Asta and two more) signed up by the teacher, and
    Carl (22) signed up on his own; a U&J week for grade 9 only."""
    event = an_event(world, grades=[8], title="Ungemesse")
    young_people(world, 2, school_class=world.class_a)
    signup_class(event=event, school_class=world.class_a, acting_user=world.users[Role.TEACHER])
    signup_young_person(
        event=event, young_person=world.adult, acting_user=world.users[Role.SECRETARIAT]
    )
    event_partner_add(
        event=event,
        partner=world.partner_a,
        contribution="Stand med svejsesimulator",
        acting_user=world.users[Role.SECRETARIAT],
    )
    from django.utils import timezone

    an_item(world, title="U&J-uge 9. klasse", grades=[9], start_date=timezone.localdate())
    return event


NAMES = ("Asta", "Andersen", "Carl", "Christensen", "Bo ", "Ung0", "Ung1", "Kø")


def test_the_pupils_personal_feed_has_the_event_and_their_own_status_only(world, client, signed_up):
    token = feed_token_create(acting_user=world.users[Role.YOUNG_PERSON], scope="PERSONAL")
    text, events = _events(client, token)
    assert set(events) == {"Ungemesse"}  # the U&J week is for grade 9
    event = events["Ungemesse"]
    assert "Du: Tilmeldt." in str(event["description"])
    assert event["dtstart"].dt == signed_up.start_at
    assert str(event["location"]) == "Hjørring Idrætscenter"
    assert str(event["url"]).endswith(signed_up.get_absolute_url())
    for name in NAMES:
        assert name not in text


def test_a_school_feed_names_its_classes_and_never_a_young_person(world, client, signed_up):
    token = feed_token_create(
        acting_user=world.users[Role.SECRETARIAT], scope="SCHOOL", target=world.school_a
    )
    text, events = _events(client, token)
    assert set(events) == {"Ungemesse", "U&J-uge 9. klasse"}
    assert "Tilmeldte klasser: 8.a (tilmeldt)." in str(events["Ungemesse"]["description"])
    for name in NAMES:
        assert name not in text
    # An all-day item ends (exclusively) the day after.
    week = events["U&J-uge 9. klasse"]
    assert (week["dtend"].dt - week["dtstart"].dt).days == 1


def test_a_partner_feed_has_the_events_they_take_part_in_with_what_they_bring(
    world, client, signed_up
):
    token = feed_token_create(
        acting_user=world.users[Role.PARTNER_CONTACT], scope="PARTNER", target=world.partner_a
    )
    text, events = _events(client, token)
    assert set(events) == {"Ungemesse"}
    assert "I bidrager med: Stand med svejsesimulator." in str(events["Ungemesse"]["description"])
    assert "Tilmeldte klasser" not in text


def test_renewing_a_token_makes_the_old_address_404(world, client, signed_up):
    user = world.users[Role.TEACHER]
    old = feed_token_create(acting_user=user, scope="PERSONAL")
    assert feed_token_create(acting_user=user, scope="PERSONAL") == old
    new = feed_token_renew(token=old, acting_user=user)
    assert new.token != old.token and len(new.token) >= 40
    assert client.get(reverse("calendar:feed", kwargs={"token": old.token})).status_code == 404
    _, events = _events(client, new)
    assert "Tilmeldte klasser: 8.a (tilmeldt)." in str(events["Ungemesse"]["description"])
    assert (
        client.get(reverse("calendar:feed", kwargs={"token": "gaet-et-token"})).status_code == 404
    )


def test_renewing_through_the_page(world, client_for, client, signed_up):
    user_client = client_for(Role.GUIDANCE_COUNSELLOR)
    user_client.post(reverse("calendar:feed_create"), {"scope": "PERSONAL"})
    old = FeedToken.objects.get(user=world.users[Role.GUIDANCE_COUNSELLOR])
    page = user_client.get(reverse("calendar:feed_list")).content.decode()
    assert old.token in page
    user_client.post(reverse("calendar:feed_renew", kwargs={"uuid": old.uuid}))
    assert client.get(reverse("calendar:feed", kwargs={"token": old.token})).status_code == 404
    new = FeedToken.objects.get(user=world.users[Role.GUIDANCE_COUNSELLOR], revoked_at=None)
    assert new.token in user_client.get(reverse("calendar:feed_list")).content.decode()


def test_nobody_subscribes_to_a_school_or_partner_outside_their_scope(world):
    with pytest.raises(PermissionDenied):
        feed_token_create(
            acting_user=world.users[Role.TEACHER], scope="SCHOOL", target=world.school_b
        )
    with pytest.raises(PermissionDenied):
        feed_token_create(
            acting_user=world.users[Role.PARTNER_CONTACT], scope="PARTNER", target=world.partner_b
        )
    with pytest.raises(PermissionDenied):
        feed_token_create(
            acting_user=world.users[Role.YOUNG_PERSON],
            scope="DISTRICT",
            target=world.school_a.district,
        )
    other = feed_token_create(acting_user=world.users[Role.TEACHER], scope="PERSONAL")
    with pytest.raises(PermissionDenied):
        feed_token_renew(token=other, acting_user=world.users[Role.SECRETARIAT])
    assert FeedToken.objects.count() == 1
