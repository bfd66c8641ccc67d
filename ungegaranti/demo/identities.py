"""Identifiers for the demo municipality, so that its personas can log in through the local
brokers: UNI-IDs for the demo pupil's class and the school staff, CPR numbers for the guardians
of the pupils who have a login. Idempotent; only under settings.DEMO_DATA_ALLOWED.

A UNI-ID comes from STIL and a guardian's CPR from the CPR register in a real municipality;
here both are made up (synthetic CPRs of people born 1975-1989, well clear of the young
people's ages), derived from the rows' UUIDs, so a rebuild gives the same ones."""

from datetime import date

from django.db import transaction

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.services import user_uni_id_set
from ungegaranti.identity.services import UNILOGIN_STAFF_ROLES
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.models import Guardian, YoungPerson
from ungegaranti.people.services import guardian_cpr_set, young_person_uni_id_set


def demo_uni_id(public_id: object) -> str:
    return f"demo{str(public_id).replace('-', '')[:8]}"


@transaction.atomic
def demo_identities_ensure(*, municipality: Municipality) -> dict[str, int]:
    """Give the demo personas the identifiers the brokers send; return how many were added."""
    pupils_with_login = YoungPerson.objects.filter(municipality=municipality).exclude(user=None)
    classes = [p.school_class_id for p in pupils_with_login if p.school_class_id]
    pupils = YoungPerson.objects.filter(municipality=municipality, uni_id="").filter(
        pk__in=[p.pk for p in pupils_with_login]
    ) | YoungPerson.objects.filter(municipality=municipality, uni_id="", school_class__in=classes)
    added = {"uni_id": 0, "staff": 0, "guardian_cpr": 0}
    for person in pupils.distinct():
        young_person_uni_id_set(
            young_person=person, uni_id=demo_uni_id(person.uuid), acting_user=None
        )
        added["uni_id"] += 1
    for user in User.objects.filter(
        municipality=municipality, role__in=UNILOGIN_STAFF_ROLES, uni_id=""
    ):
        user_uni_id_set(user=user, uni_id=demo_uni_id(user.uuid), acting_user=None)
        added["staff"] += 1
    guardians = Guardian.objects.filter(
        municipality=municipality, cpr_digest="", children__in=pupils_with_login
    ).distinct()
    for guardian in guardians:
        seed = guardian.uuid.int
        born = date(1975 + seed % 15, 1 + (seed >> 8) % 12, 1 + (seed >> 16) % 28)
        cpr = synthetic_cpr(born, (seed >> 24) % 100, male=bool((seed >> 32) % 2))
        guardian_cpr_set(guardian=guardian, cpr=cpr, acting_user=None)
        added["guardian_cpr"] += 1
    return added
