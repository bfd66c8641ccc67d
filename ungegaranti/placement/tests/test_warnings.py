"""The allocation's warnings reach the coordinator in Danish, worded by code (issue 15)."""

from ungegaranti.placement.engine import INSTANCE_FORMAT, from_dict, solve
from ungegaranti.placement.engine.generate import generate
from ungegaranti.placement.engine.problem import WARNING_CODES
from ungegaranti.placement.warnings import REASON_TEXTS, WARNING_TEXTS, warnings_in_danish

ENGLISH = ("wish", "names", "offer", "eligible", "not in", "repeats", "locked", "support pupils")


def _instance():
    return {
        "format": INSTANCE_FORMAT,
        "mechanism": "optimal",
        "seed": 1,
        "max_fallback_km": None,
        "offers": [
            {
                "id": "O1",
                "capacity": 2,
                "location": {"lat": 57.46, "lon": 9.98},
                "min_age": 13,
                "max_age": 17,
                "grades": [8, 9],
                "support_suitable": False,
            },
        ],
        "students": [
            {
                "id": "S1",
                "age": 12,
                "grade": 7,
                "home": {"lat": 57.46, "lon": 9.98},
                "support": True,
                "wishes": ["O1", "O9", "O1"],
                "locked": None,
            },
            {
                "id": "S2",
                "age": 14,
                "grade": 7,
                "home": {"lat": 57.46, "lon": 9.98},
                "support": False,
                "wishes": [],
                "locked": "O1",
            },
        ],
    }


def test_every_warning_code_has_a_danish_text():
    assert set(WARNING_TEXTS) == set(WARNING_CODES)
    assert set(REASON_TEXTS) == {"age", "grade", "support"}


def test_the_warnings_are_danish_and_agree_with_the_engines():
    data = _instance()
    danish = warnings_in_danish(from_dict(data))
    assert danish == [
        "S1: ønsket O1 passer ikke til eleven (eleven er 12 år, tilbuddet er for 13-17-årige; "
        "eleven går i 7. klasse, tilbuddet er for 8., 9. klasse; tilbuddet er ikke tilrettelagt "
        "til elever med støttebehov), så det tæller ikke",
        "S1: ønsket O9 er ikke et af rundens tilbud, så det tæller ikke",
        "S1: ønsket O1 står der allerede, så det tæller kun én gang",
        "S2: er låst til O1, som ikke passer til eleven (eleven går i 7. klasse, tilbuddet er for "
        "8., 9. klasse); låsen er beholdt",
    ]
    english = solve(from_dict(data))["warnings"]
    assert len(english) == len(danish)
    for text in danish:
        assert not any(f" {word} " in f" {text} " for word in ENGLISH), text


def test_as_many_danish_warnings_as_the_engine_finds_on_a_generated_round():
    data = generate(students=300, offers=40, seed=7)
    assert len(warnings_in_danish(from_dict(data))) == len(solve(from_dict(data))["warnings"])


def test_the_run_page_shows_the_warnings_in_danish(world, client_for):
    """A wish that no longer fits (the offer's ages changed after the pupil wished it) is
    reported on the run page in Danish, not in the engine's English."""
    from django.urls import reverse

    from ungegaranti.core.roles import Role
    from ungegaranti.core.tests.danish import english_words
    from ungegaranti.marketplace.models import Offer

    from ..services import round_close, run_create
    from .helpers import open_round, wish, wp_offer

    coordinator = Role.WORK_EXPERIENCE_COORDINATOR
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    wish(world, round, world.pupil_a, "Smed")
    Offer.objects.filter(title="Smed").update(min_age=20, max_age=29)
    round = round_close(round=round, acting_user=world.users[coordinator])
    run = run_create(round=round, mechanism="optimal", acting_user=world.users[coordinator])
    html = (
        client_for(coordinator)
        .get(reverse("placement:run_detail", kwargs={"uuid": run.uuid}))
        .content.decode()
    )
    assert "passer ikke til eleven" in html
    assert "tilbuddet er for 20-29-årige" in html
    assert english_words(html) == set()
