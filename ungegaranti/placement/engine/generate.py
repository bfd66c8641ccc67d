"""Synthetic but realistic allocation instances, for tests, demos and the benchmark.

Homes and workplaces are spread around real town centres (Hjørring's postal towns for a
municipal round, Danish towns for a national one) with a few km of jitter; offers have
Zipf-skewed popularity, mostly in the pupil's own town; ~7 % support pupils; total capacity
about 1.1 x pupils; a few valid locks; a few invalid wishes to exercise the warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .instance import INSTANCE_FORMAT

# (name, lat, lon, weight ~ population in thousands)
HJORRING_TOWNS = [
    ("Hjørring", 57.464, 9.982, 25.0),
    ("Hirtshals", 57.588, 9.959, 5.7),
    ("Sindal", 57.472, 10.204, 2.9),
    ("Vrå", 57.354, 9.942, 2.4),
    ("Løkken", 57.371, 9.713, 1.6),
    ("Tårs", 57.383, 10.117, 1.1),
    ("Bindslev", 57.540, 10.202, 0.7),
]
DANISH_TOWNS = [
    ("København", 55.676, 12.568, 660.0),
    ("Aarhus", 56.157, 10.211, 290.0),
    ("Odense", 55.404, 10.402, 185.0),
    ("Aalborg", 57.048, 9.919, 120.0),
    ("Esbjerg", 55.476, 8.459, 72.0),
    ("Randers", 56.461, 10.036, 63.0),
    ("Kolding", 55.490, 9.472, 62.0),
    ("Horsens", 55.861, 9.850, 60.0),
    ("Vejle", 55.709, 9.536, 60.0),
    ("Roskilde", 55.642, 12.080, 52.0),
    ("Herning", 56.139, 8.974, 51.0),
    ("Hørsholm", 55.881, 12.501, 47.0),
    ("Helsingør", 56.036, 12.614, 47.0),
    ("Silkeborg", 56.170, 9.545, 50.0),
    ("Næstved", 55.230, 11.761, 44.0),
    ("Fredericia", 55.566, 9.752, 41.0),
    ("Viborg", 56.453, 9.402, 41.0),
    ("Køge", 55.458, 12.182, 38.0),
    ("Holstebro", 56.360, 8.616, 37.0),
    ("Slagelse", 55.404, 11.354, 34.0),
    ("Hillerød", 55.927, 12.311, 36.0),
    ("Sønderborg", 54.909, 9.792, 27.0),
    ("Svendborg", 55.060, 10.607, 27.0),
    ("Hjørring", 57.464, 9.982, 25.0),
    ("Holbæk", 55.717, 11.713, 29.0),
    ("Frederikshavn", 57.441, 10.534, 22.0),
    ("Ringsted", 55.443, 11.790, 23.0),
    ("Haderslev", 55.249, 9.488, 22.0),
    ("Skive", 56.567, 9.027, 20.0),
    ("Thisted", 56.955, 8.694, 13.0),
    ("Nykøbing Falster", 54.769, 11.874, 16.0),
    ("Rønne", 55.100, 14.706, 13.0),
    ("Aabenraa", 55.044, 9.418, 16.0),
    ("Ribe", 55.328, 8.762, 8.0),
    ("Grenaa", 56.416, 10.878, 14.0),
    ("Skagen", 57.720, 10.583, 8.0),
]
MUNICIPAL_MAX_STUDENTS = 5000
KM_PER_DEG_LAT = 111.2


def generate(students: int, offers: int, seed: int) -> dict[str, Any]:
    """A valid instance as a dict (dump it with json.dumps)."""
    rng = np.random.default_rng(seed)
    towns = HJORRING_TOWNS if students <= MUNICIPAL_MAX_STUDENTS else DANISH_TOWNS
    t_lat = np.array([t[1] for t in towns])
    t_lon = np.array([t[2] for t in towns])
    t_w = np.array([t[3] for t in towns])
    spread = np.minimum(1.5 + np.sqrt(t_w) / 4.0, 6.0)  # km; big cities sprawl more

    def places(count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        town = rng.choice(len(towns), size=count, p=t_w / t_w.sum())
        lat = t_lat[town] + rng.normal(0.0, spread[town]) / KM_PER_DEG_LAT
        lon = t_lon[town] + rng.normal(0.0, spread[town]) / (
            KM_PER_DEG_LAT * np.cos(np.radians(t_lat[town]))
        )
        return town, np.round(lat, 5), np.round(lon, 5)

    o_town, o_lat, o_lon = places(offers)
    s_town, s_lat, s_lon = places(students)
    offer_list = _offers(rng, offers, students, o_lat, o_lon)
    grade = rng.choice([7, 8, 9], size=students)
    age = grade + 6 + (rng.random(students) < 0.2)
    support = rng.random(students) < 0.07

    def admits(i: int, o: int) -> bool:
        # Pupils mostly wish offers they may take (the app refuses ineligible wishes).
        off = offer_list[o]
        return bool(
            off["min_age"] <= age[i] <= off["max_age"]
            and grade[i] in off["grades"]
            and (not support[i] or off["support_suitable"])
        )

    wishes = _wishes(rng, students, offers, s_town, o_town, t_lat, t_lon, admits)
    width = len(str(max(students, 1)))
    student_list = [
        {
            "id": f"S{i + 1:0{width}d}",
            "age": int(age[i]),
            "grade": int(grade[i]),
            "home": {"lat": float(s_lat[i]), "lon": float(s_lon[i])},
            "support": bool(support[i]),
            "wishes": [offer_list[o]["id"] for o in wishes[i]],
            "locked": None,
        }
        for i in range(students)
    ]
    _spoil_some_wishes(rng, student_list, offers)
    _lock_some(rng, student_list, offer_list)
    return {
        "format": INSTANCE_FORMAT,
        "mechanism": "optimal",
        "seed": seed,
        "max_fallback_km": 25.0,
        "students": student_list,
        "offers": offer_list,
    }


def _offers(
    rng: np.random.Generator, offers: int, students: int, lat: np.ndarray, lon: np.ndarray
) -> list[dict[str, Any]]:
    raw = rng.lognormal(0.8, 0.6, size=offers)
    cap = np.maximum(1, np.round(raw * 1.1 * students / max(raw.sum(), 1e-9))).astype(int)
    min_age = rng.choice([13, 14, 15], size=offers, p=[0.7, 0.2, 0.1])
    max_age = rng.choice([16, 17, 18], size=offers, p=[0.1, 0.5, 0.4])
    grade_sets = [[7, 8, 9], [8, 9], [9]]
    grades = rng.choice(3, size=offers, p=[0.7, 0.2, 0.1])
    suitable = rng.random(offers) < 0.3
    width = len(str(max(offers, 1)))
    return [
        {
            "id": f"O{j + 1:0{width}d}",
            "capacity": int(cap[j]),
            "location": {"lat": float(lat[j]), "lon": float(lon[j])},
            "min_age": int(min_age[j]),
            "max_age": int(max_age[j]),
            "grades": grade_sets[int(grades[j])],
            "support_suitable": bool(suitable[j]),
        }
        for j in range(offers)
    ]


def _wishes(
    rng: np.random.Generator,
    students: int,
    offers: int,
    s_town: np.ndarray,
    o_town: np.ndarray,
    t_lat: np.ndarray,
    t_lon: np.ndarray,
    admits: Callable[[int, int], bool],
) -> list[list[int]]:
    """Up to 5 distinct wishes each, mostly local, skewed towards popular offers (Zipf)."""
    if offers == 0:
        return [[] for _ in range(students)]
    popularity = 1.0 / rng.permutation(np.arange(1, offers + 1)) ** 0.6
    by_town = {int(t): np.flatnonzero(o_town == t) for t in np.unique(o_town)}
    cum = {t: np.cumsum(popularity[idx]) for t, idx in by_town.items()}
    everywhere = np.cumsum(popularity)
    # Nearest towns that have offers, for the odd wish outside one's own town.
    have = np.array(sorted(by_town))
    d2 = (t_lat[:, None] - t_lat[have][None, :]) ** 2 + (
        (t_lon[:, None] - t_lon[have][None, :]) * 0.55
    ) ** 2
    near = have[np.argsort(d2, axis=1)[:, :3]]
    count = rng.choice([0, 1, 2, 3, 4, 5], size=students, p=[0.03, 0.04, 0.05, 0.08, 0.10, 0.70])
    out: list[list[int]] = []
    tries = 16
    draws = rng.random((students, tries))
    where = rng.random((students, tries))
    pick_town = rng.integers(0, 3, size=(students, tries))
    for i in range(students):
        chosen: list[int] = []
        for j in range(tries):
            if len(chosen) >= count[i]:
                break
            town = int(s_town[i]) if where[i, j] < 0.8 else int(near[s_town[i], pick_town[i, j]])
            if town in by_town:
                c = cum[town]
                o = int(
                    by_town[town][
                        np.searchsorted(c, draws[i, j] * c[-1], side="right").clip(0, len(c) - 1)
                    ]
                )
            else:
                o = int(
                    np.searchsorted(everywhere, draws[i, j] * everywhere[-1], side="right").clip(
                        0, offers - 1
                    )
                )
            if o not in chosen and admits(i, o):
                chosen.append(o)
        out.append(chosen)
    return out


def _spoil_some_wishes(
    rng: np.random.Generator, students: list[dict[str, Any]], offers: int
) -> None:
    """About 1 % of pupils name an offer that does not exist or repeat a wish."""
    for i in np.flatnonzero(rng.random(len(students)) < 0.01):
        wishes = students[int(i)]["wishes"]
        if wishes and rng.random() < 0.5:
            wishes.insert(1, wishes[0])
        else:
            wishes.insert(0, f"O{offers + 1 + int(i)}-withdrawn")


def _lock_some(
    rng: np.random.Generator, students: list[dict[str, Any]], offers: list[dict[str, Any]]
) -> None:
    """A few support pupils are locked by hand to their first wish (never over capacity)."""
    index = {o["id"]: o for o in offers}
    left = {o["id"]: o["capacity"] for o in offers}
    candidates = [s for s in students if s["support"] and s["wishes"]]
    want = max(1, len(students) // 400) if students else 0
    for k in rng.permutation(len(candidates))[:want]:
        s = candidates[int(k)]
        o = s["wishes"][0]
        if o in index and left[o] > 0:
            s["locked"] = o
            left[o] -= 1
