"""The annual wheel: items, who sees what by default, the SVG wheel, the list, copy forward."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ungegaranti.calendar.models import CalendarItem
from ungegaranti.calendar.selectors import ItemFilters, items_for
from ungegaranti.calendar.services import (
    calendar_item_update,
    calendar_items_publish,
    calendar_year_copy_forward,
)
from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role

from .helpers import an_item, tracks_of

pytestmark = pytest.mark.django_db

YEAR = 2026  # the school year 2026/27 of the items below


def test_an_item_is_audited_and_lands_in_its_school_year(world):
    item = an_item(world, start_date=date(2027, 3, 1), title="Ansøgningsfrist")
    assert item.school_year == 2026
    event = AuditEvent.objects.get(object_id=str(item.uuid))
    assert event.action == "calendar.item.create"
    assert event.actor == world.users[Role.SECRETARIAT]


def test_end_before_start_is_refused_with_the_field_named_and_nothing_saved(world):
    with pytest.raises(ValidationError) as error:
        an_item(world, start_date=date(2026, 10, 9), end_date=date(2026, 10, 5))
    assert "Til-datoen kan ikke ligge før fra-datoen." in error.value.message_dict["end_date"]
    assert not CalendarItem.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECRETARIAT])
def test_only_the_secretariat_writes_the_wheel(world, role):
    item = an_item(world)
    with pytest.raises(PermissionDenied):
        an_item_as(world, role)
    with pytest.raises(PermissionDenied):
        calendar_item_update(item=item, acting_user=world.users[role], title="X")
    with pytest.raises(PermissionDenied):
        calendar_year_copy_forward(
            municipality=world.municipality, school_year=YEAR, acting_user=world.users[role]
        )
    with pytest.raises(PermissionDenied):
        calendar_items_publish(
            municipality=world.municipality, school_year=YEAR, acting_user=world.users[role]
        )


def an_item_as(world, role):
    from ungegaranti.calendar.services import calendar_item_create

    return calendar_item_create(
        acting_user=world.users[role],
        title="X",
        owner="X",
        track=tracks_of(world.municipality)["GUIDANCE"],
        start_date=date(2026, 9, 1),
    )


def test_an_item_linked_to_a_round_takes_the_rounds_dates(world):
    from ungegaranti.placement.services import round_create

    round = round_create(
        acting_user=world.users[Role.SECRETARIAT],
        name="Erhvervspraktik 9. klasse",
        grades=[9],
        start_date=date(2027, 1, 11),
        end_date=date(2027, 1, 15),
        wish_deadline_date=date(2026, 11, 20),
    )
    item = an_item(world, round=round, start_date=None, title="Erhvervspraktik")
    assert (item.first_date, item.last_date) == (date(2027, 1, 11), date(2027, 1, 15))
    assert item.start_date is None and item.kind == CalendarItem.Kind.ROUND


def _titles(user, **filters):
    return [i.title for i in items_for(user=user, school_year=YEAR, filters=ItemFilters(**filters))]


def test_each_role_sees_by_default_what_concerns_it(world):
    an_item(world, title="For alle")
    an_item(world, title="8. klasse", grades=[8])
    an_item(world, title="9. klasse", grades=[9])
    an_item(world, title="Skole B", schools=[world.school_b])
    an_item(world, title="Distrikt A", districts=[world.school_a.district])
    an_item(world, title="Unge 18-29", track="GUIDANCE", min_age=18, max_age=29)
    users = world.users
    # Asta: grade 8 at school A in district A, aged 14.
    assert _titles(users[Role.YOUNG_PERSON]) == ["8. klasse", "Distrikt A", "For alle"]
    assert _titles(users[Role.GUARDIAN]) == ["8. klasse", "Distrikt A", "For alle"]
    assert _titles(users[Role.TEACHER]) == ["8. klasse", "Distrikt A", "For alle"]
    assert "Skole B" not in _titles(users[Role.CAREER_COUNSELLOR])
    assert "Unge 18-29" in _titles(users[Role.GUIDANCE_COUNSELLOR])
    assert "Unge 18-29" not in _titles(users[Role.TEACHER])
    # A partner sees only the events they take part in: none yet.
    assert _titles(users[Role.PARTNER_CONTACT]) == []
    assert len(_titles(users[Role.SECRETARIAT])) == 6
    # "Vis hele årshjulet" shows everything published; filters narrow it.
    assert len(_titles(users[Role.PARTNER_CONTACT], everything=True)) == 6
    assert _titles(users[Role.TEACHER], everything=True, track="GUIDANCE") == ["Unge 18-29"]
    assert "9. klasse" not in _titles(users[Role.SECRETARIAT], everything=True, grade=8)


def test_drafts_are_seen_only_by_the_secretariat(world):
    an_item(world, title="Kladde", status=CalendarItem.Status.DRAFT)
    assert _titles(world.users[Role.TEACHER], everything=True) == []
    assert _titles(world.users[Role.SECRETARIAT]) == ["Kladde"]


def test_the_wheel_is_an_svg_with_a_named_link_per_item_and_today_marked(world, client_for):
    an_item(world, title="U&J-uge", start_date=date(2026, 10, 5), end_date=date(2026, 10, 9))
    an_item(world, title="Ansøgningsfrist", track="GUIDANCE", start_date=date(2027, 3, 1))
    response = client_for(Role.TEACHER).get(reverse("calendar:wheel"), {"aar": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="(/aarshjul/[^"]+/)" class="wheel-item" aria-label="([^"]+)"', svg)
    assert [label for _, label in links] == [
        "U&amp;J-uge, 5.–9. okt. 2026, Grundskolesporet",
        "Ansøgningsfrist, 1. marts 2027, Vejledningssporet",
    ]
    assert svg.count('class="month-label"') == 12
    assert "aug" in svg and "jul" in svg
    # The U&J week (five days) is an arc, the deadline a dot.
    assert svg.count('class="item-arc"') == 1 and svg.count('class="item-dot"') == 1


def test_the_wheel_marks_today_only_in_the_current_school_year(world, client_for):
    from ungegaranti.calendar.selectors import current_school_year

    client = client_for(Role.TEACHER)
    this_year = client.get(reverse("calendar:wheel"), {"aar": current_school_year()})
    other_year = client.get(reverse("calendar:wheel"), {"aar": current_school_year() + 3})
    assert 'class="today"' in this_year.content.decode()
    assert 'class="today"' not in other_year.content.decode()


def test_the_list_filters_by_track(world, client_for):
    an_item(world, title="U&J-uge")
    an_item(world, title="Ansøgningsfrist", track="GUIDANCE", start_date=date(2027, 3, 1))
    client = client_for(Role.SECRETARIAT)
    page = client.get(reverse("calendar:item_list"), {"aar": YEAR, "track": "GUIDANCE"})
    html = page.content.decode()
    assert "Ansøgningsfrist" in html and "U&amp;J-uge" not in html


def test_the_secretariat_adds_an_item_through_the_form_and_bad_dates_are_named(world, client_for):
    tracks = tracks_of(world.municipality)
    client = client_for(Role.SECRETARIAT)
    data = {
        "title": "Temamøde med driftsledelser",
        "kind": "MEETING",
        "track": tracks["PRIMARY_SCHOOL"].pk,
        "owner": "Ungesekretariatet",
        "start_date": "2026-11-12",
        "end_date": "2026-11-10",
        "recurrence": "SAME_WEEK",
    }
    bad = client.post(reverse("calendar:item_create"), data)
    assert bad.status_code == 200
    assert "Til-datoen kan ikke ligge før fra-datoen." in bad.content.decode()
    assert not CalendarItem.objects.exists()
    data["end_date"] = ""
    good = client.post(reverse("calendar:item_create"), data)
    item = CalendarItem.objects.get()
    assert good.status_code == 302 and good.url == item.get_absolute_url()
    assert item.first_date == item.last_date == date(2026, 11, 12)


def test_copy_forward_keeps_week_and_weekday_as_drafts_reviewed_before_publishing(world):
    secretariat = world.users[Role.SECRETARIAT]
    week = an_item(world, title="U&J-uge", start_date=date(2026, 10, 5), end_date=date(2026, 10, 9))
    deadline = an_item(
        world,
        title="Ansøgningsfrist",
        track="GUIDANCE",
        start_date=date(2027, 3, 1),
        recurrence=CalendarItem.Recurrence.SAME_DATE,
    )
    an_item(world, title="Jubilæum", recurrence=CalendarItem.Recurrence.ONE_OFF)
    copies = calendar_year_copy_forward(
        municipality=world.municipality, school_year=YEAR, acting_user=secretariat
    )
    by_title = {c.title: c for c in copies}
    assert set(by_title) == {"U&J-uge", "Ansøgningsfrist"}
    copy = by_title["U&J-uge"]
    assert copy.school_year == YEAR + 1 and copy.status == CalendarItem.Status.DRAFT
    for old, new in ((week.start_date, copy.start_date), (week.end_date, copy.end_date)):
        assert new.isocalendar().week == old.isocalendar().week
        assert new.isoweekday() == old.isoweekday()
    assert (copy.start_date, copy.end_date) == (date(2027, 10, 11), date(2027, 10, 15))
    assert by_title["Ansøgningsfrist"].start_date == date(2028, 3, 1)
    assert by_title["Ansøgningsfrist"].copied_from == deadline
    # Not seen before publishing; copying again copies nothing twice.
    teacher = world.users[Role.TEACHER]
    assert items_for(user=teacher, school_year=YEAR + 1) == []
    assert (
        calendar_year_copy_forward(
            municipality=world.municipality, school_year=YEAR, acting_user=secretariat
        )
        == []
    )
    assert (
        calendar_items_publish(
            municipality=world.municipality, school_year=YEAR + 1, acting_user=secretariat
        )
        == 2
    )
    assert {i.title for i in items_for(user=teacher, school_year=YEAR + 1)} == {
        "U&J-uge",
        "Ansøgningsfrist",
    }


def test_copy_forward_and_publish_through_the_review_page(world, client_for):
    an_item(world, title="U&J-uge")
    client = client_for(Role.SECRETARIAT)
    client.post(reverse("calendar:year_copy_forward"), {"aar": YEAR + 1})
    review = client.get(reverse("calendar:year_review"), {"aar": YEAR + 1})
    html = review.content.decode()
    assert "U&amp;J-uge" in html and "11. okt. 2027" in html
    client.post(reverse("calendar:year_publish"), {"aar": YEAR + 1})
    assert (
        CalendarItem.objects.filter(
            school_year=YEAR + 1, status=CalendarItem.Status.PUBLISHED
        ).count()
        == 1
    )


def test_item_page_shows_history_to_the_secretariat_only(world, client_for):
    item = an_item(world)
    url = item.get_absolute_url()
    assert "Historik" in client_for(Role.SECRETARIAT).get(url).content.decode()
    assert "Historik" not in client_for(Role.TEACHER).get(url).content.decode()


def test_an_item_of_another_municipality_is_404(world, client_for):
    item = an_item(world)
    CalendarItem.objects.filter(pk=item.pk).update(municipality=world.other_municipality)
    assert client_for(Role.SECRETARIAT).get(item.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SECRETARIAT, Role.YOUNG_PERSON])
def test_the_wheel_and_list_take_as_many_queries_for_twenty_items_as_for_two(
    world, client_for, role
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(role)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, {"aar": YEAR}).status_code == 200
        return len(captured)

    for n in range(2):
        an_item(world, title=f"Punkt {n}", districts=[world.school_a.district])
    few = [queries(reverse(name)) for name in ("calendar:wheel", "calendar:item_list")]
    for n in range(2, 20):
        an_item(world, title=f"Punkt {n}", schools=[world.school_a], grades=[8])
    assert [queries(reverse(name)) for name in ("calendar:wheel", "calendar:item_list")] == few
