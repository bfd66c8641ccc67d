"""A small municipality with one persona per role, built through the real services.

The test suite's world (conftest.py's `world` and `client_for` fixtures); every app's tests may
use it. Two districts, so every scoped role has someone it must NOT see.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import Municipality, PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.partners.services import agreement_end_for, partner_contact_create, partner_upsert
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.models import Guardian, School, SchoolClass, YoungPerson
from ungegaranti.people.services import (
    guardian_link_create,
    school_structure_create,
    young_person_upsert,
)

PASSWORD = "test-password-123"  # noqa: S105  (the test personas' only password)


@dataclass
class World:
    municipality: Municipality
    other_municipality: Municipality
    school_a: School
    school_b: School
    class_a: SchoolClass
    class_b: SchoolClass
    pupil_a: YoungPerson  # grade 8 at school A, district A, on the support track
    pupil_b: YoungPerson  # grade 8 at school B, district B
    adult: YoungPerson  # 22, no school
    foreign_pupil: YoungPerson  # in another municipality
    partner_a: GuaranteePartner
    partner_b: GuaranteePartner
    users: dict[Role, User] = field(default_factory=dict)


def born_aged(years: int, *, days_past_birthday: int = 40) -> date:
    """A birth date that makes someone exactly `years` old today, whatever today is: their
    birthday was `days_past_birthday` days ago (so the age holds for the rest of a test's
    weeks ahead). On 29 February the anniversary in a common year is 28 February."""
    today = timezone.localdate()
    return add_years(today, -years) - timedelta(days=days_past_birthday)


def _person(
    municipality: Municipality, years: int, serial: int, first: str, last: str, **kwargs: Any
) -> YoungPerson:
    cpr = synthetic_cpr(born_aged(years), serial, male=serial % 2 == 1)
    person, _ = young_person_upsert(
        municipality=municipality,
        acting_user=None,
        cpr=cpr,
        first_name=first,
        last_name=last,
        postal_code=kwargs.pop("postal_code", "9800"),
        **kwargs,
    )
    return person


def build_world() -> World:
    for code, town, lat, lon in [
        ("9800", "Hjørring", 57.464, 9.982),
        ("9850", "Hirtshals", 57.588, 9.959),
    ]:
        PostalArea.objects.get_or_create(
            code=code, defaults={"town": town, "latitude": lat, "longitude": lon}
        )
    municipality = Municipality.objects.create(code="860", name="Hjørring")
    other = Municipality.objects.create(code="707", name="Norddjurs")
    school_a = school_structure_create(
        municipality=municipality,
        district_name="Distrikt A",
        school_name="Skole A",
        postal_code="9800",
        acting_user=None,
    )
    school_b = school_structure_create(
        municipality=municipality,
        district_name="Distrikt B",
        school_name="Skole B",
        postal_code="9850",
        acting_user=None,
    )
    school_year = school_year_of(timezone.localdate())
    class_a = SchoolClass.objects.create(
        municipality=municipality, school=school_a, grade=8, letter="a", school_year=school_year
    )
    class_b = SchoolClass.objects.create(
        municipality=municipality, school=school_b, grade=8, letter="a", school_year=school_year
    )
    pupil_a = _person(
        municipality,
        14,
        1,
        "Asta",
        "Andersen",
        school=school_a,
        school_class=class_a,
        support_track=True,
    )
    pupil_b = _person(
        municipality,
        14,
        2,
        "Bo",
        "Bertelsen",
        school=school_b,
        school_class=class_b,
        postal_code="9850",
    )
    adult = _person(municipality, 22, 3, "Carl", "Christensen")
    other_school = school_structure_create(
        municipality=other,
        district_name="Grenaa",
        school_name="Grenaa Skole",
        postal_code="8500",
        acting_user=None,
    )
    foreign_pupil = _person(other, 15, 4, "Dina", "Dahl", school=other_school)

    today = timezone.localdate()
    start = today.replace(day=1)
    partner_a, _ = partner_upsert(
        municipality=municipality,
        acting_user=None,
        cvr="10000009",
        name="Vendsyssel Maskinfabrik ApS",
        sector="C",
        address="Industrivej 1",
        postal_code="9800",
        agreement_start_date=start,
        agreement_end_date=agreement_end_for(start),
        commits_work_experience=True,
    )
    partner_b, _ = partner_upsert(
        municipality=municipality,
        acting_user=None,
        cvr="10000017",
        name="Hirtshals Havnecafé",
        sector="I",
        address="Havnegade 2",
        postal_code="9850",
        agreement_start_date=start,
        agreement_end_date=agreement_end_for(start),
        commits_leisure_job=True,
    )

    def login(role: Role, username: str, **scope: Any) -> User:
        return user_create(
            acting_user=None,
            username=username,
            password=PASSWORD,
            role=role,
            municipality=municipality,
            **scope,
        )

    users = {
        Role.YOUNG_PERSON: login(Role.YOUNG_PERSON, "ung", young_person=pupil_a, first_name="Asta"),
        Role.GUARDIAN: login(Role.GUARDIAN, "foraelder"),
        Role.TEACHER: login(Role.TEACHER, "laerer", teaching_classes=[class_a]),
        Role.CAREER_COUNSELLOR: login(Role.CAREER_COUNSELLOR, "karrierevejleder", school=school_a),
        Role.WORK_EXPERIENCE_COORDINATOR: login(
            Role.WORK_EXPERIENCE_COORDINATOR, "praktikkoordinator", district=school_a.district
        ),
        Role.GUIDANCE_COUNSELLOR: login(Role.GUIDANCE_COUNSELLOR, "vejleder"),
        Role.PARTNER_CONTACT: login(Role.PARTNER_CONTACT, "partner", partner=partner_a),
        Role.SECRETARIAT: login(Role.SECRETARIAT, "sekretariat"),
        Role.RESEARCHER: login(Role.RESEARCHER, "forsker"),
        Role.POLITICIAN: login(Role.POLITICIAN, "politiker"),
    }
    guardian = Guardian.objects.create(
        municipality=municipality,
        name="Anne Andersen",
        email="anne@example.org",
        user=users[Role.GUARDIAN],
    )
    guardian_link_create(guardian=guardian, young_person=pupil_a, acting_user=None)
    partner_contact_create(
        acting_user=None,
        partner=partner_a,
        name="Per Partner",
        email="per@example.org",
        user=users[Role.PARTNER_CONTACT],
    )
    return World(
        municipality=municipality,
        other_municipality=other,
        school_a=school_a,
        school_b=school_b,
        class_a=class_a,
        class_b=class_b,
        pupil_a=pupil_a,
        pupil_b=pupil_b,
        adult=adult,
        foreign_pupil=foreign_pupil,
        partner_a=partner_a,
        partner_b=partner_b,
        users=users,
    )
