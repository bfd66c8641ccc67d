"""Import of young people from CSV (docs/import.md), by the command line or the upload page.

Upsert by CPR: the same file imported twice changes nothing. A CPR is checked for its date and
century digit only; a number that fails the old modulus-11 check is valid (domain.md).
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.csvimport import (
    Column,
    CSVImporter,
    Progress,
    Row,
    parse_postal_code,
    parse_yes_no,
)
from ungegaranti.core.roles import GUARANTEE_MAX_AGE, GUARANTEE_MIN_AGE
from ungegaranti.core.schoolyear import school_year_of

from .cpr import CPRError, cpr_digest, parse_cpr
from .models import School
from .services import YoungPersonRecord, school_classes_ensure, young_people_bulk_upsert

_CLASS = re.compile(r"^(\d{1,2})\s*\.\s*([a-zæøå]{1,3})$", re.IGNORECASE)
_SCHOOL_YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")
NAME_MAX = 100


def current_school_year(today: date | None = None) -> int:
    """The starting year of the school year that contains `today` (it starts on 1 August)."""
    return school_year_of(today or timezone.localdate())


def guarantee_age_error(birth_date: date, today: date) -> str | None:
    """A Danish message naming the age when a person born on birth_date is outside the
    guarantee's ages (0. klasse to 29) on `today`; None inside."""
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    if GUARANTEE_MIN_AGE <= age <= GUARANTEE_MAX_AGE:
        return None
    return _(
        "Personen er %(age)d år ifølge CPR-nummeret: Ungegarantien gælder fra 0. klasse "
        "(%(min)d år) til og med %(max)d år. Tjek fødselsdato og århundredeciffer."
    ) % {"age": age, "min": GUARANTEE_MIN_AGE, "max": GUARANTEE_MAX_AGE}


def parse_school_year(value: str, *, default: int) -> int:
    value = value.strip()
    if not value:
        return default
    match = _SCHOOL_YEAR.match(value)
    if not match:
        raise ValueError(_("Skoleåret skal skrives som startåret, fx 2025 eller 2025/26."))
    start = int(match.group(1))
    if match.group(2):
        end = int(match.group(2))
        if end % 100 != (start + 1) % 100:
            raise ValueError(_("Skoleårets to år skal følge hinanden, fx 2025/26."))
    if not default - 10 <= start <= default + 1:
        raise ValueError(
            _("Skoleåret skal ligge mellem %(first)d og %(last)d.")
            % {"first": default - 10, "last": default + 1}
        )
    return start


class YoungPeopleImporter(CSVImporter):
    columns = (
        Column("cpr", True, gettext_lazy("CPR-nummer, DDMMÅÅ-SSSS eller 10 cifre"), "010110-4123"),
        Column("fornavn", True, gettext_lazy("Fornavn(e)"), "Asta"),
        Column("efternavn", True, gettext_lazy("Efternavn"), "Andersen"),
        Column("postnummer", True, gettext_lazy("Fire cifre, 0800-9990"), "9800"),
        Column(
            "skole",
            True,
            gettext_lazy("Skolens navn, som den hedder i systemet; tom for unge uden for skolen"),
            "Skole A",
        ),
        Column(
            "klasse",
            True,
            gettext_lazy("Klassetrin 0-10, punktum og bogstav, fx 8.b; tom uden klasse"),
            "8.b",
        ),
        Column(
            "skoleaar",
            False,
            gettext_lazy("Valgfri: klassens skoleår (startår, fx 2025 eller 2025/26)"),
            "2025/26",
        ),
        Column(
            "stoettespor",
            False,
            gettext_lazy("Valgfri: ja/nej (tom = nej; uden kolonnen bevares det gemte)"),
            "nej",
        ),
        Column(
            "email",
            False,
            gettext_lazy("Valgfri: den unges egen e-mail (tom = ingen; uden kolonnen bevares den)"),
            "asta@example.org",
        ),
    )

    def prepare(self) -> None:
        self.today = timezone.localdate()
        self.default_year = current_school_year(self.today)
        self.schools = {
            s.name.strip().lower(): s for s in School.objects.filter(municipality=self.municipality)
        }
        self.class_keys: set[tuple[int, int, int, str]] = set()

    def validate_row(self, row: Row) -> dict[str, Any] | None:
        errors_before = len(self.errors)
        n = row.number
        cpr = None
        try:
            cpr = parse_cpr(row.get("cpr"))
        except CPRError as exc:
            message = str(exc) if row.get("cpr") else _("CPR-nummeret mangler.")
            self.error(n, "cpr", message)
        if cpr is not None and (age_error := guarantee_age_error(cpr.birth_date, self.today)):
            self.error(n, "cpr", age_error)
            cpr = None
        names = {}
        for column, label in (("fornavn", _("Fornavnet")), ("efternavn", _("Efternavnet"))):
            value = " ".join(row.get(column).split())
            if not value:
                self.error(n, column, _("%(what)s mangler.") % {"what": label})
            elif len(value) > NAME_MAX:
                self.error(
                    n,
                    column,
                    _("%(what)s må højst være %(max)d tegn.") % {"what": label, "max": NAME_MAX},
                )
            names[column] = value
        postal_code = ""
        try:
            postal_code = parse_postal_code(row.get("postnummer"))
        except ValueError as exc:
            self.error(n, "postnummer", str(exc))
        school = None
        school_name = row.get("skole")
        if school_name:
            school = self.schools.get(" ".join(school_name.split()).lower())
            if school is None:
                self.error(
                    n,
                    "skole",
                    _("Skolen «%(name)s» findes ikke i kommunen.") % {"name": school_name[:100]},
                )
        year = self.default_year
        try:
            year = parse_school_year(row.get("skoleaar"), default=self.default_year)
        except ValueError as exc:
            self.error(n, "skoleaar", str(exc))
        class_key = None
        class_name = row.get("klasse")
        if class_name:
            match = _CLASS.match(class_name)
            if not match:
                self.error(
                    n,
                    "klasse",
                    _("Klassen skal skrives som klassetrin, punktum og bogstav, fx 8.b."),
                )
            elif not 0 <= int(match.group(1)) <= 10:
                self.error(
                    n,
                    "klasse",
                    _("Klassetrinnet skal være 0-10 (filen siger %(grade)s).")
                    % {"grade": match.group(1)},
                )
            elif not school_name:
                self.error(n, "klasse", _("En klasse kræver en skole i kolonnen skole."))
            elif school is not None:
                class_key = (school.pk, year, int(match.group(1)), match.group(2).lower())
        support_track = None
        if self.has_column("stoettespor"):
            try:
                support_track = parse_yes_no(row.get("stoettespor"), default=False)
            except ValueError as exc:
                self.error(n, "stoettespor", str(exc))
        email = None
        if self.has_column("email"):
            email = row.get("email").strip()
            try:
                if email:
                    validate_email(email)
            except ValidationError:
                self.error(
                    n, "email", _("«%(value)s» er ikke en e-mailadresse.") % {"value": email[:100]}
                )
        if len(self.errors) > errors_before or cpr is None:
            return None
        return {
            "cpr": cpr,
            "digest": cpr_digest(cpr),
            "first_name": names["fornavn"],
            "last_name": names["efternavn"],
            "postal_code": postal_code,
            "school": school,
            "class_key": class_key,
            "support_track": support_track,
            "email": email,
        }

    def validate_all(self, items: list[tuple[Row, Any]]) -> None:
        first_row: dict[str, int] = {}
        for row, value in items:
            seen = first_row.setdefault(value["digest"], row.number)
            if seen != row.number:
                self.error(
                    row.number,
                    "cpr",
                    _("CPR-nummeret står også i række %(other)d: hver ung må kun stå én gang.")
                    % {"other": seen},
                )
                self.error(
                    seen,
                    "cpr",
                    _("CPR-nummeret står også i række %(other)d: hver ung må kun stå én gang.")
                    % {"other": row.number},
                )

    def write(self, items: list[tuple[Row, Any]], progress: Progress) -> dict[str, int]:
        keys = {value["class_key"] for _row, value in items if value["class_key"]}
        classes, new_classes = school_classes_ensure(
            municipality=self.municipality, keys=keys, acting_user=self.acting_user
        )
        records = [
            YoungPersonRecord(
                cpr=value["cpr"],
                first_name=value["first_name"],
                last_name=value["last_name"],
                postal_code=value["postal_code"],
                school=value["school"],
                school_class=classes[value["class_key"]] if value["class_key"] else None,
                support_track=value["support_track"],
                email=value["email"],
            )
            for _row, value in items
        ]
        counts = young_people_bulk_upsert(
            municipality=self.municipality,
            records=records,
            acting_user=self.acting_user,
            source=self.file_name,
            progress=progress,
        )
        return {**counts, "classes_created": new_classes}

    def summary(self, counts: dict[str, int]) -> str:
        text = (
            _(
                "Import af unge gennemført: %(created)d oprettet, %(updated)d opdateret, "
                "%(unchanged)d uændret."
            )
            % counts
        )
        if counts.get("classes_created"):
            text += " " + _("%(n)d nye klasser oprettet.") % {"n": counts["classes_created"]}
        return text
