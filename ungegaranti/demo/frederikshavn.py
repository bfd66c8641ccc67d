"""A second, smaller demo municipality beside Hjørring: a made-up Frederikshavn (code 813)
with a few hundred young people, three school districts, some guarantee partners and one login
per role, all through the same services. It is there to show (and let the tests prove) that one
deployment keeps its municipalities apart: nothing of Frederikshavn is seen from Hjørring, and
the other way round; only the public offer search is national (docs/permissions.md).

Same seed, same data (random.Random streams and UUIDs from the seed). Its logins are the
Hjørring ones with the prefix "frh-" and the same demo password."""

import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.dk import cvr as stdnum_cvr

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.partners.models import COMMITMENT_FIELDS
from ungegaranti.partners.services import (
    agreement_end_for,
    partner_contacts_bulk_create,
    partners_bulk_create,
)
from ungegaranti.people.cpr import synthetic_cpr
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
from .builder import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    MAX_AGE,
    MIN_AGE,
    DemoDataRefusedError,
    demo_allowed,
)

CODE = "813"
NAME = "Frederikshavn"
USERNAME_PREFIX = "frh-"
DEFAULT_YOUNG_PEOPLE = 400
DEFAULT_PARTNERS = 24

# Postal code -> (town, weight): the municipality's towns, Frederikshavn the biggest.
TOWNS: dict[str, tuple[str, int]] = {
    "9900": ("Frederikshavn", 45),
    "9300": ("Sæby", 20),
    "9990": ("Skagen", 15),
    "9750": ("Østervrå", 6),
    "9970": ("Strandby", 5),
    "9982": ("Ålbæk", 5),
    "9981": ("Jerup", 4),
}
# District -> (the postal codes its pupils live in, its schools as (name, postal code)).
DISTRICTS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (
        "Frederikshavn By",
        ("9900", "9970"),
        (("Fladstrandskolen", "9900"), ("Ankermedets Skole", "9900"), ("Strandby Skole", "9970")),
    ),
    (
        "Skagen-Ålbæk",
        ("9990", "9982", "9981"),
        (("Skagen Byskole", "9990"), ("Ålbæk Skole", "9982")),
    ),
    (
        "Sæby-Østervrå",
        ("9300", "9750"),
        (("Sæby Nordre Skole", "9300"), ("Østervrå Skole", "9750")),
    ),
)
PARTNER_KINDS: tuple[tuple[str, str], ...] = (
    ("C", "Maskinfabrik"),
    ("C", "Skibsværft"),
    ("A", "Fiskeeksport"),
    ("F", "Tømrer og Snedker"),
    ("F", "El-service"),
    ("G", "Supermarked"),
    ("G", "Autohus"),
    ("H", "Havnelogistik"),
    ("I", "Badehotel"),
    ("I", "Havnecafé"),
    ("Q", "Plejecenter"),
    ("M", "Rådgivende Ingeniører"),
)
STAFF_NAMES = {
    "laerer": ("Lone", "Skov"),
    "karrierevejleder": ("Kim", "Dahl"),
    "praktikkoordinator": ("Rikke", "Bak"),
    "vejleder": ("Ole", "Winther"),
    "sekretariat": ("Mette", "Krogh"),
    "forsker": ("Søren", "Toft"),
    "politiker": ("Inge", "Vinther"),
}


_DANISH = {ord("æ"): "ae", ord("ø"): "oe", ord("å"): "aa", ord("é"): "e"}


def _mail_part(text: str) -> str:
    """'Søren Tømrer' -> 'soeren-toemrer' (an address takes no Danish letters)."""
    text = text.lower().translate(_DANISH)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass
class SecondDemoResult:
    municipality: Municipality
    young_people: int
    guardians: int
    partners: int
    users: dict[str, User] = field(default_factory=dict)


def frederikshavn_is_loaded() -> bool:
    return YoungPerson.objects.filter(municipality__code=CODE).exists() or (
        User.objects.filter(username__startswith=USERNAME_PREFIX).exists()
    )


def build_frederikshavn(
    *,
    seed: int,
    young_people: int = DEFAULT_YOUNG_PEOPLE,
    partners: int = DEFAULT_PARTNERS,
    today: date | None = None,
) -> SecondDemoResult:
    """Build Frederikshavn in one transaction; refused unless settings.DEMO_DATA_ALLOWED."""
    if not demo_allowed():
        raise DemoDataRefusedError(
            "Demodata afvises under produktionsindstillinger (DEMO_DATA_ALLOWED er falsk)."
        )
    with transaction.atomic():
        return _Frederikshavn(seed, today or timezone.localdate()).build(young_people, partners)


class _Frederikshavn:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(f"{seed}:{CODE}:people")
        self.ids = random.Random(f"{seed}:{CODE}:ids")
        self.today = today
        self.school_year = school_year_of(today)

    def new_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.ids.getrandbits(128), version=4)

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return items[self.rng.randrange(len(items))]

    def build(self, young_people: int, partner_count: int) -> SecondDemoResult:
        municipality, _ = Municipality.objects.get_or_create(code=CODE, defaults={"name": NAME})
        schools = self._schools(municipality)
        people, families = self._people(young_people, schools)
        classes = self._classes(municipality, people)
        rows = [
            {
                **{k: person[k] for k in ("cpr", "first_name", "last_name", "postal_code")},
                "school": person["school"],
                "school_class": classes.get((person["school"], person["grade"])),
                "support_track": person["support"],
                "uuid": self.new_uuid(),
            }
            for person in people
        ]
        saved = young_people_bulk_create(municipality=municipality, rows=rows, acting_user=None)
        partner_rows = self._partners(partner_count)
        contacts = [row.pop("contacts") for row in partner_rows]
        partners = partners_bulk_create(
            municipality=municipality, rows=partner_rows, acting_user=None
        )
        ninth = next(
            i
            for i, person in enumerate(people)
            if person["grade"] == 9 and not person["support"] and person["family"] is not None
        )
        pupil = saved[ninth]
        partner = next((p for p in partners if p.commits_work_experience), partners[0])
        users = self._users(municipality, pupil, partner, classes, people[ninth])
        contact_rows = [
            {**contact, "partner": p, "uuid": self.new_uuid()}
            for p, own in zip(partners, contacts, strict=True)
            for contact in own
        ]
        next(c for c in contact_rows if c["partner"] is partner)["user"] = users["partner"]
        partner_contacts_bulk_create(municipality=municipality, rows=contact_rows, acting_user=None)
        guardian_rows = []
        for number, family in enumerate(families):
            for guardian_number, guardian in enumerate(family["guardians"]):
                login = number == people[ninth]["family"] and guardian_number == 0
                guardian_rows.append(
                    {
                        **guardian,
                        "children": [saved[i] for i in family["children"]],
                        "uuid": self.new_uuid(),
                        **({"user": users["foraelder"]} if login else {}),
                    }
                )
        guardians = guardians_bulk_create(
            municipality=municipality, rows=guardian_rows, acting_user=None
        )
        return SecondDemoResult(
            municipality=municipality,
            young_people=len(saved),
            guardians=len(guardians),
            partners=len(partners),
            users=users,
        )

    def _schools(self, municipality: Municipality) -> dict[str, list[School]]:
        """Postal code -> the schools its pupils go to."""
        by_postal: dict[str, list[School]] = {}
        for name, postal_codes, specs in DISTRICTS:
            district = school_district_create(
                municipality=municipality, name=name, uuid=self.new_uuid(), acting_user=None
            )
            schools = [
                school_create(
                    district=district,
                    name=school_name,
                    postal_code=postal_code,
                    uuid=self.new_uuid(),
                    acting_user=None,
                )
                for school_name, postal_code in specs
            ]
            for code in postal_codes:
                local = [s for s in schools if s.postal_code == code]
                by_postal[code] = local or schools
        return by_postal

    def _people(
        self, total: int, schools: dict[str, list[School]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        codes = list(TOWNS)
        weights = [TOWNS[c][1] for c in codes]
        people: list[dict[str, Any]] = []
        families: list[dict[str, Any]] = []
        used: set[str] = set()
        while len(people) < total:
            age = MIN_AGE + len(people) % (MAX_AGE - MIN_AGE + 1)
            surname = self.pick(names.SURNAMES[:60])
            postal_code = rng.choices(codes, weights)[0]
            size = 1 if age >= 18 else min(rng.choice((1, 1, 2, 2, 3)), total - len(people))
            family: dict[str, list[Any]] | None = (
                {"children": [], "guardians": []} if age < 18 else None
            )
            for sibling in range(size):
                born = self.today - timedelta(days=365 * (age + sibling * 2) + rng.randint(1, 360))
                born_age = (self.today - born).days // 365
                if born_age > MAX_AGE:
                    break
                male = rng.random() < 0.51
                cpr = synthetic_cpr(born, rng.randrange(100), male=male)
                if cpr.digits in used:
                    continue
                used.add(cpr.digits)
                grade = self.school_year - born.year - 6
                in_school = 0 <= grade <= 9
                if family is not None:
                    family["children"].append(len(people))
                people.append(
                    {
                        "cpr": cpr,
                        "first_name": self.pick(names.young_names(birth_year=born.year, male=male)),
                        "last_name": surname,
                        "postal_code": postal_code,
                        "school": self.pick(schools[postal_code]) if in_school else None,
                        "grade": grade if in_school else None,
                        "support": rng.random() < 0.05,
                        "family": len(families) if family is not None else None,
                    }
                )
            if family is not None and family["children"]:
                for n in range(2 if rng.random() < 0.78 else 1):
                    first = self.pick(names.PARENT_FEMALE if n == 0 else names.PARENT_MALE)
                    email = f"{_mail_part(first)}.{len(families)}.{n}@{geo.EMAIL_DOMAINS[n % 3]}"
                    family["guardians"].append({"name": f"{first} {surname}", "email": email})
                families.append(family)
        return people, families

    def _classes(
        self, municipality: Municipality, people: list[dict[str, Any]]
    ) -> dict[tuple[School, int], SchoolClass]:
        """One class (a) per school and grade: the towns are small."""
        keys = sorted(
            {(p["school"], p["grade"]) for p in people if p["school"] is not None},
            key=lambda key: (key[0].name, key[1]),
        )
        created = school_classes_bulk_create(
            municipality=municipality,
            rows=[
                {
                    "school": school,
                    "grade": grade,
                    "letter": "a",
                    "school_year": self.school_year,
                    "uuid": self.new_uuid(),
                }
                for school, grade in keys
            ],
            acting_user=None,
        )
        return dict(zip(keys, created, strict=True))

    def _partners(self, count: int) -> list[dict[str, Any]]:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        used_cvr: set[str] = set()
        used_name: set[str] = set()
        while len(rows) < count:
            sector, kind = self.pick(PARTNER_KINDS)
            postal_code = rng.choices(list(TOWNS), [TOWNS[c][1] for c in TOWNS])[0]
            name = f"{TOWNS[postal_code][0]} {kind}"
            if name in used_name:
                name = f"{self.pick(names.SURNAMES[:40])}s {kind}"
            cvr = f"{rng.randint(1, 4)}{rng.randrange(10**7):07d}"
            if name in used_name or cvr in used_cvr or not stdnum_cvr.is_valid(cvr):
                continue
            used_name.add(name)
            used_cvr.add(cvr)
            start = self.today - timedelta(days=rng.randint(0, 700))
            first, last = self.pick(names.PARENT_MALE), self.pick(names.SURNAMES[:40])
            rows.append(
                {
                    "cvr": cvr,
                    "name": name,
                    "sector": sector,
                    "address": f"{self.pick(geo.TOWN_STREETS)} {rng.randint(1, 80)}",
                    "postal_code": postal_code,
                    "agreement_start_date": start,
                    "agreement_end_date": agreement_end_for(start),
                    "uuid": self.new_uuid(),
                    **{c: rng.random() < 0.4 for c in COMMITMENT_FIELDS},
                    "commits_work_experience": rng.random() < 0.75,
                    "contacts": [
                        {
                            "name": f"{first} {last}",
                            "title": self.pick(geo.CONTACT_TITLES),
                            "email": f"{_mail_part(first)}@{_mail_part(name)}.example.org",
                        }
                    ],
                }
            )
        return rows

    def _users(
        self,
        municipality: Municipality,
        pupil: YoungPerson,
        partner: Any,
        classes: dict[tuple[School, int], SchoolClass],
        pupil_row: dict[str, Any],
    ) -> dict[str, User]:
        school = pupil_row["school"]
        own_class = classes[(school, 9)]
        users: dict[str, User] = {}
        for role, base in DEMO_LOGINS:
            first, last = STAFF_NAMES.get(base, ("", ""))
            scope: dict[str, Any] = {}
            if role == Role.YOUNG_PERSON:
                scope["young_person"] = pupil
                first, last = pupil.first_name, pupil.last_name
            elif role == Role.TEACHER:
                scope["teaching_classes"] = [own_class]
            elif role == Role.CAREER_COUNSELLOR:
                scope["school"] = school
            elif role == Role.WORK_EXPERIENCE_COORDINATOR:
                scope["district"] = school.district
            elif role == Role.PARTNER_CONTACT:
                scope["partner"] = partner
            users[base] = user_create(
                acting_user=None,
                username=f"{USERNAME_PREFIX}{base}",
                password=None,  # set below, hashed once for all ten
                role=role,
                municipality=municipality,
                email=f"{USERNAME_PREFIX}{base}@demo.example.org",
                first_name=first,
                last_name=last,
                uuid=self.new_uuid(),
                **scope,
            )
        hashed = make_password(DEMO_PASSWORD)
        User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=hashed)
        for user in users.values():
            user.password = hashed
        return users
