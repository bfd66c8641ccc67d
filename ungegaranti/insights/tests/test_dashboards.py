"""The dashboards read the summary table, protect small counts for everyone but the
secretariat, and offer each chart's numbers as CSV and XLSX."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from ungegaranti.core.roles import Role

from ..dashboards import Filters, chart_of, dashboard
from ..figures import figures_refresh
from ..models import Figure


def _reached(world, *, exact, **filters):
    year = world.class_a.school_year
    chart = chart_of(
        municipality=world.municipality,
        filters=Filters(school_year=year, **filters),
        key="reached",
        exact=exact,
    )
    return chart.rows


def test_the_secretariat_sees_exact_counts_and_others_protected_ones(world):
    figures_refresh(municipality=world.municipality)
    # Two pupils in 8th grade, neither with a completed activity yet.
    assert _reached(world, exact=True) == [("8.", [0, 2, "0 %"])]
    ((label, (part, whole, share)),) = _reached(world, exact=False)
    assert (str(part), str(whole), share) == ("0", "<5", "–")


def test_a_school_filter_keeps_that_school_s_pupils(world):
    figures_refresh(municipality=world.municipality)
    assert _reached(world, exact=True, school=world.school_a) == [("8.", [0, 1, "0 %"])]
    assert _reached(world, exact=True, district=world.school_b.district)[0][1][1] == 1


def test_refreshing_twice_gives_the_same_table(world):
    figures_refresh(municipality=world.municipality)
    first = sorted(
        Figure.objects.values_list("metric", "school_year", "school", "row", "column", "value")
    )
    figures_refresh(municipality=world.municipality)
    again = sorted(
        Figure.objects.values_list("metric", "school_year", "school", "row", "column", "value")
    )
    assert first == again and first
    assert not Figure.objects.filter(municipality=world.other_municipality).exists()


def test_every_track_has_charts_and_each_chart_an_svg_with_its_table(world, client_for):
    figures_refresh(municipality=world.municipality)
    charts = dashboard(
        municipality=world.municipality,
        filters=Filters(school_year=world.class_a.school_year),
        exact=False,
    )
    assert {c.spec.track for c in charts} == {"BUSINESS", "PRIMARY_SCHOOL", "SUPPORT", "GUIDANCE"}
    page = client_for(Role.POLITICIAN).get(reverse("insights:statistics"))
    text = page.content.decode()
    assert text.count('role="img"') == text.count("<svg")
    assert '<title id="svg-title-reached">' in text
    assert "<script" not in text.split("<main")[-1]  # the charts need no JavaScript


def test_the_dashboard_is_a_few_queries_whatever_the_data(
    world, client_for, django_assert_max_num_queries
):
    figures_refresh(municipality=world.municipality)
    client = client_for(Role.SECRETARIAT)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("insights:statistics")).status_code == 200


def test_downloads_are_protected_for_politicians(world, client_for):
    figures_refresh(municipality=world.municipality)
    year = f"?skoleaar={world.class_a.school_year}"
    client = client_for(Role.POLITICIAN)
    response = client.get(reverse("insights:chart_csv", args=["reached"]) + year)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Klassetrin", "Antal", "I alt", "Andel"]
    assert rows[1] == ["8.", "0", "<5", "–"]
    response = client.get(reverse("insights:chart_xlsx", args=["reached"]) + year)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["8.", 0, "<5", "–"]
    secretariat = client_for(Role.SECRETARIAT).get(
        reverse("insights:chart_csv", args=["reached"]) + year
    )
    assert secretariat.content.decode("utf-8-sig").splitlines()[1] == "8.;0;2;0 %"
    assert client.get(reverse("insights:chart_csv", args=["nothing"])).status_code == 404


def test_the_public_page_shows_protected_aggregates_only(world, client):
    figures_refresh(municipality=world.municipality)
    assert world.municipality.name in client.get(reverse("insights:public_index")).content.decode()
    page = client.get(reverse("insights:public_figures", args=[world.municipality.code]))
    text = page.content.decode()
    assert page.status_code == 200 and "&lt;5" in text
    for person in (world.pupil_a, world.pupil_b, world.adult):
        assert person.last_name not in text


def test_uj_hours_by_district_by_school_and_for_one_school_by_class(world):
    figures_refresh(municipality=world.municipality)
    year = world.class_a.school_year

    def rows(key, **filters):
        chart = chart_of(
            municipality=world.municipality,
            filters=Filters(school_year=year, **filters),
            key=key,
            exact=False,
        )
        return [(label, cells[0]) for label, cells in chart.rows]

    assert rows("uj_district") == [("Distrikt A", 1), ("Distrikt B", 1)]
    assert rows("uj_hours") == [("Skole A", 1), ("Skole B", 1)]
    # Every class of the municipality would be hundreds of rows: one school's at a time.
    assert rows("uj_class") == []
    assert rows("uj_class", school=world.school_a) == [("Skole A 8.a", 1)]
