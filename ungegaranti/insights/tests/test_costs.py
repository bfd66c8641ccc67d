"""The cost model reproduces the seed's table to the krone and says how each figure rounds."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role

from ..cost_selectors import cost_overview
from ..costs import ROUNDING_COUNTRY, ROUNDING_MUNICIPALITY, ROUNDING_OWN, Area, cost_table
from ..models import Budget, PopulationFigure
from ..services import BUDGET_SET, budget_set

HJOERRING = Area("Hjørring Kommune", 15_509, 2023, "seed")
NORDDJURS = Area("Norddjurs Kommune", 8_638, 2023, "seed")
DENMARK = Area("Danmark", 1_645_441, 2023, "seed", is_country=True)


def test_the_seed_table_to_the_krone():
    own, norddjurs, denmark = cost_table(
        budget_dkk=18_000_000, own=HJOERRING, others=[NORDDJURS, DENMARK]
    )
    # 18,000,000 / 15,509 = 1,160.616...: shown rounded half up.
    assert (own.per_young_person, own.yearly, own.rounding) == (1_161, 18_000_000, ROUNDING_OWN)
    # Another municipality: the rounded 1,161 times its young people (1,161 x 8,638).
    assert (norddjurs.per_young_person, norddjurs.yearly) == (1_161, 10_028_718)
    assert norddjurs.rounding == ROUNDING_MUNICIPALITY
    # The country: the unrounded 1,160.616... times 1,645,441, rounded at the end
    # (1,909,725,836.61 -> 1,909,725,837; with the rounded 1,161 it would be 1,910,357,001).
    assert (denmark.per_young_person, denmark.yearly) == (1_161, 1_909_725_837)
    assert denmark.rounding == ROUNDING_COUNTRY


def test_half_a_krone_rounds_up():
    (own,) = cost_table(budget_dkk=3, own=Area("X", 2, 2023, "s"), others=[])
    assert own.per_young_person == 2


@pytest.mark.django_db
def test_the_population_figures_are_data_with_source_and_year():
    figures = {f.name: f for f in PopulationFigure.objects.filter(year=2023)}
    assert figures["Hjørring Kommune"].young_people == 15_509
    assert figures["Norddjurs Kommune"].code == "707"
    assert figures["Danmark"].area == PopulationFigure.Area.COUNTRY
    assert all("Hjørring Kommune" in f.source for f in figures.values())


def test_the_cost_page_shows_the_seed_table_from_the_entered_budget(world, client_for):
    year = timezone.localdate().year
    secretariat = client_for(Role.SECRETARIAT)
    response = secretariat.post(
        reverse("insights:costs"), {"year": year, "amount": "18.000.000 kr."}
    )
    assert response.status_code == 302
    budget = Budget.objects.get(municipality=world.municipality, year=year)
    assert budget.amount_dkk == 18_000_000
    page = client_for(Role.POLITICIAN).get(reverse("insights:costs"), {"aar": year})
    text = page.content.decode()
    for figure in ("15.509", "1.161", "18.000.000", "10.028.718", "1.909.725.837", "8.638"):
        assert figure in text, figure
    assert "Indtast budget" not in text  # politicians read, the secretariat enters


@pytest.mark.parametrize("amount", ["0", "-18000000", "atten millioner", "1.5", "18,5", ""])
def test_a_budget_that_is_not_a_positive_amount_is_refused_in_danish(world, client_for, amount):
    response = client_for(Role.SECRETARIAT).post(
        reverse("insights:costs"), {"year": timezone.localdate().year, "amount": amount}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Angiv budgettet som et positivt beløb i hele kroner" in text
    assert not Budget.objects.exists()


def test_only_the_secretariat_enters_a_budget(world, client_for):
    response = client_for(Role.POLITICIAN).post(
        reverse("insights:costs"), {"year": 2026, "amount": "1000"}
    )
    assert response.status_code == 403
    assert not Budget.objects.exists()


def test_entering_a_budget_again_corrects_it_and_is_audited(world):
    secretariat = world.users[Role.SECRETARIAT]
    budget_set(
        municipality=world.municipality, year=2026, amount_dkk=17_000_000, acting_user=secretariat
    )
    budget_set(
        municipality=world.municipality, year=2026, amount_dkk=18_000_000, acting_user=secretariat
    )
    assert Budget.objects.get().amount_dkk == 18_000_000
    last = AuditEvent.objects.filter(action=BUDGET_SET).first()
    assert last.changes["amount_dkk"] == [17_000_000, 18_000_000]


def test_cost_per_activity_and_placement_divide_the_budget(world):
    year = timezone.localdate().year
    budget_set(
        municipality=world.municipality,
        year=year,
        amount_dkk=1_000,
        acting_user=world.users[Role.SECRETARIAT],
    )
    overview = cost_overview(municipality=world.municipality, year=year)
    assert overview.population is not None and overview.population.young_people == 15_509
    # The test world has no completed activity or placement this year: no division by zero.
    assert (overview.activities, overview.per_activity) == (0, None)
    assert (overview.placements, overview.per_placement) == (0, None)
