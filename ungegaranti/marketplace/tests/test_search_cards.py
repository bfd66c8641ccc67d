"""What a search result card says: one value where both ends are equal, Danish dates, and no
"0,0 km væk" for an offer in the postal code searched for."""

import re
from datetime import timedelta

from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.marketplace.services.offers import offer_create, offer_publish
from ungegaranti.marketplace.services.periods import period_add

from .helpers import offer_values


def _offer(world, *, title, start, end, postal_code="9800", **values):
    acting = world.users[Role.PARTNER_CONTACT]
    offer = offer_create(
        partner=world.partner_a,
        acting_user=acting,
        **offer_values(title=title, postal_code=postal_code, **values),
    )
    period_add(offer=offer, start_date=start, end_date=end, seats=3, acting_user=acting)
    return offer_publish(offer=offer, acting_user=acting)


def _card(html: str, title: str) -> str:
    match = re.search(
        rf"<article[^>]*>(?:(?!</article>).)*{re.escape(title)}.*?</article>", html, re.S
    )
    assert match, title
    return re.sub(r"\s+", " ", match.group(0))


def test_a_card_shows_one_value_for_equal_ends_and_danish_dates(world, client):
    day = timezone.localdate() + timedelta(days=20)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    _offer(
        world,
        title="Erhvervspraktik som smed i 9. klasse",
        start=day,
        end=day,
        min_age=15,
        max_age=15,
        min_grade=9,
        max_grade=9,
    )
    html = client.get("/tilbud/").content.decode()
    card = _card(html, "Erhvervspraktik som smed i 9. klasse")
    assert "15 år" in card and "15–15" not in card
    assert "9. klasse" in card and "9.–9." not in card
    months = [
        "jan.",
        "feb.",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "aug.",
        "sept.",
        "okt.",
        "nov.",
        "dec.",
    ]
    expected = f"{day.day}. {months[day.month - 1]} {day.year}"
    assert f"<dd>{expected}</dd>" in card


def test_distance_reads_as_the_postal_code_searched_for_or_in_km(world, client):
    start = timezone.localdate() + timedelta(days=20)
    _offer(world, title="Smed i Hjørring", start=start, end=start + timedelta(days=4))
    _offer(
        world,
        title="Kok i Hirtshals",
        start=start,
        end=start + timedelta(days=4),
        postal_code="9850",
        address="Havnegade 2",
    )
    html = client.get("/tilbud/", {"postal_code": "9800", "radius": "25"}).content.decode()
    here = _card(html, "Smed i Hjørring")
    assert "i postnummeret, du søgte på" in here and "0,0 km" not in here
    there = _card(html, "Kok i Hirtshals")
    assert re.search(r"\d+,\d km væk", there)
