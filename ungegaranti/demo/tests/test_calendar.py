from io import StringIO

from django.core.management import call_command

from ungegaranti.calendar.models import CalendarItem, Event, EventPartner
from ungegaranti.calendar.tests.helpers import tracks_of
from ungegaranti.core.schoolyear import school_year_bounds
from ungegaranti.demo.calendar import demo_calendar_build
from ungegaranti.partners.models import GuaranteePartner


def test_the_demo_wheel_has_the_year_the_seed_names(world, settings):
    tracks_of(world.municipality)
    GuaranteePartner.objects.filter(pk=world.partner_a.pk).update(commits_youth_fairs=True)
    result = demo_calendar_build(municipality=world.municipality)
    items = list(CalendarItem.objects.filter(municipality=world.municipality))
    assert result.items == len(items) and result.events == Event.objects.count() == 5
    titles = " | ".join(i.title for i in items)
    for named in (
        "U&J-uge",
        "runden åbner",
        "frist for ønsker",
        "Ansøgningsfrist på optagelse.dk",
        "Edison",
        "Ungemesse",
        "Temamøde",
        "Hjørring LIVE",
    ):
        assert named in titles, named
    # One school year, every track used, the 1 March deadline on 1 March.
    (year,) = {i.school_year for i in items}
    first, last = school_year_bounds(year)
    assert all(first <= i.first_date <= last for i in items)
    assert {i.track.kind for i in items} == {"BUSINESS", "PRIMARY_SCHOOL", "SUPPORT", "GUIDANCE"}
    deadline = next(i for i in items if i.title.startswith("Ansøgningsfrist"))
    assert (deadline.first_date.month, deadline.first_date.day) == (3, 1)
    assert EventPartner.objects.filter(partner=world.partner_a).exists()
    # the command refuses a second run, or skips with --if-empty
    settings.DEMO_DATA_ALLOWED = True
    out = StringIO()
    call_command("demo_calendar", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
