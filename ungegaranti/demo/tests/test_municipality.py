"""The demo municipality: what it builds, that the same seed gives the same data, and that it
refuses to run under production settings."""

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from stdnum.dk import cvr as stdnum_cvr

from ungegaranti.core.models import AccessLogEntry, Municipality, PostalArea, Track, User
from ungegaranti.core.roles import Role
from ungegaranti.demo import names
from ungegaranti.demo.builder import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    apportion,
    build_demo_municipality,
)
from ungegaranti.demo.geography import POSTAL_CODES
from ungegaranti.partners.models import COMMITMENT_FIELDS, GuaranteePartner, PartnerContact
from ungegaranti.people.cpr import parse_cpr
from ungegaranti.people.models import Guardian, GuardianLink, SchoolClass, YoungPerson

LAST_LINE = re.compile(
    r"^demo municipality: young_people=(\d+) aged_7_29=(\d+) partners=(\d+) seconds=\d+\.\d$"
)


def run_demo(*args: str) -> list[str]:
    out = StringIO()
    call_command("demo_municipality", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def canonical_dump() -> dict[str, list[tuple]]:
    """Everything the builder generates, in order, without database ids or timestamps."""
    people = YoungPerson.objects.select_related("school", "school_class").order_by("id")
    guardians = Guardian.objects.select_related("user").order_by("id")
    links = GuardianLink.objects.select_related("guardian", "young_person").order_by(
        "guardian__uuid", "young_person__uuid"
    )
    partners = GuaranteePartner.objects.order_by("id")
    return {
        "people": [
            (
                str(p.uuid),
                p.cpr.reveal(),
                p.cpr_digest,
                p.birth_date,
                p.sex,
                p.first_name,
                p.last_name,
                p.postal_code,
                p.school.name if p.school else None,
                p.school_class.name if p.school_class else None,
                p.support_track,
            )
            for p in people
        ],
        "classes": [
            (str(c.uuid), c.school.name, c.grade, c.letter, c.school_year)
            for c in SchoolClass.objects.select_related("school").order_by("id")
        ],
        "guardians": [
            (str(g.uuid), g.name, g.email, g.user.username if g.user else None) for g in guardians
        ],
        "links": [(str(x.guardian.uuid), str(x.young_person.uuid)) for x in links],
        "partners": [
            (
                str(p.uuid),
                p.name,
                p.cvr,
                p.p_number,
                p.sector,
                p.address,
                p.postal_code,
                p.website,
                p.agreement_start_date,
                p.agreement_end_date,
                *(getattr(p, name) for name in COMMITMENT_FIELDS),
            )
            for p in partners
        ],
        "contacts": [
            (str(c.uuid), c.partner.cvr, c.name, c.title, c.email, c.user_id is not None)
            for c in PartnerContact.objects.select_related("partner").order_by("id")
        ],
        "users": [
            (
                str(u.uuid),
                u.username,
                u.role,
                u.first_name,
                u.last_name,
                str(u.young_person.uuid) if u.young_person else None,
                u.school.name if u.school else None,
                u.district.name if u.district else None,
                u.partner.cvr if u.partner else None,
                sorted(str(c.uuid) for c in u.teaching_classes.all()),
            )
            for u in User.objects.order_by("id")
        ],
        "tracks": list(
            Track.objects.order_by("kind").values_list("kind", "owner_name", "owner_organisation")
        ),
    }


@pytest.mark.django_db
def test_small_build_makes_a_whole_municipality():
    lines = run_demo("--seed", "860", "--young-people", "600")
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    # 600 aged 7-29, and on top the children at school who are not 7 yet.
    total, aged_7_29 = int(match.group(1)), int(match.group(2))
    assert aged_7_29 == 600 and 600 < total < 700
    assert int(match.group(3)) >= 200
    assert any(DEMO_PASSWORD in line for line in lines)

    municipality = Municipality.objects.get(code="860")
    assert municipality.name == "Hjørring"
    people = list(YoungPerson.objects.filter(municipality=municipality))
    assert len(people) == total
    today = timezone.localdate()
    ages = [p.age_on(today) for p in people]
    assert sum(7 <= age <= 29 for age in ages) == 600
    assert min(ages) in (5, 6) and max(ages) == 29
    assert all(p.school_class for p in people if p.age_on(today) < 7)
    # CPRs are valid, unique, and agree with the stored birth date and sex.
    digits = [p.cpr.reveal() for p in people]
    assert len(set(digits)) == total
    for person, number in zip(people, digits, strict=True):
        cpr = parse_cpr(number)
        assert (cpr.birth_date, cpr.sex) == (person.birth_date, person.sex)
    assert {p.postal_code for p in people} <= set(POSTAL_CODES)
    # Every minor has a guardian; siblings share theirs.
    guarded = set(GuardianLink.objects.values_list("young_person_id", flat=True))
    minors = [p for p in people if p.age_on(today) < 18]
    assert minors and all(p.pk in guarded for p in minors)
    assert Guardian.objects.filter(links__isnull=False).distinct().count() < len(minors) * 2
    assert all(
        g.email.split("@")[1].endswith(("example.org", "example.net", "example.com"))
        for g in Guardian.objects.all()
    )
    # Pupils sit in the class for their birth year, or a year behind it; adults are in no school.
    for person in people:
        if person.school_class:
            assert person.school_class.school_id == person.school_id
            expected = person.school_class.school_year - person.birth_date.year - 6
            assert person.school_class.grade in (expected, expected - 1)
        if person.age_on(today) >= 18:
            assert person.school_id is None
    assert SchoolClass.objects.filter(grade=10).values("school").distinct().count() <= 2
    schools = municipality.people_school_set.all()
    assert schools.count() == 16  # 14 in the districts, 2 friskoler
    assert municipality.people_schooldistrict_set.count() == 6
    assert {s.postal_code for s in schools} <= set(POSTAL_CODES)
    # Partners: at least 200, valid CVRs, two-year agreements, one to two contacts.
    partners = list(GuaranteePartner.objects.filter(municipality=municipality))
    assert len(partners) >= 200
    assert all(stdnum_cvr.is_valid(p.cvr) for p in partners)
    assert len({p.cvr for p in partners}) == len(partners)
    assert {p.postal_code for p in partners} == set(POSTAL_CODES)
    assert all((p.agreement_end_date - p.agreement_start_date).days in (730, 731) for p in partners)
    assert all(1 <= p.contacts.count() <= 2 for p in partners)
    assert sum(p.commits_work_experience for p in partners) > len(partners) / 2
    assert Track.objects.filter(municipality=municipality).count() == 4
    assert PostalArea.objects.filter(code__in=list(POSTAL_CODES)).count() == 7
    assert not AccessLogEntry.objects.exists()

    # One login per role, scoped around one 9th-grader.
    users = {u.username: u for u in User.objects.all()}
    assert {(Role(users[name].role), name) for _, name in DEMO_LOGINS} == set(DEMO_LOGINS)
    pupil = users["ung"].young_person
    assert pupil.school_class.grade == 9 and pupil.age_on(today) in (14, 15)
    assert users["foraelder"].guardian_profile.children.filter(pk=pupil.pk).exists()
    assert users["laerer"].teaching_classes.filter(pk=pupil.school_class_id).exists()
    assert users["laerer"].teaching_classes.count() == 2
    assert users["karrierevejleder"].school_id == pupil.school_id
    assert users["praktikkoordinator"].district_id == pupil.school.district_id
    assert users["partner"].partner.commits_work_experience
    assert users["partner"].partner_contact.partner_id == users["partner"].partner_id
    for _, username in DEMO_LOGINS:
        client = Client()
        # Through the login page: django-axes watches it, and refuses a login without one.
        login = client.post("/log-ind/", {"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 302, username
        assert client.get("/").status_code == 200, username

    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    assert "http://127.0.0.1:8000/" in table
    assert all(name in table for _, name in DEMO_LOGINS)


@pytest.mark.django_db
def test_same_seed_gives_the_same_data():
    class RollbackError(Exception):
        pass

    with pytest.raises(RollbackError), transaction.atomic():
        build_demo_municipality(seed=7, young_people=300, partners=30)
        first = canonical_dump()
        raise RollbackError
    assert not YoungPerson.objects.exists()
    build_demo_municipality(seed=7, young_people=300, partners=30)
    second = canonical_dump()
    assert len(first["people"]) > 300
    assert first == second


@pytest.mark.django_db
def test_another_seed_gives_other_data():
    class RollbackError(Exception):
        pass

    with pytest.raises(RollbackError), transaction.atomic():
        build_demo_municipality(seed=1, young_people=300, partners=30)
        first = canonical_dump()
        raise RollbackError
    build_demo_municipality(seed=2, young_people=300, partners=30)
    second = canonical_dump()
    assert first["people"] != second["people"]
    assert first["partners"] != second["partners"]


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_refuses_under_production_settings():
    with pytest.raises(CommandError, match="production settings"):
        run_demo("--seed", "860", "--young-people", "50")
    with pytest.raises(CommandError, match="production settings"):
        run_demo("--seed", "860", "--if-empty")
    with pytest.raises(CommandError):
        call_command("demo_logins", stdout=StringIO())
    assert not YoungPerson.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_if_empty_is_idempotent_and_a_second_full_run_is_refused():
    lines = run_demo("--seed", "3", "--young-people", "300", "--partners", "20", "--if-empty")
    assert LAST_LINE.match(lines[-1])
    counts = (YoungPerson.objects.count(), GuaranteePartner.objects.count(), User.objects.count())
    assert run_demo("--seed", "3", "--if-empty") == ["demo municipality: already loaded"]
    with pytest.raises(CommandError, match="ungegaranti.sqlite3"):
        run_demo("--seed", "3", "--young-people", "300")
    assert counts == (
        YoungPerson.objects.count(),
        GuaranteePartner.objects.count(),
        User.objects.count(),
    )


def test_demo_logins_refuses_without_demo_users(db):
    with pytest.raises(CommandError, match="demo_municipality"):
        call_command("demo_logins", stdout=StringIO())


def test_apportion_keeps_the_total():
    assert apportion([1, 1, 1], 10) == [4, 3, 3]
    assert sum(apportion([665] * 11 + [800] * 13, 15_509)) == 15_509


@pytest.mark.django_db
def test_the_population_is_the_seeds_with_a_full_kindergarten_class():
    """Built in the autumn: the seed's count aged 7-29, 0. klasse (5-6 years old) as full as the
    other grades, some children a year behind, some at a friskole, names of their decade."""
    today = timezone.localdate()
    autumn = date(today.year if today >= date(today.year, 8, 20) else today.year - 1, 8, 20)
    build_demo_municipality(seed=5, young_people=4000, partners=20, today=autumn)
    people = list(YoungPerson.objects.select_related("school", "school_class"))
    assert sum(7 <= p.age_on(autumn) <= 29 for p in people) == 4000
    pupils = [p for p in people if p.school_class and p.school_class.grade <= 9]
    per_grade = Counter(p.school_class.grade for p in pupils)
    assert per_grade[0] >= 0.9 * sum(per_grade[g] for g in range(1, 10)) / 9
    assert {p.age_on(autumn) for p in pupils if p.school_class.grade == 0} <= {5, 6, 7}
    behind = [
        p
        for p in pupils
        if p.school_class.grade == p.school_class.school_year - p.birth_date.year - 7
    ]
    assert 0.03 < len(behind) / len(pupils) < 0.12
    at_friskole = Counter(p.school.name for p in pupils if "Friskole" in p.school.name)
    assert 0.04 < at_friskole.total() / len(pupils) < 0.2
    # A friskole has a few hundred pupils: 1.3-4 % of the full demo's some 7,000 in 0.-9. klasse.
    assert all(0.013 < n / len(pupils) < 0.04 for n in at_friskole.values()), at_friskole
    assert all(
        p.first_name
        in names.young_names(birth_year=p.birth_date.year, male=p.sex == YoungPerson.Sex.MALE)
        for p in people
    )
