"""Writes of young people, guardians and schools.

Every service asks its policy in permissions.py (PermissionDenied when refused) and records an
audit event in the same transaction. acting_user None is the system: the import command, the
demo builder, an import task. Bulk services (an import of 15,000 young people, the demo
municipality) record one summary event on the municipality, not one per row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.masking import mask_cpr
from ungegaranti.core.models import AccessLogEntry, Municipality, User
from ungegaranti.core.services import access_log_record, audit_record

from .cpr import CPR, cpr_digest
from .models import Guardian, GuardianLink, School, SchoolClass, SchoolDistrict, YoungPerson
from .permissions import (
    can_create_guardians,
    can_create_school,
    can_create_school_class,
    can_create_school_district,
    can_import_young_people,
    can_link_guardian,
    can_manage_identifiers,
    can_upsert_young_person,
)

YOUNG_PERSON_UPSERT = audit_action("people.young_person.upsert", _("Stamdata opdateret"))
YOUNG_PEOPLE_IMPORT = audit_action("people.young_people.import", _("Unge indlæst"))
YOUNG_PEOPLE_CREATE = audit_action("people.young_people.create", _("Unge oprettet samlet"))
GUARDIAN_LINK_CREATE = audit_action("people.guardian_link.create", _("Forælder/værge tilknyttet"))
GUARDIANS_CREATE = audit_action("people.guardians.create", _("Forældre/værger oprettet samlet"))
SCHOOL_DISTRICT_CREATE = audit_action("people.school_district.create", _("Skoledistrikt oprettet"))
SCHOOL_CREATE = audit_action("people.school.create", _("Skole oprettet"))
SCHOOL_CLASS_CREATE = audit_action("people.school_class.create", _("Klasse oprettet"))
SCHOOL_CLASSES_CREATE = audit_action("people.school_classes.create", _("Klasser oprettet samlet"))
YOUNG_PERSON_UNI_ID_SET = audit_action("people.young_person.uni_id_set", _("UNI-ID registreret"))
GUARDIAN_CPR_SET = audit_action("people.guardian.cpr_set", _("CPR-nummer registreret"))
GUARDIAN_USER_LINKED = audit_action("people.guardian.user_linked", _("Login knyttet til forælder"))

# What a young person's history shows of a change (never the CPR or its digest).
_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "postal_code",
    "school",
    "school_class",
    "support_track",
)


def _authorise(acting_user: User | None, allowed: Callable[[User], bool]) -> None:
    """The system (None) may; a user only as the policy says."""
    if acting_user is not None and not allowed(acting_user):
        raise PermissionDenied


def _created(obj: Model, fields: tuple[str, ...]) -> dict[str, list[Any]]:
    return {name: [None, value] for name, value in snapshot(obj, fields).items()}


def _summary(counts: dict[str, int | str]) -> dict[str, list[Any]]:
    """A bulk event's changes: each count as "– -> n"."""
    return {name: [None, value] for name, value in counts.items()}


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
    acting_user: User | None,
) -> tuple[YoungPerson, bool]:
    """Create or update the young person with this CPR; return (person, changed)."""
    _authorise(acting_user, lambda user: can_upsert_young_person(user, municipality))
    digest = cpr_digest(cpr)
    person = YoungPerson.objects.filter(municipality=municipality, cpr_digest=digest).first()
    before = snapshot(person, _PERSON_FIELDS) if person else dict.fromkeys(_PERSON_FIELDS)
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
    audit_record(
        actor=acting_user,
        action=YOUNG_PERSON_UPSERT,
        obj=person,
        changes=changed(before, snapshot(person, _PERSON_FIELDS)),
    )
    if acting_user is not None:
        access_log_record(
            user=acting_user,
            action=AccessLogEntry.Action.CHANGE,
            purpose="Opdatering af stamdata",
            young_person=person,
        )
    return person, True


@transaction.atomic
def guardian_link_create(
    *, guardian: Guardian, young_person: YoungPerson, acting_user: User | None
) -> GuardianLink:
    _authorise(acting_user, lambda user: can_link_guardian(user, young_person))
    link, created = GuardianLink.objects.get_or_create(
        municipality=young_person.municipality, guardian=guardian, young_person=young_person
    )
    if created:
        audit_record(
            actor=acting_user,
            action=GUARDIAN_LINK_CREATE,
            obj=young_person,
            changes={"guardian": [None, guardian.name]},
        )
    return link


@transaction.atomic
def school_structure_create(
    *,
    municipality: Municipality,
    district_name: str,
    school_name: str,
    postal_code: str,
    acting_user: User | None,
) -> School:
    """A school in a district (the district is created on its first school)."""
    _authorise(acting_user, lambda user: can_create_school(user, municipality))
    district = SchoolDistrict.objects.filter(municipality=municipality, name=district_name).first()
    if district is None:
        district = school_district_create(
            municipality=municipality, name=district_name, acting_user=acting_user
        )
    return school_create(
        district=district, name=school_name, postal_code=postal_code, acting_user=acting_user
    )


@dataclass(frozen=True)
class YoungPersonRecord:
    """One validated row of an import. support_track None: keep what is stored (new: False)."""

    cpr: CPR
    first_name: str
    last_name: str
    postal_code: str
    school: School | None = None
    school_class: SchoolClass | None = None
    support_track: bool | None = None
    email: str | None = None  # None: keep what is stored


ClassKey = tuple[int, int, int, str]  # (school id, school year, grade, letter)


@transaction.atomic
def school_classes_ensure(
    *, municipality: Municipality, keys: set[ClassKey], acting_user: User | None
) -> tuple[dict[ClassKey, SchoolClass], int]:
    """Return the classes for these keys and how many were created: the missing ones are
    created (a new school year brings new classes). At most two queries and one bulk insert."""
    _authorise(acting_user, lambda user: can_create_school_class(user, municipality))
    years = {key[1] for key in keys}
    found = {
        (c.school_id, c.school_year, c.grade, c.letter): c
        for c in SchoolClass.objects.filter(municipality=municipality, school_year__in=years)
    }
    missing = [
        SchoolClass(
            municipality=municipality,
            school_id=school_id,
            school_year=year,
            grade=grade,
            letter=letter,
        )
        for (school_id, year, grade, letter) in sorted(keys - found.keys())
    ]
    for school_class in missing:
        school_class.full_clean(
            exclude=["school"], validate_unique=False, validate_constraints=False
        )
    SchoolClass.objects.bulk_create(missing)
    if missing:
        audit_record(
            actor=acting_user,
            action=SCHOOL_CLASSES_CREATE,
            obj=municipality,
            municipality=municipality,
            changes=_summary({"created": len(missing)}),
        )
        found = {
            (c.school_id, c.school_year, c.grade, c.letter): c
            for c in SchoolClass.objects.filter(municipality=municipality, school_year__in=years)
        }
    return {key: found[key] for key in keys}, len(missing)


_COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "postal_code",
    "school_id",
    "school_class_id",
    "support_track",
    "email",
)
_BATCH = 200


@transaction.atomic
def young_people_bulk_upsert(
    *,
    municipality: Municipality,
    records: list[YoungPersonRecord],
    acting_user: User | None,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Create or update many young people by CPR in a few queries; unchanged rows are not
    touched (their updated_at stays). Writes ONE access-log entry for the whole import (the
    search term is `source`, e.g. the file name). Returns created/updated/unchanged counts.

    Rows are validated by the caller (the import); `full_clean` here checks the fields only,
    since uniqueness is settled by the digest lookup.
    """
    _authorise(acting_user, lambda user: can_import_young_people(user, municipality))
    existing = {
        p.cpr_digest: p
        for p in YoungPerson.objects.filter(municipality=municipality).only(
            "id", "cpr_digest", *(f.removesuffix("_id") for f in _COMPARED_FIELDS)
        )
    }
    to_create: list[YoungPerson] = []
    to_update: list[YoungPerson] = []
    unchanged = 0
    now = timezone.now()
    for record in records:
        digest = cpr_digest(record.cpr)
        values = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "postal_code": record.postal_code,
            "school_id": record.school.pk if record.school else None,
            "school_class_id": record.school_class.pk if record.school_class else None,
        }
        person = existing.get(digest)
        if person is None:
            person = YoungPerson(
                municipality=municipality,
                cpr=record.cpr,
                cpr_digest=digest,
                birth_date=record.cpr.birth_date,
                sex=record.cpr.sex,
                support_track=bool(record.support_track),
                email=record.email or "",
                **values,
            )
            person.full_clean(
                exclude=["cpr", "cpr_digest", "municipality", "school", "school_class"],
                validate_unique=False,
                validate_constraints=False,
            )
            to_create.append(person)
            continue
        if record.support_track is not None:
            values["support_track"] = record.support_track
        if record.email is not None:
            values["email"] = record.email
        if all(getattr(person, field) == value for field, value in values.items()):
            unchanged += 1
            continue
        for field, value in values.items():
            setattr(person, field, value)
        person.updated_at = now
        person.full_clean(
            exclude=[
                "cpr",
                "cpr_digest",
                "municipality",
                "school",
                "school_class",
                "birth_date",
                "sex",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
        to_update.append(person)
    total = len(to_create) + len(to_update)
    done = 0
    for start in range(0, len(to_create), _BATCH):
        YoungPerson.objects.bulk_create(to_create[start : start + _BATCH])
        done += len(to_create[start : start + _BATCH])
        if progress:
            progress(done, total)
    for start in range(0, len(to_update), _BATCH):
        YoungPerson.objects.bulk_update(
            to_update[start : start + _BATCH], [*_COMPARED_FIELDS, "updated_at"]
        )
        done += len(to_update[start : start + _BATCH])
        if progress:
            progress(done, total)
    _import_log(municipality=municipality, acting_user=acting_user, source=source)
    counts = {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}
    audit_record(
        actor=acting_user,
        action=YOUNG_PEOPLE_IMPORT,
        obj=municipality,
        municipality=municipality,
        changes=_summary({**counts, "source": mask_cpr(source)[:200]}),
    )
    return counts


IMPORT_PURPOSE = "Import af unge"


def _import_log(*, municipality: Municipality, acting_user: User | None, source: str) -> None:
    """One access-log entry per import (not one per row). From the command line there is no
    user: the entry names the command instead."""
    if acting_user is not None:
        access_log_record(
            user=acting_user,
            action=AccessLogEntry.Action.CHANGE,
            purpose=IMPORT_PURPOSE,
            search_term=source,
        )
        return
    AccessLogEntry.objects.create(
        municipality=municipality,
        username="manage.py import_young_people",
        action=AccessLogEntry.Action.CHANGE,
        search_term=mask_cpr(source)[:200],
        purpose=IMPORT_PURPOSE,
    )


# --- Bulk creation for generated data (the demo municipality) ---------------------------------


@transaction.atomic
def school_district_create(
    *, municipality: Municipality, name: str, acting_user: User | None, uuid: UUID | None = None
) -> SchoolDistrict:
    """Create a school district (`uuid` may be given so that generated data is reproducible)."""
    _authorise(acting_user, lambda user: can_create_school_district(user, municipality))
    district = SchoolDistrict(municipality=municipality, name=name)
    if uuid is not None:
        district.uuid = uuid
    district.full_clean()
    district.save()
    audit_record(
        actor=acting_user,
        action=SCHOOL_DISTRICT_CREATE,
        obj=district,
        changes=_created(district, ("name",)),
    )
    return district


@transaction.atomic
def school_create(
    *,
    district: SchoolDistrict,
    name: str,
    postal_code: str,
    acting_user: User | None,
    institution_number: str = "",
    uuid: UUID | None = None,
) -> School:
    _authorise(acting_user, lambda user: can_create_school(user, district.municipality))
    school = School(
        municipality=district.municipality,
        district=district,
        name=name,
        postal_code=postal_code,
        institution_number=institution_number,
    )
    if uuid is not None:
        school.uuid = uuid
    school.full_clean()
    school.save()
    audit_record(
        actor=acting_user,
        action=SCHOOL_CREATE,
        obj=school,
        changes=_created(school, ("name", "district", "postal_code", "institution_number")),
    )
    return school


@transaction.atomic
def school_class_create(
    *,
    school: School,
    grade: int,
    letter: str,
    school_year: int,
    acting_user: User | None,
    uuid: UUID | None = None,
) -> SchoolClass:
    _authorise(acting_user, lambda user: can_create_school_class(user, school.municipality))
    school_class = SchoolClass(
        municipality=school.municipality,
        school=school,
        grade=grade,
        letter=letter,
        school_year=school_year,
    )
    if uuid is not None:
        school_class.uuid = uuid
    school_class.full_clean()
    school_class.save()
    audit_record(
        actor=acting_user,
        action=SCHOOL_CLASS_CREATE,
        obj=school_class,
        changes=_created(school_class, ("school", "grade", "letter", "school_year")),
    )
    return school_class


_BULK_CREATE_BATCH = 1000


@transaction.atomic
def young_people_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]], acting_user: User | None
) -> list[YoungPerson]:
    """Create many new young people at once (generated data; imports use the upsert).

    Each row holds `cpr` (a CPR), `first_name`, `last_name`, `postal_code` and optionally
    `school`, `school_class`, `support_track`, `uuid`. Birth date, sex and the lookup digest
    come from the CPR. Fields are checked row by row; the database's unique constraint settles
    CPR uniqueness. Writes no access-log entry (nobody looks at anyone's data here) and one
    summary audit event.
    """
    _authorise(acting_user, lambda user: can_import_young_people(user, municipality))
    people: list[YoungPerson] = []
    digests: set[str] = set()
    for row in rows:
        cpr: CPR = row["cpr"]
        digest = cpr_digest(cpr)
        if digest in digests:
            raise ValueError("Det samme CPR-nummer optræder to gange.")
        digests.add(digest)
        school = row.get("school")
        school_class = row.get("school_class")
        if school_class is not None and school_class.school_id != getattr(school, "pk", None):
            raise ValueError("Klassen hører ikke til skolen.")
        person = YoungPerson(
            municipality=municipality,
            cpr=cpr,
            cpr_digest=digest,
            birth_date=cpr.birth_date,
            sex=cpr.sex,
            first_name=row["first_name"],
            last_name=row["last_name"],
            postal_code=row["postal_code"],
            school=school,
            school_class=school_class,
            support_track=bool(row.get("support_track", False)),
            email=row.get("email", ""),
        )
        if row.get("uuid") is not None:
            person.uuid = row["uuid"]
        person.clean_fields(exclude=["cpr", "cpr_digest", "municipality", "school", "school_class"])
        people.append(person)
    for start in range(0, len(people), _BULK_CREATE_BATCH):
        YoungPerson.objects.bulk_create(people[start : start + _BULK_CREATE_BATCH])
    audit_record(
        actor=acting_user,
        action=YOUNG_PEOPLE_CREATE,
        obj=municipality,
        municipality=municipality,
        changes=_summary({"created": len(people)}),
    )
    return people


@transaction.atomic
def guardians_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]], acting_user: User | None
) -> list[Guardian]:
    """Create many guardians with their links to their (already saved) children.

    Each row holds `name`, `children` (saved YoungPerson rows) and optionally `email`, `phone`,
    `user` (a login) and `uuid`. Siblings share guardians by appearing in the same row.
    """
    _authorise(acting_user, lambda user: can_create_guardians(user, municipality))
    guardians: list[Guardian] = []
    for row in rows:
        guardian = Guardian(
            municipality=municipality,
            name=row["name"],
            email=row.get("email", ""),
            phone=row.get("phone", ""),
            user=row.get("user"),
        )
        if row.get("uuid") is not None:
            guardian.uuid = row["uuid"]
        guardian.clean_fields(exclude=["municipality", "user"])
        guardians.append(guardian)
    for start in range(0, len(guardians), _BULK_CREATE_BATCH):
        Guardian.objects.bulk_create(guardians[start : start + _BULK_CREATE_BATCH])
    links = [
        GuardianLink(municipality=municipality, guardian=guardian, young_person=child)
        for guardian, row in zip(guardians, rows, strict=True)
        for child in row["children"]
    ]
    for start in range(0, len(links), _BULK_CREATE_BATCH):
        GuardianLink.objects.bulk_create(links[start : start + _BULK_CREATE_BATCH])
    audit_record(
        actor=acting_user,
        action=GUARDIANS_CREATE,
        obj=municipality,
        municipality=municipality,
        changes=_summary({"created": len(guardians), "links": len(links)}),
    )
    return guardians


@transaction.atomic
def school_classes_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]], acting_user: User | None
) -> list[SchoolClass]:
    """Create many classes at once (generated data). Each row holds `school`, `grade`,
    `letter`, `school_year` and optionally `uuid`."""
    _authorise(acting_user, lambda user: can_create_school_class(user, municipality))
    classes: list[SchoolClass] = []
    keys: set[tuple[int, int, int, str]] = set()
    for row in rows:
        school = row["school"]
        key = (school.pk, row["school_year"], row["grade"], row["letter"])
        if key in keys:
            raise ValueError("Den samme klasse optræder to gange.")
        keys.add(key)
        school_class = SchoolClass(
            municipality=municipality,
            school=school,
            grade=row["grade"],
            letter=row["letter"],
            school_year=row["school_year"],
        )
        if row.get("uuid") is not None:
            school_class.uuid = row["uuid"]
        school_class.clean_fields(exclude=["municipality", "school"])
        classes.append(school_class)
    SchoolClass.objects.bulk_create(classes, batch_size=_BULK_CREATE_BATCH)
    audit_record(
        actor=acting_user,
        action=SCHOOL_CLASSES_CREATE,
        obj=municipality,
        municipality=municipality,
        changes=_summary({"created": len(classes)}),
    )
    return classes


@transaction.atomic
def young_person_uni_id_set(*, young_person: YoungPerson, uni_id: str, acting_user: Any) -> None:
    """Record a pupil's UNI-ID (from STIL's data), which links their UNI-Login to them."""
    if acting_user is not None and not can_manage_identifiers(acting_user, young_person):
        raise PermissionDenied
    before = young_person.uni_id
    young_person.uni_id = uni_id.strip()
    young_person.full_clean(exclude=["cpr", "cpr_digest"])
    young_person.save(update_fields=["uni_id", "updated_at"])
    audit_record(
        actor=acting_user,
        action=YOUNG_PERSON_UNI_ID_SET,
        obj=young_person,
        changes={"uni_id": [before, young_person.uni_id]},
    )


@transaction.atomic
def guardian_cpr_set(*, guardian: Guardian, cpr: CPR, acting_user: Any) -> None:
    """Record a guardian's CPR (encrypted; found by its digest), which links their MitID."""
    if acting_user is not None and not can_manage_identifiers(acting_user, guardian):
        raise PermissionDenied
    guardian.cpr = cpr
    guardian.cpr_digest = cpr_digest(cpr)
    guardian.full_clean(exclude=["cpr", "cpr_digest", "user"])
    guardian.save(update_fields=["cpr", "cpr_digest", "updated_at"])
    audit_record(actor=acting_user, action=GUARDIAN_CPR_SET, obj=guardian)


@transaction.atomic
def guardian_user_link(*, guardian: Guardian, user: Any, acting_user: Any) -> None:
    """Tie a guardian to their login: the system does it at their first MitID login, on the
    CPR the broker vouched for (acting_user None), or the secretariat does."""
    if acting_user is not None and not can_manage_identifiers(acting_user, guardian):
        raise PermissionDenied
    guardian.user = user
    guardian.save(update_fields=["user", "updated_at"])
    audit_record(actor=acting_user, action=GUARDIAN_USER_LINKED, obj=guardian)
