"""Turn a validated instance into arrays the mechanisms work on.

Students and offers are indexed in plain string order of their ids, so the result never
depends on the order of the lists in the instance file. This module applies the format's
wish rules (no offer / repeated / ineligible wishes are ignored with a warning; of the rest
the first 5 count) and works out eligibility per *class* of students, because eligibility
depends only on (age, grade, support) and a cohort has few such classes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .geo import haversine_km_array, unit_vectors
from .instance import Instance, Offer, Student

MAX_WISHES = 5

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

EligKey = tuple[int, int, bool]


@dataclass
class Problem:
    instance: Instance
    students: list[Student]  # sorted by id
    offers: list[Offer]  # sorted by id
    # Per student: offer indices of the counted wishes (rank = position + 1), padded with -1.
    wishes: IntArray  # shape (n, MAX_WISHES)
    locked: IntArray  # offer index or -1
    elig_class: IntArray  # index into class_masks
    class_masks: list[BoolArray]  # per class: which offers admit it
    remaining: IntArray  # seats per offer after locked students took theirs
    home: FloatArray  # (n, 2) lat, lon
    place: FloatArray  # (m, 2) lat, lon
    home_vec: FloatArray = field(repr=False)  # (n, 3) unit vectors
    place_vec: FloatArray = field(repr=False)  # (m, 3)
    warnings: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.students)

    @property
    def m(self) -> int:
        return len(self.offers)

    def distance_km(self, s: IntArray, o: IntArray) -> FloatArray:
        """Great-circle distances between student homes and offers, element-wise."""
        return haversine_km_array(
            self.home[s, 0], self.home[s, 1], self.place[o, 0], self.place[o, 1]
        )

    def eligible(self, s: int, o: int) -> bool:
        return bool(self.class_masks[int(self.elig_class[s])][o])

    def has_eligible_seat(self, s: int) -> bool:
        """Whether any offer in the instance admits the student and has a seat at all."""
        mask = self.class_masks[int(self.elig_class[s])]
        return bool(np.any(mask & (self.remaining > 0)))


def build(instance: Instance) -> Problem:
    students = sorted(instance.students, key=lambda s: s.id)
    offers = sorted(instance.offers, key=lambda o: o.id)
    offer_index = {o.id: i for i, o in enumerate(offers)}
    elig_class, class_masks = _classes(students, offers)
    n = len(students)
    wishes = np.full((n, MAX_WISHES), -1, dtype=np.int64)
    locked = np.full(n, -1, dtype=np.int64)
    warnings: list[str] = []
    for i, s in enumerate(students):
        mask = class_masks[int(elig_class[i])]
        if s.locked is not None:
            o = offer_index[s.locked]
            locked[i] = o
            if not mask[o]:
                warnings.append(
                    f"{s.id}: locked to {s.locked}, which is not eligible ({offers[o].refusal(s)}); kept as locked"
                )
        ranked = _rank_wishes(s, offer_index, offers, mask, warnings)
        wishes[i, : len(ranked)] = ranked
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    remaining = capacity - np.bincount(locked[locked >= 0], minlength=len(offers)).astype(np.int64)
    home = np.array([(s.lat, s.lon) for s in students], dtype=np.float64).reshape(n, 2)
    place = np.array([(o.lat, o.lon) for o in offers], dtype=np.float64).reshape(len(offers), 2)
    return Problem(
        instance=instance,
        students=students,
        offers=offers,
        wishes=wishes,
        locked=locked,
        elig_class=elig_class,
        class_masks=class_masks,
        remaining=remaining,
        home=home,
        place=place,
        home_vec=unit_vectors(home[:, 0], home[:, 1]),
        place_vec=unit_vectors(place[:, 0], place[:, 1]),
        warnings=warnings,
    )


WARNING_CODES = ("wish-no-offer", "wish-repeated", "wish-ineligible", "locked-ineligible")


def wish_note_code(wish: str, exists: bool, repeated: bool, eligible: bool) -> str:
    """The format's rule for one wish, as a warning code ("" when the wish counts): the one
    statement the English warnings here and the pages' Danish ones (placement.warnings) use."""
    if not exists:
        return "wish-no-offer"
    if repeated:
        return "wish-repeated"
    if not eligible:
        return "wish-ineligible"
    return ""


def _rank_wishes(
    s: Student,
    offer_index: dict[str, int],
    offers: list[Offer],
    mask: BoolArray,
    warnings: list[str],
) -> list[int]:
    """Apply the format's wish rules; returns the counted wishes' offer indices in rank order."""
    ranked: list[int] = []
    seen: set[str] = set()
    for wish in s.wishes:
        text = json.dumps(wish, ensure_ascii=False) if not wish or wish.strip() != wish else wish
        o = offer_index.get(wish)
        code = wish_note_code(wish, o is not None, wish in seen, o is not None and bool(mask[o]))
        if code == "wish-no-offer":
            warnings.append(f"{s.id}: wish {text} names no offer")
        elif code == "wish-repeated":
            warnings.append(f"{s.id}: wish {text} repeats an earlier wish")
        elif code == "wish-ineligible":
            assert o is not None
            warnings.append(
                f"{s.id}: wish {text} names an ineligible offer ({offers[o].refusal(s)})"
            )
        elif o is not None and len(ranked) < MAX_WISHES:
            # Wishes beyond the first 5 counted ones are ignored, as the format says.
            ranked.append(o)
        seen.add(wish)
    return ranked


def _classes(students: list[Student], offers: list[Offer]) -> tuple[IntArray, list[BoolArray]]:
    """Group students by what eligibility depends on; one offer mask per group."""
    min_age = np.array([o.min_age for o in offers], dtype=np.int64)
    max_age = np.array([o.max_age for o in offers], dtype=np.int64)
    suitable = np.array([o.support_suitable for o in offers], dtype=np.bool_)
    grade_masks: dict[int, BoolArray] = {}
    keys: dict[EligKey, int] = {}
    masks: list[BoolArray] = []
    elig_class = np.empty(len(students), dtype=np.int64)
    for i, s in enumerate(students):
        key = (s.age, s.grade, s.support)
        c = keys.get(key)
        if c is None:
            if s.grade not in grade_masks:
                grade_masks[s.grade] = np.array(
                    [s.grade in o.grades for o in offers], dtype=np.bool_
                )
            mask = (min_age <= s.age) & (s.age <= max_age) & grade_masks[s.grade]
            if s.support:
                mask &= suitable
            c = keys[key] = len(masks)
            masks.append(mask)
        elig_class[i] = c
    return elig_class, masks
