"""Reads of a round's runs: their numbers, whether they are current, every pupil's outcome."""

import json
import statistics
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError

from ungegaranti.people.models import YoungPerson

from ..engine import dumps, from_dict, loads, solve
from ..explain import explain
from ..models import OwnPlace, Round, RoundOffer, Run
from ..warnings import warnings_in_danish
from .rounds import offer_label


def _stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Shares and distances of one group of pupils (rows: via, rank, distance_km or None)."""
    n = len(rows)
    placed = [r for r in rows if r["via"] is not None]
    km = [r["distance_km"] for r in placed]

    def share(count: int) -> float:
        return round(100 * count / n, 1) if n else 0.0

    first = sum(1 for r in rows if r["via"] == "wish" and r["rank"] == 1)
    top3 = sum(1 for r in rows if r["via"] == "wish" and r["rank"] <= 3)
    return {
        "pupils": n,
        "placed": len(placed),
        "first_choice": first,
        "first_choice_pct": share(first),
        "top3": top3,
        "top3_pct": share(top3),
        "locked": sum(1 for r in rows if r["via"] == "locked"),
        "fallback": sum(1 for r in rows if r["via"] == "fallback"),
        "unplaced": n - len(placed),
        "mean_km": round(statistics.fmean(km), 1) if km else 0.0,
        "max_km": round(max(km), 1) if km else 0.0,
    }


def run_summary(*, result: dict[str, Any], schools: dict[str, str]) -> dict[str, Any]:
    """The numbers shown side by side: overall and per school (student id -> school name)."""
    rows = [
        {
            "student": a["student"],
            "via": a["via"],
            "rank": a["rank"],
            "distance_km": a["distance_km"],
        }
        for a in result["assignments"]
    ] + [
        {"student": u["student"], "via": None, "rank": None, "distance_km": None}
        for u in result["unplaced"]
    ]
    by_school: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_school[schools.get(row["student"], "–")].append(row)
    return {
        "overall": _stats(rows),
        "schools": [{"school": name, **_stats(by_school[name])} for name in sorted(by_school)],
        "warnings": len(result["warnings"]),
    }


def runs_current(
    *, round: Round, runs: list[Run], instance: dict[str, Any] | None = None
) -> set[int]:
    """The runs (pks) made on exactly the round's present pupils, wishes, locks and seats:
    only those may be published. One instance is built (or the caller's reused) and compared
    with each run's."""
    from ..instance import instance_build, instance_dumps  # (instance.py imports selectors)

    if not runs:
        return set()
    if instance is None:
        try:
            instance = instance_build(round=round)
        except ValidationError:
            return set()
    current = set()
    for run in runs:
        if instance_dumps({**instance, "mechanism": run.mechanism}) == run.instance_json:
            current.add(run.pk)
    return current


def run_rerun(*, run: Run) -> str:
    """Solve the stored instance again: the text equals run.result_json to the byte."""
    return dumps(solve(loads(run.instance_json)))


def run_outcomes(*, run: Run) -> list[dict[str, Any]]:
    """Every pupil of a run with their offer (or none) and the explanation."""
    instance = json.loads(run.instance_json)
    result = json.loads(run.result_json)
    offers = {o["id"]: o for o in instance["offers"]}
    students = {s["id"]: s for s in instance["students"]}
    round_offers = {
        str(ro.uuid): ro
        for ro in RoundOffer.objects.filter(round_id=run.round_id).select_related("offer__partner")
    }
    own_places = {
        str(own.uuid): own
        for own in OwnPlace.objects.filter(round_id=run.round_id, status=OwnPlace.Status.APPROVED)
    }
    labels = {key: offer_label(ro) for key, ro in round_offers.items()}
    labels.update({key: own.label for key, own in own_places.items()})
    outcomes = []
    for entry in [*result["assignments"], *result["unplaced"]]:
        student = students[entry["student"]]
        outcomes.append(
            {
                "student": entry["student"],
                "round_offer": round_offers.get(entry.get("offer", "")),
                "own_place": own_places.get(entry.get("offer", "")),
                "via": entry.get("via"),
                "rank": entry.get("rank"),
                "distance_km": entry.get("distance_km"),
                "explanation": explain(
                    student=student,
                    outcome=entry,
                    offers=offers,
                    labels=labels,
                    max_fallback_km=instance["max_fallback_km"],
                ),
            }
        )
    return outcomes


def publish_preview(*, run: Run) -> dict[str, Any]:
    """What publishing a run does: pupils told (and of them without a place), partners told."""
    result = json.loads(run.result_json)
    overall = run.summary["overall"]
    partners = (
        RoundOffer.objects.filter(
            round_id=run.round_id, uuid__in={a["offer"] for a in result["assignments"]}
        )
        .values("offer__partner")
        .distinct()
        .count()
    )
    return {
        "pupils": overall["pupils"],
        "placed": overall["placed"],
        "unplaced": overall["unplaced"],
        "fallback": overall["fallback"],
        "partners": partners,
    }


def run_rows(*, run: Run) -> list[dict[str, Any]]:
    """Every pupil of a run with their outcome, by school and surname: two queries."""
    outcomes = run_outcomes(run=run)
    people = {
        str(p.uuid): p
        for p in YoungPerson.objects.filter(
            uuid__in=[o["student"] for o in outcomes]
        ).select_related("school", "school_class")
    }
    rows = [{**o, "person": people[o["student"]]} for o in outcomes]
    rows.sort(
        key=lambda r: (r["person"].school.name if r["person"].school else "", r["person"].last_name)
    )
    return rows


def run_warnings(*, run: Run) -> list[str]:
    """The run's warnings in Danish (placement.warnings), from the instance it was made from."""
    return warnings_in_danish(from_dict(json.loads(run.instance_json)))


def round_runs(*, round: Round, limit: int = 6) -> list[Run]:
    """The round's latest runs, newest first (the page compares the last few)."""
    return list(round.runs.all()[:limit])


def round_run(*, round: Round, uuid: Any) -> Run | None:
    """One run of this round (None for a run of another round)."""
    return round.runs.filter(uuid=uuid).first()
