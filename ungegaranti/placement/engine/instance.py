"""Parse and validate an allocation instance (format ``ungegaranti.allocation/1``).

Every error names the offending field, e.g. ``students[3].id: duplicate id "S4"``, so a
coordinator can find it in the file. Validation is strict about types (an age of 15.0 or a
seed of true is refused) because a rerun by an auditor must mean exactly the same thing.
"""

from __future__ import annotations

import gc
import json
import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

INSTANCE_FORMAT = "ungegaranti.allocation/1"
MECHANISMS = ("optimal", "lottery")


class InvalidInstance(ValueError):  # noqa: N818 - the format speaks of an "invalid instance"
    """The instance breaks the format; the message starts with the field's path."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Student:
    id: str
    age: int
    grade: int
    lat: float
    lon: float
    support: bool
    wishes: tuple[str, ...]
    locked: str | None


@dataclass(frozen=True, slots=True)
class Offer:
    id: str
    capacity: int
    lat: float
    lon: float
    min_age: int
    max_age: int
    grades: frozenset[int]
    support_suitable: bool

    def admits(self, student: Student) -> bool:
        return admits(
            min_age=self.min_age,
            max_age=self.max_age,
            grades=self.grades,
            support_suitable=self.support_suitable,
            age=student.age,
            grade=student.grade,
            support=student.support,
        )

    def refusal_codes(self, student: Student) -> list[str]:
        """Why `student` is not eligible, as codes ("age", "grade", "support"); callers word
        them (the format's English below, the pages' Danish)."""
        codes = []
        if not self.min_age <= student.age <= self.max_age:
            codes.append("age")
        if student.grade not in self.grades:
            codes.append("grade")
        if student.support and not self.support_suitable:
            codes.append("support")
        return codes

    def refusal(self, student: Student) -> str:
        """Why `student` is not eligible, in the format's words (empty when eligible)."""
        words = {
            "age": f"age {student.age} not in {self.min_age}-{self.max_age}",
            "grade": f"grade {student.grade} not in {sorted(self.grades)}",
            "support": "not suitable for support pupils",
        }
        return "; ".join(words[code] for code in self.refusal_codes(student))


def admits(
    *,
    min_age: int,
    max_age: int,
    grades: Collection[int],
    support_suitable: bool,
    age: int,
    grade: int,
    support: bool,
) -> bool:
    """The format's eligibility rule (docs/allocation-format.md, "Eligible"); problem.py applies
    it vectorised, per class of students."""
    return min_age <= age <= max_age and grade in grades and (not support or support_suitable)


@dataclass(frozen=True, slots=True)
class Instance:
    mechanism: str
    seed: int
    max_fallback_km: float | None
    students: tuple[Student, ...]
    offers: tuple[Offer, ...]


def loads(text: str | bytes) -> Instance:
    """Parse JSON text into a validated instance."""
    # Parsing makes hundreds of thousands of containers and no reference cycles; the
    # cyclic garbage collector would only walk them over and over (~25 % of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInstance("instance", f"malformed JSON: {exc}") from None
        return from_dict(data)
    finally:
        if collecting:
            gc.enable()


def from_dict(data: Any) -> Instance:
    """Validate an already-decoded instance."""
    if not isinstance(data, dict):
        raise InvalidInstance("instance", "expected a JSON object")
    fmt = _get(data, "format", "format")
    if fmt != INSTANCE_FORMAT:
        raise InvalidInstance("format", f'expected "{INSTANCE_FORMAT}", got {json.dumps(fmt)}')
    mechanism = _get(data, "mechanism", "mechanism")
    if mechanism not in MECHANISMS:
        raise InvalidInstance(
            "mechanism",
            f'unknown mechanism {json.dumps(mechanism)} (expected "optimal" or "lottery")',
        )
    seed = _int(_get(data, "seed", "seed"), "seed")
    limit = _get(data, "max_fallback_km", "max_fallback_km")
    if limit is not None:
        limit = _number(limit, "max_fallback_km")
        if limit < 0:
            raise InvalidInstance("max_fallback_km", "must be >= 0 or null")
    offers = _offers(_list(_get(data, "offers", "offers"), "offers"))
    students = _students(_list(_get(data, "students", "students"), "students"))
    _check_locks(students, offers)
    return Instance(mechanism, seed, limit, students, offers)


def _students(items: list[Any]) -> tuple[Student, ...]:
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        # Fast path for a well-formed entry; anything unusual takes the checked path below,
        # which names the offending field.
        student = _student_fast(item, seen)
        if student is None:
            student = _student(item, i, seen)
        seen.add(student.id)
        out.append(student)
    return tuple(out)


def _student_fast(item: Any, seen: set[str]) -> Student | None:
    if type(item) is not dict or len(item) != len(_STUDENT_KEYS) or item.keys() != _STUDENT_KEYS:
        return None
    sid, age, grade, home = item["id"], item["age"], item["grade"], item["home"]
    support, wishes, locked = item["support"], item["wishes"], item["locked"]
    if not (
        type(sid) is str
        and sid
        and sid not in seen
        and type(age) is int
        and type(grade) is int
        and type(support) is bool
        and type(wishes) is list
        and (not wishes or set(map(type, wishes)) == _STR_ONLY)
        and (locked is None or type(locked) is str)
    ):
        return None
    point = _point_fast(home)
    if point is None:
        return None
    return Student(sid, age, grade, point[0], point[1], support, tuple(wishes), locked)


def _point_fast(value: Any) -> tuple[float, float] | None:
    if type(value) is not dict or len(value) != 2:
        return None
    lat: Any = value.get("lat")
    lon: Any = value.get("lon")
    if type(lat) not in _NUMBER or type(lon) not in _NUMBER:
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # also refuses NaN
        return None
    return float(lat), float(lon)


def _student(item: Any, i: int, seen: set[str]) -> Student:
    path = f"students[{i}]"
    obj = _object(item, path)
    sid = _id(_get(obj, "id", path), f"{path}.id", seen)
    home = _point(_get(obj, "home", path), f"{path}.home")
    wishes_raw = _list(_get(obj, "wishes", path), f"{path}.wishes")
    wishes = tuple(_str(w, f"{path}.wishes[{j}]") for j, w in enumerate(wishes_raw))
    locked = _get(obj, "locked", path)
    if locked is not None:
        locked = _str(locked, f"{path}.locked")
    return Student(
        id=sid,
        age=_int(_get(obj, "age", path), f"{path}.age"),
        grade=_int(_get(obj, "grade", path), f"{path}.grade"),
        lat=home[0],
        lon=home[1],
        support=_bool(_get(obj, "support", path), f"{path}.support"),
        wishes=wishes,
        locked=locked,
    )


def _offers(items: list[Any]) -> tuple[Offer, ...]:
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        offer = _offer_fast(item, seen)
        if offer is None:
            offer = _offer(item, i, seen)
        seen.add(offer.id)
        out.append(offer)
    return tuple(out)


def _offer_fast(item: Any, seen: set[str]) -> Offer | None:
    if type(item) is not dict or len(item) != len(_OFFER_KEYS) or item.keys() != _OFFER_KEYS:
        return None
    oid, capacity, loc = item["id"], item["capacity"], item["location"]
    min_age, max_age, grades = item["min_age"], item["max_age"], item["grades"]
    suitable = item["support_suitable"]
    if not (
        type(oid) is str
        and oid
        and oid not in seen
        and type(capacity) is int
        and capacity >= 0
        and type(min_age) is int
        and type(max_age) is int
        and type(grades) is list
        and (not grades or set(map(type, grades)) == _INT_ONLY)
        and type(suitable) is bool
    ):
        return None
    point = _point_fast(loc)
    if point is None:
        return None
    return Offer(oid, capacity, point[0], point[1], min_age, max_age, frozenset(grades), suitable)


def _offer(item: Any, i: int, seen: set[str]) -> Offer:
    path = f"offers[{i}]"
    obj = _object(item, path)
    oid = _id(_get(obj, "id", path), f"{path}.id", seen)
    capacity = _int(_get(obj, "capacity", path), f"{path}.capacity")
    if capacity < 0:
        raise InvalidInstance(f"{path}.capacity", f"must be >= 0, got {capacity}")
    loc = _point(_get(obj, "location", path), f"{path}.location")
    grades_raw = _list(_get(obj, "grades", path), f"{path}.grades")
    grades = frozenset(_int(g, f"{path}.grades[{j}]") for j, g in enumerate(grades_raw))
    return Offer(
        id=oid,
        capacity=capacity,
        lat=loc[0],
        lon=loc[1],
        min_age=_int(_get(obj, "min_age", path), f"{path}.min_age"),
        max_age=_int(_get(obj, "max_age", path), f"{path}.max_age"),
        grades=grades,
        support_suitable=_bool(_get(obj, "support_suitable", path), f"{path}.support_suitable"),
    )


_STUDENT_KEYS = {"id", "age", "grade", "home", "support", "wishes", "locked"}
_OFFER_KEYS = {
    "id",
    "capacity",
    "location",
    "min_age",
    "max_age",
    "grades",
    "support_suitable",
}
_STR_ONLY = {str}
_INT_ONLY = {int}
_NUMBER = (int, float)


def _check_locks(students: tuple[Student, ...], offers: tuple[Offer, ...]) -> None:
    capacity = {o.id: o.capacity for o in offers}
    used: Counter[str] = Counter()
    for i, s in enumerate(students):
        if s.locked is None:
            continue
        if s.locked not in capacity:
            raise InvalidInstance(f"students[{i}].locked", f"names no offer {json.dumps(s.locked)}")
        used[s.locked] += 1
        if used[s.locked] > capacity[s.locked]:
            raise InvalidInstance(
                f"students[{i}].locked",
                f"offer {json.dumps(s.locked)} has capacity {capacity[s.locked]} "
                f"but {used[s.locked]} students are locked to it",
            )


# --- small typed readers -------------------------------------------------------------


def _get(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        field = key if path == key else f"{path}.{key}"
        raise InvalidInstance(field, "missing")
    return obj[key]


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInstance(path, "expected an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInstance(path, "expected a list")
    return value


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise InvalidInstance(path, f"expected a string, got {json.dumps(value)}")
    return value


def _id(value: Any, path: str, seen: set[str]) -> str:
    ident = _str(value, path)
    if not ident:
        raise InvalidInstance(path, "must not be empty")
    if ident in seen:
        raise InvalidInstance(path, f"duplicate id {json.dumps(ident)}")
    seen.add(ident)
    return ident


def _int(value: Any, path: str) -> int:
    # bool is a subclass of int in Python; JSON true is not an integer.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInstance(path, f"expected an integer, got {json.dumps(value)}")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInstance(path, f"expected true or false, got {json.dumps(value)}")
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInstance(path, f"expected a number, got {json.dumps(value)}")
    if not math.isfinite(value):
        raise InvalidInstance(path, "must be a finite number")
    return float(value)


def _point(value: Any, path: str) -> tuple[float, float]:
    obj = _object(value, path)
    lat = _number(_get(obj, "lat", path), f"{path}.lat")
    lon = _number(_get(obj, "lon", path), f"{path}.lon")
    if not -90.0 <= lat <= 90.0:
        raise InvalidInstance(f"{path}.lat", f"must be within -90..90, got {lat}")
    if not -180.0 <= lon <= 180.0:
        raise InvalidInstance(f"{path}.lon", f"must be within -180..180, got {lon}")
    return lat, lon
