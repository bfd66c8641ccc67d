"""Explanations in plain Danish for each kind of outcome."""

import pytest

from ..explain import explain

OFFERS = {
    o: {"min_age": 13, "max_age": 17, "grades": [8], "support_suitable": s}
    for o, s in (("A", True), ("B", True), ("C", True), ("D", False))
}
LABELS = {"A": "Smed", "B": "Kok", "C": "Frisør", "D": "Havn"}


def _student(wishes, support=False, grade=8):
    return {"age": 14, "grade": grade, "support": support, "wishes": wishes}


def _explain(student, outcome, km=25.0):
    return explain(
        student=student, outcome=outcome, offers=OFFERS, labels=LABELS, max_fallback_km=km
    )


def test_wishes():
    s = _student(["A", "B", "C"])
    assert _explain(s, {"offer": "A", "via": "wish", "rank": 1}) == "Du fik dit 1. ønske: Smed."
    assert (
        _explain(s, {"offer": "C", "via": "wish", "rank": 3})
        == "Pladserne på dine 1. og 2. ønsker var optaget; du fik dit 3. ønske: Frisør."
    )


def test_fallback_locked_and_unplaced():
    s = _student(["A", "B"])
    text = _explain(s, {"offer": "C", "via": "fallback", "rank": None, "distance_km": 3.25})
    assert text.startswith("Pladserne på alle dine 2 ønsker var optaget; du fik en ledig plads")
    assert "3,2 km hjemmefra: Frisør." in text
    assert _explain(s, {"offer": "B", "via": "locked", "rank": None}) == (
        "Din praktikkoordinator har placeret dig hos Kok."
    )
    assert "inden for 25 km" in _explain(s, {"student": "x", "reason": "..."})
    nobody = _student([], grade=9)
    assert _explain(nobody, {"student": "x", "reason": "..."}).startswith(
        "Ingen af rundens erhvervspraktikpladser passer"
    )


def _placement(via, rank=None, km=None):
    from types import SimpleNamespace

    offer = SimpleNamespace(
        title="Erhvervspraktik som kok", partner=SimpleNamespace(name="Havnecaféen")
    )
    return SimpleNamespace(
        via=via, rank=rank, distance_km=km, round_offer=SimpleNamespace(offer=offer)
    )


@pytest.mark.parametrize(
    ("via", "rank", "km", "had_wishes", "expected"),
    [
        ("WISH", 1, None, True, "Agnes fik sit 1. ønske: Kok – Havnecaféen."),
        (
            "WISH",
            3,
            None,
            True,
            "Agnes fik sit 3. ønske (pladserne på de højere var optaget): Kok – Havnecaféen.",
        ),
        (
            "LOCKED",
            None,
            None,
            False,
            "Agnes er placeret af praktikkoordinatoren: Kok – Havnecaféen.",
        ),
        (
            "FALLBACK",
            None,
            4.25,
            True,
            "Agnes fik en ledig plads uden for ønskerne, 4,2 km hjemmefra: Kok – Havnecaféen.",
        ),
        (
            "FALLBACK",
            None,
            12.0,
            False,
            "Agnes havde ikke ønsket og fik en ledig plads, 12,0 km hjemmefra: Kok – Havnecaféen.",
        ),
        ("UNPLACED", None, None, False, "Agnes havde ikke ønsket og har ikke fået en plads."),
        (
            "UNPLACED",
            None,
            None,
            True,
            "Agnes har ikke fået en plads: pladserne på ønskerne var optaget",
        ),
    ],
)
def test_the_staff_summary_speaks_of_the_pupil(via, rank, km, had_wishes, expected):
    from ..explain import summary_for_staff

    text = summary_for_staff(
        placement=_placement(via, rank, km), name="Agnes", had_wishes=had_wishes
    )
    assert text.startswith(expected)
    assert "du " not in text.lower() and "dit " not in text.lower()
