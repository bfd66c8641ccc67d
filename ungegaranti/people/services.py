"""Writes of young people, guardians and schools."""

from typing import Any

from django.db import transaction

from ungegaranti.core.models import AccessLogEntry, Municipality
from ungegaranti.core.services import access_log_record

from .cpr import CPR, cpr_digest
from .models import Guardian, GuardianLink, School, SchoolClass, SchoolDistrict, YoungPerson


@transaction.atomic
def young_person_upsert(
    *,
    municipality: Municipality,
    cpr: CPR,
    first_name: str,
    last_name: str,
    postal_code: str,
    school: School | None = None,
    school_class: SchoolClass | None = None,
    support_track: bool = False,
    acting_user: Any = None,
) -> tuple[YoungPerson, bool]:
    """Create or update the young person with this CPR; return (person, changed)."""
    digest = cpr_digest(cpr)
    person = YoungPerson.objects.filter(municipality=municipality, cpr_digest=digest).first()
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "postal_code": postal_code,
        "school": school,
        "school_class": school_class,
        "support_track": support_track,
        "birth_date": cpr.birth_date,
        "sex": cpr.sex,
    }
    if person is None:
        person = YoungPerson(municipality=municipality, cpr=cpr, cpr_digest=digest, **values)
    elif all(getattr(person, field) == value for field, value in values.items()):
        return person, False
    else:
        for field, value in values.items():
            setattr(person, field, value)
    person.full_clean(exclude=["cpr", "cpr_digest"])
    person.save()
    if acting_user is not None:
        access_log_record(
            user=acting_user,
            action=AccessLogEntry.Action.CHANGE,
            purpose="Opdatering af stamdata",
            young_person=person,
        )
    return person, True


@transaction.atomic
def guardian_link_create(*, guardian: Guardian, young_person: YoungPerson) -> GuardianLink:
    link, _ = GuardianLink.objects.get_or_create(
        municipality=young_person.municipality, guardian=guardian, young_person=young_person
    )
    return link


@transaction.atomic
def school_structure_create(
    *, municipality: Municipality, district_name: str, school_name: str, postal_code: str
) -> School:
    district, _ = SchoolDistrict.objects.get_or_create(
        municipality=municipality, name=district_name
    )
    school = School(
        municipality=municipality, district=district, name=school_name, postal_code=postal_code
    )
    school.full_clean()
    school.save()
    return school
