"""The offer search: Danish text, filters, distance, sorting, seats left, the page.

The same tests run on SQLite (FTS5) and on PostgreSQL (the danish configuration) when
DATABASE_URL points at one; a few assert what only one engine does.
"""

import math
from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.geo import EARTH_RADIUS_KM, haversine_km
from ungegaranti.core.models import Municipality, PostalArea
from ungegaranti.marketplace import search as search_module
from ungegaranti.marketplace.eligibility import Candidate, OfferTerms, refusals
from ungegaranti.marketplace.models import Offer, OfferPeriod
from ungegaranti.marketplace.search import fts5_match, offers_search
from ungegaranti.partners.models import GuaranteePartner

HJORRING = (57.464, 9.982)
_serial = count(1)

is_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Danish stemming needs PostgreSQL"
)
is_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is the SQLite path")


def point_at(distance_km: float, bearing_deg: float, origin=HJORRING) -> tuple[float, float]:
    """The point distance_km from origin along the initial bearing, on the same sphere."""
    lat1, lon1 = map(math.radians, origin)
    angular = distance_km / EARTH_RADIUS_KM
    bearing = math.radians(bearing_deg)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angular) * math.cos(lat1),
        math.cos(angular) - math.sin(lat1) * math.sin(lat2),
    )
    return math.degrees(lat2), math.degrees(lon2)


@pytest.fixture
def market(db):
    municipality = Municipality.objects.create(code="860", name="Hjørring")
    for code, town, lat, lon in [
        ("9800", "Hjørring", 57.464, 9.982),
        ("9850", "Hirtshals", 57.588, 9.959),
        ("9870", "Sindal", 57.472, 10.204),
    ]:
        PostalArea.objects.update_or_create(
            code=code, defaults={"town": town, "latitude": lat, "longitude": lon}
        )
    return municipality


def make_partner(municipality, name="Vendsyssel Maskinfabrik ApS", sector="C"):
    today = timezone.localdate()
    return GuaranteePartner.objects.create(
        municipality=municipality,
        cvr=f"{10000000 + next(_serial)}",
        name=name,
        sector=sector,
        address="Industrivej 1",
        postal_code="9800",
        agreement_start_date=today - timedelta(days=30),
        agreement_end_date=today + timedelta(days=700),
    )


def make_offer(municipality, partner=None, *, periods=((10, 14, 2, 0),), **fields):
    """An offer written directly with the ORM (the services are not what is tested here).
    periods: (start in days from today, end in days from today, seats, seats_taken)."""
    partner = partner or make_partner(municipality)
    postal_code = fields.pop("postal_code", "9800")
    area = PostalArea.objects.filter(code=postal_code).first()
    values = {
        "type": "WORK_EXPERIENCE",
        "title": "Erhvervspraktik",
        "description": "En uge hos os.",
        "sector": partner.sector,
        "address": "Industrivej 1",
        "latitude": area.latitude if area else None,
        "longitude": area.longitude if area else None,
        "min_age": 13,
        "max_age": 17,
        "min_grade": 7,
        "max_grade": 9,
        "contact_name": "Per Partner",
        "contact_email": "per@example.org",
        "status": Offer.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(fields)
    offer = Offer.objects.create(
        municipality=municipality, partner=partner, postal_code=postal_code, **values
    )
    today = timezone.localdate()
    for start, end, seats, taken in periods:
        OfferPeriod.objects.create(
            municipality=municipality,
            offer=offer,
            start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end),
            seats=seats,
            seats_taken=taken,
        )
    return offer


def titles(page) -> list[str]:
    return [hit.offer.title for hit in page.offers]


# --- text -------------------------------------------------------------------------------


def test_a_danish_word_finds_the_offers_that_contain_it(market):
    make_offer(market, title="Tømrer i praktik", description="Du hjælper på byggepladsen.")
    make_offer(market, title="Køkkenhjælp", description="Smørrebrød og opvask på havnecaféen.")
    make_offer(market, title="Kontor", description="Post og telefon.")

    assert titles(offers_search(query="smørrebrød")) == ["Køkkenhjælp"]
    assert titles(offers_search(query="byggepladsen")) == ["Tømrer i praktik"]
    assert titles(offers_search(query="smørrebrød byggepladsen")) == []  # every word must match
    assert offers_search(query="elefant").count == 0


def test_a_word_finds_its_longer_danish_forms(market):
    """'praktik' finds 'praktikken' and 'bager' finds 'bageren': stemming on PostgreSQL, prefix
    terms on SQLite."""
    make_offer(market, title="Bageren i Vrå", description="Praktikken varer fem dage.")
    assert titles(offers_search(query="praktik")) == ["Bageren i Vrå"]
    assert titles(offers_search(query="bager")) == ["Bageren i Vrå"]


@is_postgres
def test_postgres_stems_danish_inflections_both_ways(market):
    make_offer(market, title="Praktik hos tømreren", description="Byggeri og værktøj.")
    # 'praktikken' -> praktik, 'tømrer' -> tømr, 'værktøjet' -> værktøj
    assert titles(offers_search(query="praktikken")) == ["Praktik hos tømreren"]
    assert titles(offers_search(query="tømrer")) == ["Praktik hos tømreren"]
    assert titles(offers_search(query="værktøjet")) == ["Praktik hos tømreren"]
    # websearch syntax: a minus excludes
    assert titles(offers_search(query="praktik -værktøj")) == []


@is_sqlite
def test_sqlite_input_cannot_inject_fts5_syntax(market):
    make_offer(market, title="Lager og logistik", description="Truck og pakning.")
    assert fts5_match('lager" OR "x*') == '"lager"* AND "or"* AND "x"*'
    assert fts5_match("lager -truck") == '"lager"* NOT "truck"*'
    for hostile in ['"', "lager AND", "NEAR(lager", "title:lager", "*", "-lager", "lager)"]:
        offers_search(query=hostile)  # no OperationalError
    assert titles(offers_search(query="title:lager")) == []  # both words must be found


def test_partner_name_is_searchable_and_follows_a_rename(market):
    partner = make_partner(market, name="Hirtshals Havnecafé", sector="I")
    make_offer(market, partner, title="Opvask og servering", sector="I")
    assert titles(offers_search(query="havnecafé")) == ["Opvask og servering"]

    partner.name = "Fyrtårnet Restaurant"
    partner.save()
    assert titles(offers_search(query="havnecafé")) == []
    assert titles(offers_search(query="fyrtårnet")) == ["Opvask og servering"]


def test_index_follows_edits_and_deletes(market):
    offer = make_offer(market, title="Mekaniker", description="Biler.")
    offer.title = "Cykelsmed"
    offer.save()
    assert titles(offers_search(query="cykelsmed")) == ["Cykelsmed"]
    assert titles(offers_search(query="mekaniker")) == []
    offer.delete()
    assert offers_search(query="cykelsmed").count == 0


def test_title_matches_rank_above_description_matches(market):
    make_offer(market, title="Kontorelev", description="Du lærer også lidt om svejsning.")
    make_offer(market, title="Svejsning og smedearbejde", description="Svejsning hver dag.")
    make_offer(market, title="Lager", description="Ingen svejsning her, men vi svejser.")
    page = offers_search(query="svejsning")
    assert titles(page)[0] == "Svejsning og smedearbejde"
    assert page.sort == "relevance"
    assert page.count == 3


def test_empty_or_symbol_only_query_lists_everything_newest_first(market):
    now = timezone.now()
    make_offer(market, title="Gammel", published_at=now - timedelta(days=3))
    make_offer(market, title="Ny", published_at=now)
    assert titles(offers_search(query="")) == ["Ny", "Gammel"]
    assert titles(offers_search(query=" ?! ")) == ["Ny", "Gammel"]
    assert offers_search(query="").sort == "newest"


# --- what is never shown, seats -------------------------------------------------------------


def test_drafts_paused_and_closed_offers_are_never_found(market):
    for status in Offer.Status:
        make_offer(market, title=f"Praktik {status.value}", status=status)
    for query in ["", "praktik"]:
        for sort in ["relevance", "distance", "newest"]:
            page = offers_search(query=query, sort=sort, postal_code="9800", radius_km=50)
            assert titles(page) == ["Praktik PUBLISHED"], (query, sort)
            assert page.count == 1


def test_seats_left_counts_current_and_future_periods_only(market):
    offer = make_offer(
        market,
        periods=[
            (-20, -10, 5, 0),  # past: not counted
            (-2, 3, 3, 1),  # running now: 2 left
            (30, 34, 2, 2),  # fully booked
            (60, 64, 4, 0),  # 4 left
        ],
    )
    [found] = offers_search().offers
    assert found.offer.pk == offer.pk
    assert found.seats_left == 6
    assert found.next_period.start_date == timezone.localdate() - timedelta(days=2)
    assert found.town == "Hjørring"


def test_an_offer_with_no_seats_left_is_listed_with_zero(market):
    make_offer(market, periods=[(5, 9, 2, 2)])
    [found] = offers_search().offers
    assert found.seats_left == 0
    assert found.next_period is None


# --- filters ---------------------------------------------------------------------------------


def test_each_filter_narrows(market):
    bakery = make_partner(market, name="Bageriet", sector="G")
    make_offer(market, title="Standard")  # WORK_EXPERIENCE, C, 13-17, grades 7-9, 9800
    make_offer(market, title="Fritidsjob", type="LEISURE_JOB")
    make_offer(market, bakery, title="Bager", sector="G")
    make_offer(market, title="Voksen", min_age=18, max_age=29, min_grade=None, max_grade=None)
    make_offer(market, title="Udskoling", min_grade=9, max_grade=10, min_age=14, max_age=17)
    make_offer(market, title="Støtte", suits_support_needs=True)
    make_offer(market, title="Hirtshals", postal_code="9850")
    make_offer(market, title="Senere", periods=[(90, 95, 1, 0)])
    make_offer(market, title="Optaget", periods=[(10, 14, 3, 3)])

    def found(**filters):
        return set(titles(offers_search(page_size=50, **filters)))

    everything = found()
    assert len(everything) == 9
    assert found(type="LEISURE_JOB") == {"Fritidsjob"}
    assert found(sector="G") == {"Bager"}
    assert found(age=20) == {"Voksen"}
    assert found(age=13) == everything - {"Voksen", "Udskoling"}
    assert found(grade=10) == {"Voksen", "Udskoling"}  # no grade range: any grade
    assert found(grade=7) == everything - {"Udskoling"}
    assert found(suits_support_needs=True) == {"Støtte"}
    assert found(postal_code="9850") == {"Hirtshals"}
    today = timezone.localdate()
    # a period overlapping the dates with a seat left
    assert found(from_date=today + timedelta(days=60)) == {"Senere"}
    assert "Optaget" not in found(from_date=today)
    assert found(from_date=today, to_date=today + timedelta(days=30)) == everything - {
        "Senere",
        "Optaget",
    }
    assert found(type="WORK_EXPERIENCE", sector="C", age=15, grade=8, postal_code="9800") == {
        "Standard",
        "Støtte",
        "Senere",
        "Optaget",
    }


# --- distance --------------------------------------------------------------------------------


@pytest.mark.parametrize("bearing", [0, 90, 180, 270, 45])
def test_distance_is_exact_at_the_radius(market, bearing):
    inside_lat, inside_lon = point_at(9.99, bearing)
    outside_lat, outside_lon = point_at(10.01, bearing)
    assert haversine_km(*HJORRING, inside_lat, inside_lon) == pytest.approx(9.99, abs=1e-6)
    make_offer(market, title="Inde", latitude=inside_lat, longitude=inside_lon)
    make_offer(market, title="Ude", latitude=outside_lat, longitude=outside_lon)
    make_offer(market, title="Ukendt sted", latitude=None, longitude=None)

    page = offers_search(postal_code="9800", radius_km=10)
    assert titles(page) == ["Inde"]
    assert page.offers[0].distance_km == pytest.approx(9.99, abs=1e-6)
    assert titles(offers_search(latitude=HJORRING[0], longitude=HJORRING[1], radius_km=10)) == [
        "Inde"
    ]
    assert set(titles(offers_search(postal_code="9800", radius_km=25))) == {"Inde", "Ude"}


def test_sort_by_distance_and_by_newest(market):
    now = timezone.now()
    make_offer(market, title="Sindal", postal_code="9870", published_at=now)
    make_offer(market, title="Hjørring", postal_code="9800", published_at=now - timedelta(1))
    make_offer(market, title="Hirtshals", postal_code="9850", published_at=now - timedelta(2))

    page = offers_search(postal_code="9800", radius_km=25, sort="distance")
    assert titles(page) == ["Hjørring", "Sindal", "Hirtshals"]  # 0, ~13.3, ~13.9 km
    expected = [
        0.0,
        haversine_km(*HJORRING, 57.472, 10.204),
        haversine_km(*HJORRING, 57.588, 9.959),
    ]
    assert [o.distance_km for o in page.offers] == pytest.approx(expected, abs=1e-6)
    assert titles(offers_search(postal_code="9800", radius_km=25, sort="newest")) == [
        "Sindal",
        "Hjørring",
        "Hirtshals",
    ]
    # no origin: distance sort falls back to newest
    page = offers_search(sort="distance")
    assert page.sort == "newest"
    assert titles(page) == ["Sindal", "Hjørring", "Hirtshals"]


def test_text_and_distance_together(market):
    make_offer(market, title="Tømrer Hjørring", postal_code="9800")
    make_offer(market, title="Tømrer Hirtshals", postal_code="9850")
    make_offer(market, title="Maler Hjørring", postal_code="9800")
    page = offers_search(query="tømrer", postal_code="9800", radius_km=5)
    assert titles(page) == ["Tømrer Hjørring"]


# --- counting and pages ----------------------------------------------------------------------


def test_count_is_capped_and_pages_follow(market, monkeypatch):
    partner = make_partner(market)
    for n in range(7):
        make_offer(market, partner, title=f"Praktik {n}")
    page = offers_search(page_size=3, page=2)
    assert page.count == 7 and not page.count_capped
    assert page.num_pages == 3 and page.has_previous and page.has_next
    assert len(page) == 3
    assert len(offers_search(page_size=3, page=99)) == 1  # past the end: the last page
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)
    capped = offers_search(page_size=3)
    assert capped.count_capped


@pytest.mark.parametrize("page_number", [1, 2, 4])
def test_a_capped_distance_search_pages_exactly_like_a_full_sort(market, monkeypatch, page_number):
    """Over COUNT_CAP matches, the nearest-first probing must give the same pages as sorting
    every match by distance."""
    partner = make_partner(market)
    for n in range(60):
        lat, lon = point_at(0.3 + n * 0.41 % 23, (n * 47) % 360)
        make_offer(market, partner, title=f"Praktik {n:02d}", latitude=lat, longitude=lon)
    expected = [
        o.title
        for o in sorted(
            Offer.objects.all(),
            key=lambda o: haversine_km(57.464, 9.982, o.latitude, o.longitude),
        )
    ][(page_number - 1) * 7 : page_number * 7]
    monkeypatch.setattr(search_module, "COUNT_CAP", 25)
    page = offers_search(
        postal_code="9800", radius_km=25, sort="distance", page_size=7, page=page_number
    )
    assert page.count_capped
    assert titles(page) == expected


def test_a_results_page_needs_few_queries(market, django_assert_max_num_queries):
    partners = [make_partner(market, name=f"Partner {n}") for n in range(5)]
    for n in range(30):
        make_offer(
            market,
            partners[n % 5],
            title=f"Praktik {n}",
            periods=[(1, 5, 2, 0), (10, 15, 2, 1)],
        )
    with django_assert_max_num_queries(6):
        page = offers_search(query="praktik", postal_code="9800", radius_km=25, age=14)
        [(o.offer.partner.name, o.seats_left, o.town) for o in page]
    assert page.count == 30


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def offer_detail_exists():
    from django.urls import NoReverseMatch

    try:
        reverse("marketplace:offer_detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"})
    except NoReverseMatch:
        pytest.skip("marketplace:offer_detail is not there yet")


def test_page_works_without_javascript(market, client, offer_detail_exists):
    offer = make_offer(market, title="Tømrerpraktik", description="Byggeplads.")
    make_offer(market, title="Frisør", description="Hår.")
    response = client.get(
        reverse("marketplace:search"), {"q": "tømrerpraktik", "postal_code": "9800", "radius": "10"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<form" in html and 'method="get"' in html and "<html" in html
    assert 'role="status"' in html and "1 tilbud fundet" in html
    assert reverse("marketplace:offer_detail", kwargs={"uuid": offer.uuid}) in html
    assert "Frisør" not in html
    assert "2 pladser tilbage" in html
    assert "i postnummeret, du søgte på" in html and "0,0 km væk" not in html


def test_htmx_request_gets_only_the_results(market, client, offer_detail_exists):
    make_offer(market, title="Tømrerpraktik")
    response = client.get(
        reverse("marketplace:search"), {"q": "tømrerpraktik"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "Tømrerpraktik" in html
    assert 'hx-swap-oob="innerHTML"' in html and "1 tilbud fundet" in html


def test_empty_state_is_danish_and_bad_input_is_ignored(market, client):
    response = client.get(
        reverse("marketplace:search"), {"q": "elefant", "age": "gammel", "side": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen tilbud passer til din søgning." in html
    assert "0 tilbud fundet" in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_page_query_count(
    world, market_world_offers, client, django_assert_max_num_queries, logged_in
):
    if logged_in:
        from ungegaranti.core.roles import Role

        client.force_login(world.users[Role.YOUNG_PERSON])
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("marketplace:search"),
            {"q": "praktik", "postal_code": "9800", "radius": "25", "sort": "distance"},
        )
    assert response.status_code == 200
    assert "20 pladser tilbage" not in response.content.decode()


@pytest.fixture
def market_world_offers(world, offer_detail_exists):
    for n in range(25):
        make_offer(world.municipality, world.partner_a, title=f"Praktik nummer {n}")


def test_search_triggers_exist(db):
    """A later migration that remakes marketplace_offer on SQLite drops its triggers; it must
    create them again (see migration 0002)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {
                "marketplace_offer_fts_insert",
                "marketplace_offer_fts_update",
                "marketplace_offer_fts_delete",
                "marketplace_partner_name_fts",
            }
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {"marketplace_offer_search_document", "marketplace_partner_name_search"}
        assert expected <= {row[0] for row in cursor.fetchall()}


def test_a_word_finds_the_danish_compounds_that_end_in_it(market):
    partner = make_partner(market)
    make_offer(market, partner, title="Erhvervspraktik som smed")
    make_offer(market, partner, title="Sommerpraktik på kontoret")
    make_offer(market, partner, title="Fritidsjob i butikken")
    assert sorted(titles(offers_search(query="praktik"))) == [
        "Erhvervspraktik som smed",
        "Sommerpraktik på kontoret",
    ]
    assert titles(offers_search(query="praktik smed")) == ["Erhvervspraktik som smed"]
    assert titles(offers_search(query="job")) == []  # under 4 letters: no compound lookup
    assert titles(offers_search(query="fritid")) == ["Fritidsjob i butikken"]  # a prefix


def test_operators_in_the_query_are_plain_words(market):
    make_offer(market, title="Lagerarbejde")
    for query in ["lager' | 'x", 'lager" OR "x*', "lager & !x", "lager\\"]:
        assert titles(offers_search(query=query)) in ([], ["Lagerarbejde"])


def test_the_age_and_grade_filters_find_exactly_whom_the_offers_are_for(market):
    """The search's filters are eligibility.refusals as a query: an offer is found for an age
    and a grade exactly when the offer is for such a young person."""
    partner = make_partner(market)
    terms = {}
    for i, (min_age, max_age, min_grade, max_grade, leavers) in enumerate(
        [
            (13, 17, 7, 9, False),
            (15, 17, None, None, False),
            (13, 14, None, 8, False),
            (15, 17, 9, None, False),
            (15, 17, None, None, True),
            (16, 17, 10, 10, True),
        ]
    ):
        title = f"Tilbud {i}"
        make_offer(
            market,
            partner,
            title=title,
            min_age=min_age,
            max_age=max_age,
            min_grade=min_grade,
            max_grade=max_grade,
            for_school_leavers=leavers,
        )
        terms[title] = OfferTerms(min_age, max_age, min_grade, max_grade, leavers)
    for age in (12, 13, 14, 15, 16, 17, 18):
        for grade in range(0, 11):
            expected = {
                title
                for title, t in terms.items()
                if not refusals(t, Candidate(age=age, grade=grade), support_matters=False)
            }
            assert set(titles(offers_search(age=age, grade=grade, page_size=50))) == expected, (
                age,
                grade,
            )
