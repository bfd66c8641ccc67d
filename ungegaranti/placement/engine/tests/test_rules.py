"""One test (or a few) per rule of the allocation format."""

from __future__ import annotations

import json

import pytest

from ungegaranti.placement.engine import ENGINE, solve_text

from .helpers import instance, north_km, offer, placement, run, student

MECHANISMS = ["optimal", "lottery"]


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_result_header_and_engine(mechanism: str) -> None:
    res = run(instance([student("S1", ["O1"])], [offer("O1")], seed=7), mechanism=mechanism)
    assert list(res) == [
        "format",
        "mechanism",
        "seed",
        "engine",
        "assignments",
        "unplaced",
        "summary",
        "warnings",
    ]
    assert res["format"] == "ungegaranti.allocation-result/1"
    assert res["mechanism"] == mechanism
    assert res["seed"] == 7
    assert res["engine"] == ENGINE == "ungegaranti 0.2.0"
    assert res["assignments"] == [
        {"student": "S1", "offer": "O1", "via": "wish", "rank": 1, "distance_km": 0.0}
    ]


def test_seed_override() -> None:
    res = run(instance([student("S1", ["O1"])], [offer("O1")], seed=7), seed=99)
    assert res["seed"] == 99


def test_summary_keys_and_values() -> None:
    inst = instance(
        [
            student("S1", ["O1"]),
            student("S2", ["O1", "O2"]),
            student("S3", locked="O3"),
            student("S4"),
        ],
        [offer("O1"), offer("O2"), offer("O3"), offer("O4", at=north_km(3.0))],
    )
    s = run(inst)["summary"]
    assert list(s) == [
        "students",
        "seats",
        "placed",
        "unplaced",
        "locked",
        "fallback",
        "by_rank",
        "cost",
        "fallback_km_total",
    ]
    assert s == {
        "students": 4,
        "seats": 4,
        "placed": 4,
        "unplaced": 0,
        "locked": 1,
        "fallback": 1,
        "by_rank": {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0},
        "cost": 1 + 4 + 36,
        "fallback_km_total": 3.0,
    }


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_warnings_texts(mechanism: str) -> None:
    inst = instance(
        [student("S4", ["O99", "O1", "O1", "O2"], age=15)],
        [offer("O1"), offer("O2", min_age=16)],
    )
    res = run(inst, mechanism=mechanism)
    assert res["warnings"] == [
        "S4: wish O99 names no offer",
        "S4: wish O1 repeats an earlier wish",
        "S4: wish O2 names an ineligible offer (age 15 not in 16-17)",
    ]
    assert placement(res, "S4") == {
        "student": "S4",
        "offer": "O1",
        "via": "wish",
        "rank": 1,
        "distance_km": 0.0,
    }


def test_ineligible_wish_is_ignored_and_ranks_close_up() -> None:
    # O1 refuses support pupils, so O2 becomes rank 1; O1 is never used, not even as fallback.
    inst = instance(
        [student("S1", ["O1", "O2"], support=True)],
        [offer("O1", support_suitable=False), offer("O2")],
    )
    res = run(inst)
    assert placement(res, "S1") == {
        "student": "S1",
        "offer": "O2",
        "via": "wish",
        "rank": 1,
        "distance_km": 0.0,
    }
    assert res["warnings"] == [
        "S1: wish O1 names an ineligible offer (not suitable for support pupils)"
    ]


def test_grade_eligibility() -> None:
    res = run(instance([student("S1", ["O1"], grade=7, age=13)], [offer("O1", grades=[8, 9])]))
    assert res["assignments"] == []
    assert res["warnings"] == ["S1: wish O1 names an ineligible offer (grade 7 not in [8, 9])"]
    assert res["unplaced"][0]["student"] == "S1"


def test_only_first_five_valid_wishes_count() -> None:
    offers = [offer(f"O{i}", capacity=0 if i <= 5 else 1) for i in range(1, 7)]
    # O1-O5 are full (capacity 0); O6 is the sixth valid wish: not ranked, so it is a fallback.
    inst = instance([student("S1", ["O9", "O1", "O2", "O3", "O4", "O5", "O6"])], offers)
    a = placement(run(inst), "S1")
    assert a is not None and a["offer"] == "O6" and a["via"] == "fallback" and a["rank"] is None


def test_invalid_wishes_do_not_use_up_the_five() -> None:
    offers = [offer(f"O{i}", capacity=0) for i in range(1, 5)] + [offer("O5"), offer("O6")]
    inst = instance([student("S1", ["O1", "X", "O1", "O2", "O3", "O4", "O5"])], offers)
    assert placement(run(inst), "S1") == {
        "student": "S1",
        "offer": "O5",
        "via": "wish",
        "rank": 5,
        "distance_km": 0.0,
    }


def test_wish_order_is_respected() -> None:
    inst = instance([student("S1", ["O2", "O1"])], [offer("O1"), offer("O2")])
    assert placement(run(inst), "S1")["offer"] == "O2"  # type: ignore[index]


def test_wish_beyond_the_distance_limit_still_counts() -> None:
    far = north_km(80.0)
    inst = instance([student("S1", ["O1"])], [offer("O1", at=far), offer("O2")])
    a = placement(run(inst), "S1")
    assert (
        a is not None
        and a["offer"] == "O1"
        and a["via"] == "wish"
        and a["distance_km"] == pytest.approx(80.0, abs=0.01)
    )


def test_ranked_wish_is_never_reported_as_fallback() -> None:
    # S2 takes O1 (its only option); S1 ends on O2, which it also wished: that is rank 2.
    inst = instance(
        [student("S1", ["O1", "O2"]), student("S2", ["O1"])], [offer("O1"), offer("O2")]
    )
    res = run(inst)
    assert placement(res, "S1") == {
        "student": "S1",
        "offer": "O2",
        "via": "wish",
        "rank": 2,
        "distance_km": 0.0,
    }


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_fallback_respects_distance_limit(mechanism: str) -> None:
    inst = instance([student("S1")], [offer("O1", at=north_km(30.0))], max_fallback_km=25.0)
    res = run(inst, mechanism=mechanism)
    assert res["assignments"] == []
    assert res["unplaced"] == [
        {"student": "S1", "reason": "no eligible offer with a free seat within 25 km"}
    ]


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_null_limit_means_no_limit(mechanism: str) -> None:
    inst = instance([student("S1")], [offer("O1", at=north_km(300.0))], max_fallback_km=None)
    a = placement(run(inst, mechanism=mechanism), "S1")
    assert (
        a is not None
        and a["via"] == "fallback"
        and a["distance_km"] == pytest.approx(300.0, abs=0.01)
    )


def test_fallback_takes_the_nearest_free_seat() -> None:
    inst = instance(
        [student("S1")],
        [
            offer("O1", at=north_km(9.0)),
            offer("O2", at=north_km(2.0)),
            offer("O3", at=north_km(5.0)),
        ],
    )
    a = placement(run(inst), "S1")
    assert a is not None and a["offer"] == "O2" and a["via"] == "fallback"


def test_unplaced_reason_without_any_eligible_offer() -> None:
    res = run(instance([student("S1", age=13)], [offer("O1", min_age=15)]))
    assert res["unplaced"] == [
        {
            "student": "S1",
            "reason": "no offer in the round is eligible for this student (age, grade or support needs)",
        }
    ]


def test_locked_keeps_seat_and_uses_capacity() -> None:
    inst = instance(
        [student("S1", ["O1"]), student("S2", locked="O1")],
        [offer("O1"), offer("O2", at=north_km(1.0))],
    )
    res = run(inst)
    assert placement(res, "S2") == {
        "student": "S2",
        "offer": "O1",
        "via": "locked",
        "rank": None,
        "distance_km": 0.0,
    }
    assert placement(res, "S1")["offer"] == "O2"  # type: ignore[index]


def test_lock_on_ineligible_offer_is_kept_with_warning() -> None:
    res = run(instance([student("S1", age=13, locked="O1")], [offer("O1", min_age=15)]))
    assert placement(res, "S1")["via"] == "locked"  # type: ignore[index]
    assert res["warnings"] == [
        "S1: locked to O1, which is not eligible (age 13 not in 15-17); kept as locked"
    ]


def test_optimal_places_as_many_as_possible() -> None:
    # S1 could take O1 (its wish) but then S2, who can only go to O1, is left out.
    inst = instance(
        [student("S1", ["O1"]), student("S2", ["O1"], support=True)],
        [offer("O1"), offer("O2", support_suitable=False, at=north_km(4.0))],
    )
    res = run(inst)
    assert res["summary"]["placed"] == 2
    assert placement(res, "S2")["offer"] == "O1"  # type: ignore[index]


def test_optimal_squared_costs_prefer_fairness() -> None:
    # Ranks (1, 3) and (2, 2) have the same linear sum; squared costs (10 vs 8) pick (2, 2).
    inst = instance(
        [student("S1", ["A", "B"]), student("S2", ["F", "A", "B"])],
        [offer("A"), offer("B"), offer("F", capacity=0)],
    )
    res = run(inst)
    assert res["summary"]["cost"] == 8
    assert placement(res, "S1")["offer"] == "B"  # type: ignore[index]
    assert placement(res, "S2")["offer"] == "A"  # type: ignore[index]


def test_optimal_minimises_fallback_distance() -> None:
    inst = instance(
        [student("S1", home=north_km(0.0)), student("S2", home=north_km(10.0))],
        [offer("O1", at=north_km(1.0)), offer("O2", at=north_km(11.0))],
    )
    res = run(inst)
    assert placement(res, "S1")["offer"] == "O1"  # type: ignore[index]
    assert res["summary"]["fallback_km_total"] == pytest.approx(2.0, abs=0.01)


def test_lottery_support_pupils_choose_first() -> None:
    inst = instance(
        [student(f"S{i}", ["O1"]) for i in range(1, 6)] + [student("S9", ["O1"], support=True)],
        [offer("O1"), offer("O2")],
        mechanism="lottery",
    )
    for seed in range(5):
        assert placement(run(inst, seed=seed), "S9")["offer"] == "O1"  # type: ignore[index]


def test_lottery_order_depends_on_seed() -> None:
    inst = instance(
        [student(f"S{i}", ["O1"]) for i in range(1, 9)],
        [offer("O1"), offer("O2", capacity=7)],
        mechanism="lottery",
    )
    winners = {
        next(a["student"] for a in run(inst, seed=seed)["assignments"] if a["offer"] == "O1")
        for seed in range(30)
    }
    assert len(winners) > 3


def test_sorting_by_plain_string_order() -> None:
    ids = ["S10", "S2", "S1", "b", "A"]
    inst = instance([student(i) for i in ids], [offer("O1", capacity=3)])
    res = run(inst)
    got = [a["student"] for a in res["assignments"]] + [u["student"] for u in res["unplaced"]]
    assert [a["student"] for a in res["assignments"]] == sorted(
        a["student"] for a in res["assignments"]
    )
    assert [u["student"] for u in res["unplaced"]] == sorted(u["student"] for u in res["unplaced"])
    assert sorted(got) == sorted(ids)


def test_rounding_of_distances() -> None:
    inst = instance(
        [student("S1", home=north_km(0.0)), student("S2", home=north_km(0.0))],
        [offer("O1", at=north_km(1.2345)), offer("O2", at=north_km(2.3449))],
    )
    res = run(inst)
    dists = sorted(a["distance_km"] for a in res["assignments"])
    assert dists == [1.23, 2.34]
    # The total is the rounded sum of unrounded distances (3.5794 -> 3.58), not 1.23 + 2.34.
    assert res["summary"]["fallback_km_total"] == 3.58


def test_output_is_deterministic_text() -> None:
    inst = json.dumps(
        instance(
            [student(f"S{i}", ["O1", "O2"]) for i in range(6)], [offer("O1", 2), offer("O2", 2)]
        )
    )
    a = solve_text(inst)
    assert a == solve_text(inst)
    assert a.endswith("}\n")


def test_result_independent_of_list_order() -> None:
    studs = [student(f"S{i}", ["O1", "O2"]) for i in range(6)]
    offs = [offer("O1", 2), offer("O2", 2), offer("O3", 1)]
    a = solve_text(json.dumps(instance(studs, offs)))
    b = solve_text(json.dumps(instance(studs[::-1], offs[::-1])))
    assert a == b
