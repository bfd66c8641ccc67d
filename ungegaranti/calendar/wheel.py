"""The geometry of the annual wheel: twelve months clockwise from 1 August at the top, one ring
per track, each item a dot (one day) or an arc (several days) on its track's ring. Pure: the
template draws what this returns as SVG."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from ungegaranti.core.schoolyear import school_year_bounds

SIZE = 640
CENTRE = SIZE / 2
INNER = 96  # radius where the innermost ring begins
RING = 42  # width of one track ring
LABEL_GAP = 26  # from the outermost ring to the month names
DOT = 9
# Arcs on one ring that would overlap are moved to a second lane.
LANE_OFFSET = 11

TRACK_ORDER = ("PRIMARY_SCHOOL", "GUIDANCE", "SUPPORT", "BUSINESS")
TRACK_COLOURS = {
    "PRIMARY_SCHOOL": "#2e6b30",
    "GUIDANCE": "#8a4b00",
    "SUPPORT": "#9c2f6b",
    "BUSINESS": "#1d5a94",
}


@dataclass
class Placed:
    kind: str  # "dot" or "arc"
    colour: str
    path: str = ""
    cx: float = 0.0
    cy: float = 0.0


def _angle(day: date, year: int) -> float:
    """Degrees clockwise from the top for the start of `day`."""
    first, last = school_year_bounds(year)
    total = (last - first).days + 1
    return 360.0 * (day - first).days / total


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle - 90)
    return round(CENTRE + radius * math.cos(rad), 2), round(CENTRE + radius * math.sin(rad), 2)


def _arc(start: float, end: float, radius: float) -> str:
    x1, y1 = _point(start, radius)
    x2, y2 = _point(end, radius)
    large = 1 if end - start > 180 else 0
    return f"M {x1} {y1} A {radius} {radius} 0 {large} 1 {x2} {y2}"


def _sector(start: float, end: float, inner: float, outer: float) -> str:
    ox1, oy1 = _point(start, outer)
    ox2, oy2 = _point(end, outer)
    ix1, iy1 = _point(end, inner)
    ix2, iy2 = _point(start, inner)
    return (
        f"M {ox1} {oy1} A {outer} {outer} 0 0 1 {ox2} {oy2} "
        f"L {ix1} {iy1} A {inner} {inner} 0 0 0 {ix2} {iy2} Z"
    )


def ring_radius(track_kind: str) -> float:
    """The middle of the track's ring."""
    index = TRACK_ORDER.index(track_kind) if track_kind in TRACK_ORDER else 0
    return INNER + RING * index + RING / 2


def outer_radius() -> float:
    return INNER + RING * len(TRACK_ORDER)


def months(year: int, names: list[str]) -> list[dict[str, object]]:
    """Twelve month sectors (alternately shaded) with their labels; names[0] is August."""
    rows = []
    for i in range(12):
        month = (7 + i) % 12 + 1
        first = date(year + (month < 8), month, 1)
        next_first = date(first.year + (month == 12), month % 12 + 1, 1)
        start, end = _angle(first, year), _angle(next_first, year) if i < 11 else 360.0
        lx, ly = _point((start + end) / 2, outer_radius() + LABEL_GAP)
        tick_in = _point(start, INNER)
        tick_out = _point(start, outer_radius() + 6)
        rows.append(
            {
                "sector": _sector(start, end - 1e-6, INNER, outer_radius()),
                "shaded": i % 2 == 1,
                "label": names[i],
                "lx": lx,
                "ly": ly,
                "tick": (*tick_in, *tick_out),
            }
        )
    return rows


def rings() -> list[dict[str, object]]:
    return [
        {"kind": kind, "r": INNER + RING * (i + 1), "colour": TRACK_COLOURS[kind]}
        for i, kind in enumerate(TRACK_ORDER)
    ]


def today_hand(year: int, today: date) -> dict[str, float] | None:
    first, last = school_year_bounds(year)
    if not first <= today <= last:
        return None
    angle = _angle(today, year) + 0.5 * 360 / ((last - first).days + 1)
    x1, y1 = _point(angle, INNER - 10)
    x2, y2 = _point(angle, outer_radius() + 8)
    return {"x1": x1, "y1": y1, "x2": x2, "y2": y2}


def place(spans: list[tuple[str, date, date]], year: int) -> list[Placed]:
    """Place (track kind, first day, last day) spans; returns one Placed per span, in order.
    Days outside the school year are clamped to its edges."""
    first, last = school_year_bounds(year)
    total = (last - first).days + 1
    lane_end: dict[tuple[str, int], float] = {}
    placed: list[Placed] = []
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1], spans[i][2]))
    result: dict[int, Placed] = {}
    for i in order:
        kind, start, end = spans[i]
        start = min(max(start, first), last)
        end = min(max(end, start), last)
        a0 = _angle(start, year)
        a1 = _angle(end + timedelta(days=1), year) if end < last else 360.0
        lane = 0
        if lane_end.get((kind, 0), -99.0) > a0 - 2:
            lane = 1 if lane_end.get((kind, 1), -99.0) <= a0 - 2 else 0
        radius = ring_radius(kind) + (LANE_OFFSET if lane else -LANE_OFFSET * 0.6)
        colour = TRACK_COLOURS.get(kind, "#333333")
        if (end - start).days >= 1:
            result[i] = Placed(kind="arc", colour=colour, path=_arc(a0, max(a1, a0 + 2), radius))
        else:
            centre = a0 + 0.5 * 360 / total
            cx, cy = _point(centre, radius)
            result[i] = Placed(kind="dot", colour=colour, cx=cx, cy=cy)
        lane_end[(kind, lane)] = max(a1, a0 + 4)
    placed = [result[i] for i in range(len(spans))]
    return placed
