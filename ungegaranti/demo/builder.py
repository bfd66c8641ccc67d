"""Build the synthetic demo municipality (a made-up Hjørring, code 860) through the services.

Same seed, same data: every random choice comes from `random.Random` streams derived from the
seed (never the global generator), and the UUIDs are derived from the seed too. Only the
timestamps (created_at/updated_at), password hash salts and the CPR ciphertext (Fernet is
randomised by design; compare decrypted values or digests) differ between two builds. Ages,
school grades and agreement dates are relative to `today`, so two builds on the same day match.
"""

import math
import random
import re
import time
import uuid
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.dk import cvr as stdnum_cvr

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import Municipality, Track, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.partners.models import COMMITMENT_FIELDS, GuaranteePartner
from ungegaranti.partners.services import (
    agreement_end_for,
    partner_contacts_bulk_create,
    partners_bulk_create,
)
from ungegaranti.people.cpr import CPR, synthetic_cpr
from ungegaranti.people.models import School, SchoolClass, YoungPerson
from ungegaranti.people.services import (
    guardians_bulk_create,
    school_classes_bulk_create,
    school_create,
    school_district_create,
    young_people_bulk_create,
)

from . import geography as geo
from . import names

DEMO_PASSWORD = "demo1234"  # noqa: S105  (printed for everyone: demo data only)
DEFAULT_YOUNG_PEOPLE = 15_509  # aged 7-29 (see AGE_WEIGHTS)
DEFAULT_PARTNERS = 215
MIN_AGE, MAX_AGE = 7, 29

# One login per role, in the order of Role.
DEMO_LOGINS: tuple[tuple[Role, str], ...] = (
    (Role.YOUNG_PERSON, "ung"),
    (Role.GUARDIAN, "foraelder"),
    (Role.TEACHER, "laerer"),
    (Role.CAREER_COUNSELLOR, "karrierevejleder"),
    (Role.WORK_EXPERIENCE_COORDINATOR, "praktikkoordinator"),
    (Role.GUIDANCE_COUNSELLOR, "vejleder"),
    (Role.PARTNER_CONTACT, "partner"),
    (Role.SECRETARIAT, "sekretariat"),
    (Role.RESEARCHER, "forsker"),
    (Role.POLITICIAN, "politiker"),
)
DEMO_USERNAMES = tuple(username for _, username in DEMO_LOGINS)

# Staff logins get fixed made-up names.
_STAFF_NAMES = {
    "laerer": ("Hanne", "Kjærgaard"),
    "karrierevejleder": ("Morten", "Vestergaard"),
    "praktikkoordinator": ("Pia", "Søndergaard"),
    "vejleder": ("Jesper", "Holm"),
    "sekretariat": ("Tina", "Bach"),
    "forsker": ("Anders", "Lund"),
    "politiker": ("Birgitte", "Nørgaard"),
}

# Who is in the demo. The seed counts 15,509 people aged 7-29 (the count its cost per young
# person rests on), but the guarantee starts at 0. klasse, which a child starts in August of
# the year it turns 6: in the autumn 0. klasse is 5-6 years old and some of 1. klasse is still
# 6. So the demo builds `young_people` people aged 7-29 on the day it is built (the seed's
# 15,509 by default) and, on top of them, the children under 7 who are already at school: born
# at the latest in 0. klasse's birth year, at the same rate per birth year as the 7-year-olds
# (about one year group more in the autumn, half of one in the summer). A child whose school
# start was put off is still in kindergarten, outside the guarantee, and not built.
#
# People per one-year age group, 7-29. About 665 per school year group; fewer at 20-25, when
# many have moved away to study; more at 26-29, when families move back.
AGE_WEIGHTS: dict[int, int] = {
    **dict.fromkeys(range(7, 17), 665),
    17: 665,
    18: 660,
    19: 634,
    20: 560,
    21: 520,
    22: 500,
    23: 505,
    24: 530,
    25: 570,
    26: 700,
    27: 760,
    28: 790,
    29: 800,
}

FAMILY_SIZES = ((1, 35), (2, 45), (3, 16), (4, 4))
TWO_GUARDIANS_SHARE = 0.78
TENTH_GRADE_SHARE = 0.55  # of the year group that has finished 9th grade
# Children whose school start was put off a year (the law allows it when the child's
# development calls for it) stay one grade behind their birth year all through school.
LATE_START_SHARE = 0.07
COMMITMENT_PROBABILITIES = {
    "commits_apprenticeship": 0.30,
    "commits_introjob": 0.15,
    "commits_leisure_job": 0.25,
    "commits_work_experience": 0.72,
    "commits_teaching_in_school": 0.20,
    "commits_class_visits": 0.40,
    "commits_youth_fairs": 0.22,
}
COMMITMENT_SECTOR_FACTORS = {
    "commits_apprenticeship": {"C": 1.7, "F": 1.9, "G": 1.4, "H": 1.4, "Q": 0.6, "M": 0.8},
    "commits_leisure_job": {"G": 2.2, "I": 2.6, "A": 1.5, "F": 0.5, "M": 0.4},
    "commits_introjob": {"G": 1.4, "I": 1.4, "N": 1.5},
    "commits_class_visits": {"C": 1.4, "A": 1.3},
}

TRACK_OWNERS = {
    Track.Kind.BUSINESS: ("Lars Bisgaard", "Business Hjørring"),
    Track.Kind.PRIMARY_SCHOOL: ("Susanne Kirkegaard", "Hjørring Kommune, Skoleafdelingen"),
    Track.Kind.SUPPORT: ("Henrik Overgaard", "Hjørring Kommune, Ungeenheden"),
    Track.Kind.GUIDANCE: ("Marianne Lauridsen", "Hjørring Kommune, Ungevejledningen (KUI)"),
}


class DemoDataRefusedError(Exception):
    """Raised when demo data would reach a deployment that does not allow it."""


@dataclass
class DemoResult:
    municipality: Municipality
    young_people: int  # all of them: aged 7-29, and the younger children at school
    guardians: int
    partners: int
    classes: int
    aged_7_29: int = 0
    users: dict[str, User] = field(default_factory=dict)
    seconds: float = 0.0


def demo_allowed() -> bool:
    return bool(getattr(settings, "DEMO_DATA_ALLOWED", False))


def demo_is_loaded() -> bool:
    """True if the demo municipality has young people or any demo login exists."""
    return (
        YoungPerson.objects.filter(municipality__code=geo.MUNICIPALITY_CODE).exists()
        or User.objects.filter(username__in=DEMO_USERNAMES).exists()
    )


def apportion(weights: Sequence[float], total: int) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties by position)."""
    whole = sum(weights)
    exact = [w * total / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Picker:
    """Weighted choice from a fixed list, with the cumulative weights computed once."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.cum[-1])]


def _ranked(items: Sequence[str], offset: float) -> _Picker:
    """Earlier names are more common (a Zipf-like tail)."""
    return _Picker(items, [1 / (rank + offset) for rank in range(len(items))])


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


_COMPANY_SUFFIX = re.compile(r" (ApS|A/S|I/S)$")


def _slug(text: str, limit: int = 40) -> str:
    text = _COMPANY_SUFFIX.sub("", text).lower().translate(_ASCII).replace("&", "og")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")


@dataclass
class _Person:
    index: int
    birth_date: date
    male: bool
    age: int
    first_name: str = ""
    last_name: str = ""
    postal_code: str = ""
    school: int | None = None  # index into the flat list of schools
    grade: int | None = None
    letter: str = ""
    support: bool = False
    late_start: bool = False  # started school a year after the birth year's group
    family: int | None = None
    cpr: CPR | None = None


@dataclass
class _Family:
    surname: str
    postal_code: str
    children: list[_Person]
    school: int | None = None
    guardians: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, *, seed: int, young_people: int, partners: int, today: date) -> None:
        self.seed = seed
        self.total = young_people
        self.partner_total = partners
        self.today = today
        self.school_year = school_year_of(today)
        self.rng = random.Random(f"{seed}:people")
        self.partner_rng = random.Random(f"{seed}:partners")
        self.id_rng = random.Random(f"{seed}:ids")
        self.young_names: dict[tuple[str, ...], _Picker] = {}
        self.parent_male = _ranked(names.PARENT_MALE, 10)
        self.parent_female = _ranked(names.PARENT_FEMALE, 10)
        self.surname = _ranked(names.SURNAMES, 6)
        codes = list(geo.POSTAL_CODES)
        self.postal = _Picker(codes, [geo.POSTAL_CODES[c][1] for c in codes])
        self.flat_schools: list[tuple[geo.DemoDistrict, geo.DemoSchool]] = [
            (district, school) for district in geo.DISTRICTS for school in district.schools
        ]
        self.emails: dict[str, int] = {}

    def new_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4)

    # -- people, in memory --------------------------------------------------------------------

    def people(self) -> list[_Person]:
        """`total` people aged 7-29, then the younger children already at school (see
        AGE_WEIGHTS)."""
        rng = self.rng
        ages = list(range(MIN_AGE, MAX_AGE + 1))
        jittered = [AGE_WEIGHTS[age] * (1 + rng.uniform(-0.02, 0.02)) for age in ages]
        persons: list[_Person] = []
        serials: dict[tuple[date, bool], set[int]] = {}
        for age, count in zip(ages, apportion(jittered, self.total), strict=True):
            latest = add_years(self.today, -age)
            earliest = add_years(self.today, -(age + 1)) + timedelta(days=1)
            span = (latest - earliest).days
            for _ in range(count):
                born = earliest + timedelta(days=rng.randint(0, span))
                persons.append(self._person(len(persons), born, serials))
        per_day = self.total / sum(jittered) * AGE_WEIGHTS[MIN_AGE] / 365.25
        earliest = add_years(self.today, -MIN_AGE) + timedelta(days=1)
        starters_born = self.school_year - 6  # the birth year of this school year's 0. klasse
        span = (date(starters_born, 12, 31) - earliest).days + 1
        for _ in range(round(per_day * span)):
            born = earliest + timedelta(days=rng.randrange(span))
            if born.year == starters_born and rng.random() < LATE_START_SHARE:
                continue  # school start put off: still in kindergarten
            persons.append(self._person(len(persons), born, serials))
        return persons

    def _person(
        self, index: int, born: date, serials: dict[tuple[date, bool], set[int]]
    ) -> _Person:
        rng = self.rng
        today = self.today
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        male = rng.random() < 0.51
        person = _Person(index, born, male, age)
        used = serials.setdefault((born, male), set())
        serial = rng.randrange(100)
        while serial in used:
            serial = rng.randrange(100)
        used.add(serial)
        person.cpr = synthetic_cpr(born, serial, male=male)
        decade_names = names.young_names(birth_year=born.year, male=male)
        picker = self.young_names.get(decade_names)
        if picker is None:
            picker = self.young_names[decade_names] = _ranked(decade_names, 12)
        person.first_name = picker(rng)
        person.support = rng.random() < (0.04 if age < 13 else 0.055)
        # This year's 0. klasse cannot be behind yet: their put-off group is not built.
        person.late_start = born.year < self.school_year - 6 and rng.random() < LATE_START_SHARE
        return person

    def families(self, persons: list[_Person]) -> list[_Family]:
        """Group the minors into families (siblings share surname, address and guardians);
        give adults their own surname and postal code; place pupils in schools."""
        rng = self.rng
        minors = [p for p in persons if p.age < 18]
        order = list(range(len(minors)))
        rng.shuffle(order)
        sizes = _Picker([s for s, _ in FAMILY_SIZES], [w for _, w in FAMILY_SIZES])
        families: list[_Family] = []
        position = 0
        while position < len(order):
            size = sizes(rng)
            children = [minors[i] for i in order[position : position + size]]
            position += size
            family = _Family(self.surname(rng), self.postal(rng), children)
            family.school = self._pick_school(family.postal_code)
            for child in children:
                child.family = len(families)
                child.last_name = family.surname
                child.postal_code = family.postal_code
                self._place_in_school(child, family)
            self._guardians(family)
            families.append(family)
        for person in persons:
            if person.age >= 18:
                person.last_name = self.surname(rng)
                person.postal_code = self.postal(rng)
        return families

    def _pick_school(self, postal_code: str) -> int:
        # Families within reach of a friskole who choose it over the district school.
        for i, (_district, school) in enumerate(self.flat_schools):
            if postal_code in school.friskole_for and self.rng.random() < school.friskole_share:
                return i
        candidates = [
            (i, school.weight * (4 if school.postal_code == postal_code else 1))
            for i, (district, school) in enumerate(self.flat_schools)
            if postal_code in district.postal_codes and school.weight and 0 in school.grades
        ]
        return _Picker([i for i, _ in candidates], [w for _, w in candidates])(self.rng)

    def _place_in_school(self, child: _Person, family: _Family) -> None:
        grade = self.school_year - child.birth_date.year - 6 - child.late_start
        if 0 <= grade <= 9:
            child.school, child.grade = family.school, grade
        elif grade == 10 and self.rng.random() < TENTH_GRADE_SHARE:
            district = self.flat_schools[family.school][0] if family.school is not None else None
            tenth = [i for i, (d, s) in enumerate(self.flat_schools) if 10 in s.grades]
            local = [i for i in tenth if self.flat_schools[i][0] is district]
            child.school, child.grade = (local or tenth[:1])[0], 10

    def _guardians(self, family: _Family) -> None:
        rng = self.rng
        first_female = rng.random() < 0.55
        count = 2 if rng.random() < TWO_GUARDIANS_SHARE else 1
        for n in range(count):
            female = (
                first_female
                if n == 0
                else (not first_female if rng.random() < 0.92 else first_female)
            )
            first = (self.parent_female if female else self.parent_male)(rng)
            last = family.surname if n == 0 or rng.random() < 0.7 else self.surname(rng)
            domain = geo.EMAIL_DOMAINS[rng.randrange(len(geo.EMAIL_DOMAINS))]
            family.guardians.append(
                {
                    "name": f"{first} {last}",
                    "email": self._email(f"{_slug(first)}.{_slug(last)}", domain),
                }
            )

    def _own_email(self, person: _Person, school_class: Any) -> str:
        """Seven in ten of the 15-29 year olds out of school have an address on file (from the
        municipality's own registers; the youth database has none). Not drawn from the seeded
        generator, so the rest of the demo stays as it was."""
        if school_class is not None or person.age < 15 or person.index % 10 >= 7:
            return ""
        domain = geo.EMAIL_DOMAINS[person.index % len(geo.EMAIL_DOMAINS)]
        return self._email(f"{_slug(person.first_name)}.{_slug(person.last_name)}", domain)

    def _email(self, local: str, domain: str) -> str:
        address = f"{local}@{domain}"
        seen = self.emails.get(address, 0)
        self.emails[address] = seen + 1
        return address if not seen else f"{local}{seen + 1}@{domain}"

    def assign_classes(self, persons: list[_Person]) -> dict[tuple[int, int], list[str]]:
        """Split each school's year group into classes a, b, c ... of at most 28 pupils."""
        groups: dict[tuple[int, int], list[_Person]] = {}
        for person in persons:
            if person.school is not None and person.grade is not None:
                groups.setdefault((person.school, person.grade), []).append(person)
        letters: dict[tuple[int, int], list[str]] = {}
        for key in sorted(groups):
            pupils = groups[key]
            count = max(1, math.ceil(len(pupils) / 28))
            letters[key] = [chr(ord("a") + i) for i in range(count)]
            for i, pupil in enumerate(pupils):
                pupil.letter = letters[key][i % count]
        return letters

    # -- partners, in memory ------------------------------------------------------------------

    def partner_rows(self) -> list[dict[str, Any]]:
        rng = self.partner_rng
        codes = list(geo.PARTNER_POSTAL_WEIGHTS)
        postal = _Picker(codes, [geo.PARTNER_POSTAL_WEIGHTS[c] for c in codes])
        sectors = list(geo.SECTOR_WEIGHTS)
        by_town = {
            code: _Picker(
                sectors,
                [
                    geo.SECTOR_WEIGHTS[s] * geo.TOWN_SECTOR_FACTORS.get(code, {}).get(s, 1.0)
                    for s in sectors
                ],
            )
            for code in codes
        }
        used_names: set[str] = set()
        used_cvrs: set[str] = set()
        used_p: set[str] = set()
        rows = []
        for _ in range(self.partner_total):
            code = postal(rng)
            sector = by_town[code](rng)
            name = self._partner_name(rng, code, sector, used_names)
            days_ago = int(729 * rng.random() ** 1.5)
            start = self.today - timedelta(days=days_ago)
            row: dict[str, Any] = {
                "cvr": self._cvr(rng, used_cvrs),
                "name": name,
                "sector": sector,
                "address": self._address(rng, code, sector),
                "postal_code": code,
                "agreement_start_date": start,
                "agreement_end_date": agreement_end_for(start),
                "p_number": self._p_number(rng, used_p) if rng.random() < 0.6 else "",
                "website": f"https://www.{_slug(name)}.example.org" if rng.random() < 0.5 else "",
            }
            for commitment in COMMITMENT_FIELDS:
                factor = COMMITMENT_SECTOR_FACTORS.get(commitment, {}).get(sector, 1.0)
                row[commitment] = rng.random() < COMMITMENT_PROBABILITIES[commitment] * factor
            row["contacts"] = [
                self._contact(rng, name) for _ in range(1 if rng.random() < 0.55 else 2)
            ]
            rows.append(row)
        return rows

    def _partner_name(self, rng: random.Random, code: str, sector: str, used: set[str]) -> str:
        town = geo.POSTAL_CODES[code][0]
        while True:
            if sector == "A" and code == "9850" and rng.random() < 0.7:
                kind = geo.HARBOUR_A_KINDS[rng.randrange(len(geo.HARBOUR_A_KINDS))]
            else:
                kinds = [
                    k
                    for k in geo.SECTOR_KINDS[sector]
                    if code in geo.COASTAL_POSTAL_CODES or k not in geo.COASTAL_KINDS
                ]
                kind = kinds[rng.randrange(len(kinds))]
            draw = rng.random()
            if sector in {"I", "Q", "P", "R"} and draw < 0.45:
                name = f"{kind} {town}"
            elif draw < 0.40:
                name = f"{town} {kind}"
            elif draw < 0.65:
                name = f"{self.surname(rng)}s {kind}"
            elif draw < 0.80:
                prefix = geo.REGIONAL_PREFIXES[rng.randrange(len(geo.REGIONAL_PREFIXES))]
                name = f"{prefix} {kind}"
            elif draw < 0.90 and sector in {"C", "F", "M", "G"}:
                first, second = self.surname(rng), self.surname(rng)
                name = f"{first} & {second} {kind}" if first != second else f"{first} {kind}"
            else:
                name = f"{kind} {town}"
            suffix_draw = rng.random()
            if sector in {"C", "H", "D", "E"}:
                suffix = " A/S" if suffix_draw < 0.35 else " ApS" if suffix_draw < 0.9 else ""
            elif sector in {"I", "Q", "S", "P", "R"}:
                suffix = " ApS" if suffix_draw < 0.4 else " I/S" if suffix_draw < 0.5 else ""
            else:
                suffix = " ApS" if suffix_draw < 0.55 else " A/S" if suffix_draw < 0.65 else ""
            name += suffix
            if name not in used:
                used.add(name)
                return name

    @staticmethod
    def _cvr(rng: random.Random, used: set[str]) -> str:
        """A CVR number that passes the modulus-11 check (weights 2,7,6,5,4,3,2,1)."""
        while True:
            digits = [rng.randint(1, 4)] + [rng.randrange(10) for _ in range(6)]
            check = -sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
            if check == 10:
                continue
            cvr = "".join(map(str, digits)) + str(check)
            if cvr not in used and stdnum_cvr.is_valid(cvr):
                used.add(cvr)
                return cvr

    @staticmethod
    def _p_number(rng: random.Random, used: set[str]) -> str:
        while True:
            number = "1" + "".join(str(rng.randrange(10)) for _ in range(9))
            if number not in used:
                used.add(number)
                return number

    @staticmethod
    def _address(rng: random.Random, code: str, sector: str) -> str:
        streets = geo.SECTOR_STREETS.get(sector, geo.TOWN_STREETS)
        if code == "9850" and sector in {"A", "C", "H", "I"} and rng.random() < 0.6:
            streets = geo.HARBOUR_STREETS
        street = streets[rng.randrange(len(streets))]
        number = rng.randint(1, 120)
        letter = "ABC"[rng.randrange(3)] if rng.random() < 0.1 else ""
        return f"{street} {number}{letter}"

    def _contact(self, rng: random.Random, company: str) -> dict[str, Any]:
        female = rng.random() < 0.45
        first = (self.parent_female if female else self.parent_male)(rng)
        last = self.surname(rng)
        title = geo.CONTACT_TITLES[rng.randrange(len(geo.CONTACT_TITLES))]
        domain = f"{_slug(company)}.{geo.EMAIL_DOMAINS[0]}"
        return {
            "name": f"{first} {last}",
            "title": title,
            "email": f"{_slug(first)}.{_slug(last)}@{domain}",
        }

    # -- writing ------------------------------------------------------------------------------

    def build(self, log: Callable[[str], None]) -> DemoResult:
        municipality, _ = Municipality.objects.get_or_create(
            code=geo.MUNICIPALITY_CODE, defaults={"name": geo.MUNICIPALITY_NAME}
        )
        for kind, (owner, organisation) in TRACK_OWNERS.items():
            track = Track(
                municipality=municipality,
                kind=kind,
                owner_name=owner,
                owner_organisation=organisation,
                owner_email=f"{_slug(kind.value)}@demo.example.org",
            )
            track.full_clean()
            track.save()

        schools: list[School] = []
        for district_spec in geo.DISTRICTS:
            district = school_district_create(
                municipality=municipality,
                name=district_spec.name,
                uuid=self.new_uuid(),
                acting_user=None,
            )
            for spec in district_spec.schools:
                schools.append(
                    school_create(
                        district=district,
                        name=spec.name,
                        postal_code=spec.postal_code,
                        institution_number=spec.institution_number,
                        uuid=self.new_uuid(),
                        acting_user=None,
                    )
                )

        persons = self.people()
        families = self.families(persons)
        letters = self.assign_classes(persons)
        class_keys = [
            (school_index, grade, letter)
            for (school_index, grade), class_letters in letters.items()
            for letter in class_letters
        ]
        created_classes = school_classes_bulk_create(
            municipality=municipality,
            rows=[
                {
                    "school": schools[school_index],
                    "grade": grade,
                    "letter": letter,
                    "school_year": self.school_year,
                    "uuid": self.new_uuid(),
                }
                for school_index, grade, letter in class_keys
            ],
            acting_user=None,
        )
        classes: dict[tuple[int, int, str], SchoolClass] = dict(
            zip(class_keys, created_classes, strict=True)
        )
        log(f"  {len(schools)} skoler, {len(classes)} klasser")

        rows = []
        for person in persons:
            school = school_class = None
            if person.school is not None and person.grade is not None:
                school = schools[person.school]
                school_class = classes[(person.school, person.grade, person.letter)]
            rows.append(
                {
                    "cpr": person.cpr,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "postal_code": person.postal_code,
                    "school": school,
                    "school_class": school_class,
                    "support_track": person.support,
                    "email": self._own_email(person, school_class),
                    "uuid": self.new_uuid(),
                }
            )
        saved = young_people_bulk_create(municipality=municipality, rows=rows, acting_user=None)
        log(
            f"  {len(saved)} unge, heraf {sum(MIN_AGE <= p.age for p in persons)} i alderen 7-29 år"
        )

        partner_rows = self.partner_rows()
        contact_lists = [row.pop("contacts") for row in partner_rows]
        partners = partners_bulk_create(
            municipality=municipality,
            acting_user=None,
            rows=[{**row, "uuid": self.new_uuid()} for row in partner_rows],
        )
        contact_rows: list[dict[str, Any]] = [
            {**contact, "partner": partner, "uuid": self.new_uuid()}
            for partner, contacts in zip(partners, contact_lists, strict=True)
            for contact in contacts
        ]

        # The demo personas: a 9th-grader with two guardians, and a partner offering
        # erhvervspraktik whose agreement runs for a while yet.
        pupil = self._demo_pupil(persons, families, schools)
        pupil_row = saved[pupil.index]
        family = families[pupil.family] if pupil.family is not None else None
        partner_index = self._demo_partner(partners)
        users = self._users(
            municipality=municipality,
            pupil=pupil_row,
            guardian=family.guardians[0] if family else None,
            partner=partners[partner_index],
            partner_contact=next(
                c for c in contact_rows if c["partner"] is partners[partner_index]
            ),
            classes=classes,
            pupil_key=(pupil.school, pupil.grade, pupil.letter),
        )
        for contact in contact_rows:
            if contact["partner"] is partners[partner_index] and "user" not in contact:
                contact["user"] = users["partner"]
                break
        partner_contacts_bulk_create(municipality=municipality, rows=contact_rows, acting_user=None)
        log(f"  {len(partners)} garantipartnere, {len(contact_rows)} kontaktpersoner")

        guardian_rows = []
        for fam in families:
            for guardian in fam.guardians:
                guardian_rows.append(
                    {
                        **guardian,
                        "children": [saved[child.index] for child in fam.children],
                        "uuid": self.new_uuid(),
                    }
                )
        guardians = guardians_bulk_create(
            municipality=municipality, rows=guardian_rows, acting_user=None
        )
        log(f"  {len(guardians)} forældre/værger")
        return DemoResult(
            municipality=municipality,
            young_people=len(saved),
            guardians=len(guardians),
            partners=len(partners),
            classes=len(classes),
            aged_7_29=sum(MIN_AGE <= p.age <= MAX_AGE for p in persons),
            users=users,
        )

    def _demo_pupil(
        self, persons: list[_Person], families: list[_Family], schools: list[School]
    ) -> _Person:
        candidates = [
            p
            for p in persons
            if p.grade == 9
            and p.school is not None
            and p.family is not None
            and len(families[p.family].guardians) == 2
            and not p.support
            and not p.late_start
            and not self.flat_schools[p.school][1].friskole_for
        ]
        if not candidates:
            raise ValueError("Too few young people for a 9th-grader with two guardians.")
        in_town = [
            p
            for p in candidates
            if p.school is not None and schools[p.school].postal_code == "9800"
        ]
        return (in_town or candidates)[0]

    def _demo_partner(self, partners: list[GuaranteePartner]) -> int:
        soon = self.today + timedelta(days=180)
        for wanted_town in (True, False):
            for i, partner in enumerate(partners):
                if (
                    partner.commits_work_experience
                    and partner.agreement_end_date > soon
                    and (partner.postal_code == "9800" or not wanted_town)
                ):
                    return i
        return next(i for i, p in enumerate(partners) if p.commits_work_experience)

    def _users(
        self,
        *,
        municipality: Municipality,
        pupil: YoungPerson,
        guardian: dict[str, Any] | None,
        partner: GuaranteePartner,
        partner_contact: dict[str, Any],
        classes: dict[tuple[int, int, str], SchoolClass],
        pupil_key: tuple[Any, Any, str],
    ) -> dict[str, User]:
        own_class = classes[pupil_key]
        school_index, grade, _letter = pupil_key
        same_school = [
            c for key, c in classes.items() if key[0] == school_index and c is not own_class
        ]
        preferred = [c for c in same_school if c.grade == 8] or same_school
        teaching = [own_class, *preferred[:1]]
        school = own_class.school
        users: dict[str, User] = {}
        for role, username in DEMO_LOGINS:
            scope: dict[str, Any] = {}
            first, last = _STAFF_NAMES.get(username, ("", ""))
            if role == Role.YOUNG_PERSON:
                scope["young_person"] = pupil
                first, last = pupil.first_name, pupil.last_name
            elif role == Role.GUARDIAN and guardian is not None:
                first, _, last = guardian["name"].partition(" ")
            elif role == Role.TEACHER:
                scope["teaching_classes"] = teaching
            elif role == Role.CAREER_COUNSELLOR:
                scope["school"] = school
            elif role == Role.WORK_EXPERIENCE_COORDINATOR:
                scope["district"] = school.district
            elif role == Role.PARTNER_CONTACT:
                scope["partner"] = partner
                first, _, last = partner_contact["name"].partition(" ")
            users[username] = user_create(
                acting_user=None,
                username=username,
                password=None,  # set below, hashed once for all ten
                role=role,
                municipality=municipality,
                email=f"{username}@demo.example.org",
                first_name=first,
                last_name=last,
                uuid=self.new_uuid(),
                **scope,
            )
        # The ten demo logins share one public password: hash it once (PBKDF2 takes ~0.4 s a
        # time) instead of ten times. Django re-hashes with a fresh salt on a password change.
        hashed = make_password(DEMO_PASSWORD)
        User.objects.filter(pk__in=[user.pk for user in users.values()]).update(password=hashed)
        for user in users.values():
            user.password = hashed
        if guardian is not None:
            guardian["user"] = users["foraelder"]
        return users


def build_demo_municipality(
    *,
    seed: int,
    young_people: int = DEFAULT_YOUNG_PEOPLE,
    partners: int = DEFAULT_PARTNERS,
    today: date | None = None,
    log: Callable[[str], None] | None = None,
) -> DemoResult:
    """Build the whole demo municipality in one transaction. Refuses unless
    settings.DEMO_DATA_ALLOWED is true (never under production settings)."""
    if not demo_allowed():
        raise DemoDataRefusedError(
            "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk). "
            "Demo data is refused under production settings (DEMO_DATA_ALLOWED is False)."
        )
    started = time.perf_counter()
    builder = _Builder(
        seed=seed,
        young_people=young_people,
        partners=partners,
        today=today or timezone.localdate(),
    )
    with transaction.atomic():
        result = builder.build(log or (lambda _message: None))
    result.seconds = time.perf_counter() - started
    return result
