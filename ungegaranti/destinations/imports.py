"""Import of statuses from CSV shaped like an extract of the national youth database
(Ungedatabasen), by the command line or the upload page (docs/import.md).

All or nothing: any bad row and nothing is saved, with a Danish report naming each row and
column. Idempotent: a row already in the history (same person, day and status) is unchanged.
"""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.csvimport import Column, CSVImporter, Progress, Row, parse_date
from ungegaranti.core.jobs import JobFailedError, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE
from ungegaranti.people.cpr import CPRError, cpr_digest, parse_cpr
from ungegaranti.people.models import YoungPerson

from .models import Status
from .services import StatusRecord, statuses_import

# The codes in the file (lower case, ASCII like the youth database's own exports).
STATUS_CODES = {
    "grundskole": Status.PRIMARY_SCHOOL,
    "ungdomsuddannelse": Status.YOUTH_EDUCATION,
    "fgu": Status.FGU,
    "videregaaende": Status.HIGHER_EDUCATION,
    "laereplads": Status.APPRENTICESHIP,
    "job_min_20": Status.JOB_20_PLUS,
    "job_under_20": Status.JOB_UNDER_20,
    "vaernepligt": Status.MILITARY,
    "frivillig": Status.VOLUNTEERING,
    "ledig": Status.UNEMPLOYED,
    "andet": Status.OTHER,
    "ukendt": Status.UNKNOWN,
    "fraflyttet": Status.MOVED_AWAY,
}


class StatusImporter(CSVImporter):
    columns = (
        Column(
            "cpr", True, gettext_lazy("CPR-nummer på en ung, der findes i kommunen"), "010110-4123"
        ),
        Column(
            "status",
            True,
            format_lazy(gettext_lazy("Statuskode: {codes}"), codes=", ".join(STATUS_CODES)),
            "ungdomsuddannelse",
        ),
        Column(
            "statusdato",
            True,
            gettext_lazy("Dato for status, ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"),
            "2026-08-15",
        ),
        Column(
            "institution",
            False,
            gettext_lazy("Valgfri: skole, arbejdsplads eller sted"),
            "EUC Nord",
        ),
    )

    def prepare(self) -> None:
        self.today = timezone.localdate()
        self.people = {
            p.cpr_digest: p
            for p in YoungPerson.objects.filter(municipality=self.municipality).only(
                "pk", "uuid", "cpr_digest", "birth_date", "municipality_id"
            )
        }

    def validate_row(self, row: Row) -> StatusRecord | None:
        errors_before = len(self.errors)
        n = row.number
        person = None
        try:
            cpr = parse_cpr(row.get("cpr"))
        except CPRError as exc:
            self.error(n, "cpr", str(exc) if row.get("cpr") else _("CPR-nummeret mangler."))
        else:
            person = self.people.get(cpr_digest(cpr))
            if person is None:
                self.error(
                    n,
                    "cpr",
                    _("Ingen ung med dette CPR-nummer i kommunen: indlæs den unge først."),
                )
        code = row.get("status").lower()
        status = STATUS_CODES.get(code)
        if status is None:
            self.error(
                n,
                "status",
                _("Ukendt statuskode «%(code)s». Brug en af: %(codes)s.")
                % {"code": code[:40], "codes": ", ".join(STATUS_CODES)},
            )
        status_date: date | None = None
        try:
            status_date = parse_date(row.get("statusdato"))
        except ValueError as exc:
            self.error(n, "statusdato", str(exc))
        else:
            if status_date > self.today:
                self.error(
                    n,
                    "statusdato",
                    _("Datoen %(day)s ligger i fremtiden.") % {"day": f"{status_date:%d-%m-%Y}"},
                )
            elif person is not None:
                age = person.age_on(status_date)
                if not GUIDANCE_MIN_AGE <= age <= GUIDANCE_MAX_AGE:
                    self.error(
                        n,
                        "statusdato",
                        _(
                            "Den unge er %(age)d år på datoen: statusser følges for de "
                            "%(min)d-%(max)d-årige i Ungegarantien."
                        )
                        % {"age": age, "min": GUIDANCE_MIN_AGE, "max": GUIDANCE_MAX_AGE},
                    )
        institution = " ".join(row.get("institution").split())
        if len(institution) > 200:
            self.error(n, "institution", _("Højst 200 tegn."))
        if len(self.errors) > errors_before or person is None or status is None:
            return None
        assert status_date is not None
        return StatusRecord(
            young_person=person, status=status, status_date=status_date, institution=institution
        )

    def validate_all(self, items: list[tuple[Row, Any]]) -> None:
        first_row: dict[tuple[int, date, str], int] = {}
        for row, record in items:
            key = (record.young_person.pk, record.status_date, record.status)
            seen = first_row.setdefault(key, row.number)
            if seen != row.number:
                self.error(
                    row.number,
                    "status",
                    _("Samme status på samme dato står også i række %(other)d.") % {"other": seen},
                )

    def write(self, items: list[tuple[Row, Any]], progress: Progress) -> dict[str, int]:
        return statuses_import(
            municipality=self.municipality,
            records=[record for _row, record in items],
            acting_user=self.acting_user,
            source_name=self.file_name,
            progress=progress,
        )

    def summary(self, counts: dict[str, int]) -> str:
        return (
            _("Import af statusser gennemført: %(created)d nye, %(unchanged)d fandtes allerede.")
            % counts
        )


@job_handler("import_destination_statuses")
def import_statuses_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Run an uploaded file. The file (it holds CPR numbers) is deleted when the run ends."""
    try:
        with job.input_file.open("rb") as upload:
            data = upload.read()
        importer = StatusImporter(
            municipality=job.municipality,
            acting_user=job.created_by,
            file_name=job.params.get("file_name", ""),
        )
        result = importer.run(data, progress)
    finally:
        if job.input_file:
            job.input_file.delete(save=False)
            BackgroundJob.objects.filter(pk=job.pk).update(input_file="")
    if result["errors"]:
        raise JobFailedError(result)
    return result
