"""The research export of a registered project (Databeskyttelsesloven § 10), safe to release.

- Pseudonym: HMAC-SHA-256 of the CPR under the project's own key. The key is never stored: it
  is derived from the deployment's secret (settings.PSEUDONYM_KEY, kept in the environment)
  and the project's uuid, so a person keeps one pseudonym across a project's yearly exports
  and has unrelated ones in two projects; without the secret nobody goes back to the CPR.
- Nothing direct: no name, CPR, address, free text, school or partner name, or exact date
  (birth as year-month, every other date as a month).
- k-anonymity (k = 5) on the quasi-identifiers (sex, birth, district, grade), enforced before
  anything is written: the quasi-identifiers are generalised step by step (birth year-month →
  year → five-year band, district → municipality, grade → grade band) until at most 5 % of the
  people are in groups smaller than k; those are then left out of every file. The report says
  which step was taken and how many were left out.
- One archive: each data file as CSV and Parquet, a data dictionary, the report and a
  manifest with the SHA-256 of every file. Stored uncompressed, so that the test can scan
  its bytes for CPR numbers, names and ids.

See docs/decisions/0015-research-export.md.
"""

import hashlib
import hmac
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.downloads import csv_bytes
from ungegaranti.destinations.models import DestinationStatus
from ungegaranti.people.models import YoungPerson
from ungegaranti.placement.models import Placement
from ungegaranti.plans.models import Activity

from .models import ResearchExport, ResearchProject, ResearchVariable

RESEARCH_EXPORT_JOB = "insights.research_export"
K = 5
MAX_SUPPRESSED_SHARE = 0.05
QUASI_IDENTIFIERS = ("koen", "foedsel", "distrikt", "klassetrin")


class ResearchExportRefusedError(Exception):
    """An export that may not be made: the message (Danish) says why; nothing was written."""


def project_key(project: ResearchProject) -> bytes:
    """The project's pseudonym key, derived from the deployment's secret; never stored."""
    secret = settings.PSEUDONYM_KEY
    if not secret:
        raise ResearchExportRefusedError(
            _(
                "Nøglen til pseudonymerne mangler (PSEUDONYM_KEY er ikke sat på serveren). "
                "Udtrækket er ikke lavet; kontakt driften."
            )
        )
    return hmac.new(
        secret.encode(), b"research-project:" + project.uuid.bytes, hashlib.sha256
    ).digest()


def pseudonym(key: bytes, cpr_digits: str) -> str:
    return hmac.new(key, cpr_digits.encode(), hashlib.sha256).hexdigest()


def _month(day: date | None) -> str:
    return f"{day:%Y-%m}" if day else ""


# --- Generalisation of the quasi-identifiers ---------------------------------------------------

BIRTH_LEVELS = (
    gettext_lazy("år og måned"),
    gettext_lazy("år"),
    gettext_lazy("femårsinterval"),
)
DISTRICT_LEVELS = (gettext_lazy("skoledistrikt"), gettext_lazy("kommune"))
GRADE_LEVELS = (gettext_lazy("klassetrin"), gettext_lazy("klassetrinsinterval"))
# (birth level, district level, grade level), tried in this order.
LADDER = ((0, 0, 0), (1, 0, 0), (2, 0, 0), (2, 1, 0), (2, 1, 1))
GRADE_BANDS = ((0, 3, "0-3"), (4, 6, "4-6"), (7, 9, "7-9"), (10, 10, "10"))


def _birth(born: date, level: int) -> str:
    if level == 0:
        return f"{born:%Y-%m}"
    if level == 1:
        return str(born.year)
    low = born.year - born.year % 5
    return f"{low}-{low + 4}"


def _grade(grade: int | None, level: int) -> str:
    if grade is None:
        return ""
    if level == 0:
        return str(grade)
    return next((band for low, high, band in GRADE_BANDS if low <= grade <= high), str(grade))


@dataclass
class Person:
    pk: int
    pseudonym: str
    sex: str
    born: date
    district: str
    grade: int | None
    school_year: int | None
    support: bool


@dataclass
class Disclosure:
    """What k-anonymity did to the people file: the step taken and who was left out."""

    step: tuple[int, int, int]
    quasi_identifiers: list[str]
    tried: list[dict[str, Any]]
    people: int
    suppressed: int
    smallest_group: int
    notes: list[str] = field(default_factory=list)

    def as_report(self, variables: Sequence[str]) -> dict[str, Any]:
        birth, district, grade = self.step
        generalised = {}
        if ResearchVariable.BIRTH in variables:
            generalised["foedsel"] = str(BIRTH_LEVELS[birth])
        if ResearchVariable.DISTRICT in variables:
            generalised["distrikt"] = str(DISTRICT_LEVELS[district])
        if ResearchVariable.GRADE in variables:
            generalised["klassetrin"] = str(GRADE_LEVELS[grade])
        return {
            "k": K,
            "kvasi_identifikatorer": self.quasi_identifiers,
            "generaliseret_til": generalised,
            "forsoeg": self.tried,
            "personer": self.people,
            "udeladt": self.suppressed,
            "udleveret": self.people - self.suppressed,
            "mindste_gruppe": self.smallest_group,
            "noter": self.notes,
        }


def _quasi(person: Person, step: tuple[int, int, int], variables: Sequence[str], code: str):
    birth, district, grade = step
    return (
        person.sex if ResearchVariable.SEX in variables else "",
        _birth(person.born, birth) if ResearchVariable.BIRTH in variables else "",
        (person.district if district == 0 else code)
        if ResearchVariable.DISTRICT in variables
        else "",
        _grade(person.grade, grade) if ResearchVariable.GRADE in variables else "",
    )


def k_anonymise(
    people: list[Person], *, variables: Sequence[str], municipality_code: str
) -> tuple[list[Person], Disclosure]:
    """The people to release and what was done: the first step of the ladder that leaves at
    most 5 % in groups smaller than K (else the last step), then those groups left out."""
    qis = [
        name
        for name, variable in zip(
            QUASI_IDENTIFIERS,
            (
                ResearchVariable.SEX,
                ResearchVariable.BIRTH,
                ResearchVariable.DISTRICT,
                ResearchVariable.GRADE,
            ),
            strict=True,
        )
        if variable in variables
    ]
    tried = []
    chosen = LADDER[-1]
    for step in LADDER:
        groups = Counter(_quasi(p, step, variables, municipality_code) for p in people)
        small = sum(n for n in groups.values() if n < K)
        tried.append({"trin": list(step), "i_grupper_under_k": small})
        if small <= MAX_SUPPRESSED_SHARE * len(people):
            chosen = step
            break
    groups = Counter(_quasi(p, chosen, variables, municipality_code) for p in people)
    released = [p for p in people if groups[_quasi(p, chosen, variables, municipality_code)] >= K]
    kept = [n for n in groups.values() if n >= K]
    disclosure = Disclosure(
        step=chosen,
        quasi_identifiers=qis,
        tried=tried,
        people=len(people),
        suppressed=len(people) - len(released),
        smallest_group=min(kept, default=0),
    )
    return released, disclosure


# --- The files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # "string" or "int" or "float"
    description: Any


@dataclass
class DataFile:
    name: str
    description: Any
    columns: list[ColumnSpec]
    rows: list[list[Any]]


PSEUDONYM_COLUMN = ColumnSpec(
    "pseudonym",
    "string",
    gettext_lazy("Personens pseudonym i projektet (HMAC-SHA-256 af CPR med projektets nøgle)."),
)


def _people_file(
    people: list[Person],
    *,
    variables: Sequence[str],
    step: tuple[int, int, int],
    code: str,
    month: str,
) -> DataFile:
    columns = [
        PSEUDONYM_COLUMN,
        ColumnSpec("udtraek_maaned", "string", gettext_lazy("Måneden, udtrækket beskriver.")),
    ]
    getters: list[Callable[[Person], Any]] = [lambda p: p.pseudonym, lambda p: month]
    birth, district, grade = step
    if ResearchVariable.SEX in variables:
        columns.append(ColumnSpec("koen", "string", gettext_lazy("Køn: F (kvinde), M (mand).")))
        getters.append(lambda p: p.sex)
    if ResearchVariable.BIRTH in variables:
        columns.append(
            ColumnSpec(
                "foedsel",
                "string",
                gettext_lazy("Fødsel: år-måned, år eller femårsinterval (se rapport.json)."),
            )
        )
        getters.append(lambda p: _birth(p.born, birth))
    if ResearchVariable.DISTRICT in variables:
        columns.append(
            ColumnSpec(
                "distrikt",
                "string",
                gettext_lazy(
                    "Skoledistriktets navn, eller kommunekoden hvis distriktet er "
                    "generaliseret (se rapport.json); tom uden skole."
                ),
            )
        )
        getters.append(lambda p: p.district if district == 0 else code)
    if ResearchVariable.GRADE in variables:
        columns += [
            ColumnSpec("skoleaar", "int", gettext_lazy("Skoleåret (startår) for klassetrinnet.")),
            ColumnSpec(
                "klassetrin",
                "string",
                gettext_lazy("Klassetrin (0-10) eller interval; tom uden klasse."),
            ),
        ]
        getters += [lambda p: p.school_year, lambda p: _grade(p.grade, grade)]
    if ResearchVariable.SUPPORT in variables:
        columns.append(
            ColumnSpec(
                "stoettespor", "int", gettext_lazy("1: i støttesporet i udtræksmåneden, ellers 0.")
            )
        )
        getters.append(lambda p: int(p.support))
    rows = [[get(p) for get in getters] for p in people]
    return DataFile(
        "unge",
        gettext_lazy(
            "Én række pr. ung med tilstanden i udtræksmåneden. Et projekts årlige udtræk "
            "bygger historikken over klassetrin og støttespor (samme pseudonym hvert år)."
        ),
        columns,
        rows,
    )


def _activities_file(by_pk: dict[int, Person], municipality: Any) -> DataFile:
    rows = []
    activities = (
        Activity.objects.filter(municipality=municipality)
        .order_by("young_person_id", "start_date", "pk")
        .values_list(
            "young_person_id",
            "kind",
            "stage",
            "goal",
            "status",
            "start_date",
            "end_date",
            "class_activity__hours",
        )
    )
    for person_id, kind, stage, goal, status, start, end, hours in activities.iterator(
        chunk_size=5000
    ):
        if person_id not in by_pk:
            continue  # left out for k-anonymity
        rows.append(
            [
                by_pk[person_id].pseudonym,
                kind,
                stage,
                goal,
                status,
                _month(start),
                _month(end),
                None if hours is None else float(hours),
            ]
        )
    return DataFile(
        "aktiviteter",
        gettext_lazy("Én række pr. aktivitet i den unges forløb (uden titel, sted og refleksion)."),
        [
            PSEUDONYM_COLUMN,
            ColumnSpec("type", "string", gettext_lazy("Aktivitetens type (kode).")),
            ColumnSpec("fase", "string", gettext_lazy("Karrierelæringens fase (kode).")),
            ColumnSpec("maal", "string", gettext_lazy("Strategisk mål (kode).")),
            ColumnSpec(
                "status", "string", gettext_lazy("PLANNED, COMPLETED, DID_NOT_ATTEND, CANCELLED.")
            ),
            ColumnSpec("start_maaned", "string", gettext_lazy("Startmåned (år-måned).")),
            ColumnSpec("slut_maaned", "string", gettext_lazy("Slutmåned (år-måned).")),
            ColumnSpec(
                "timer", "float", gettext_lazy("Timer (klasseaktiviteter i Uddannelse & Job).")
            ),
        ],
        rows,
    )


def _rounds_file(
    by_pk: dict[int, Person], municipality: Any, key: bytes, *, districts_kept: bool
) -> DataFile:
    rows = []
    placements = (
        Placement.objects.filter(municipality=municipality, round__published_run__isnull=False)
        .order_by("round__start_date", "round_id", "young_person_id")
        .values_list(
            "young_person_id",
            "round__uuid",
            "round__start_date",
            "round__published_run__mechanism",
            "round__published_run__seed",
            "via",
            "rank",
        )
    )
    for person_id, round_uuid, start, mechanism, seed, via, rank in placements.iterator(
        chunk_size=5000
    ):
        if person_id not in by_pk:
            continue
        # A round is one district's: where the district is generalised away, naming the
        # round (or its seed) would tell it again.
        round_code = hmac.new(key, b"round:" + round_uuid.bytes, hashlib.sha256).hexdigest()[:16]
        rows.append(
            [
                by_pk[person_id].pseudonym,
                round_code if districts_kept else "",
                _month(start),
                mechanism,
                seed if districts_kept else None,
                via,
                rank,
            ]
        )
    return DataFile(
        "praktik",
        gettext_lazy(
            "Én række pr. elev pr. offentliggjort erhvervspraktikrunde: metoden, seed og "
            "resultatet (lodtrækningsrunder er naturlige eksperimenter)."
        ),
        [
            PSEUDONYM_COLUMN,
            ColumnSpec(
                "runde",
                "string",
                gettext_lazy("Rundens kode i projektet; tom hvis distriktet er generaliseret."),
            ),
            ColumnSpec("praktik_maaned", "string", gettext_lazy("Måneden, praktikken begyndte.")),
            ColumnSpec(
                "metode",
                "string",
                gettext_lazy("Den offentliggjorte fordeling: lottery (lodtrækning) eller optimal."),
            ),
            ColumnSpec(
                "seed",
                "int",
                gettext_lazy("Lodtrækningens seed; tom hvis distriktet er generaliseret."),
            ),
            ColumnSpec(
                "resultat",
                "string",
                gettext_lazy("WISH (et ønske), LOCKED, FALLBACK (ledig plads), UNPLACED."),
            ),
            ColumnSpec("oenske_nr", "int", gettext_lazy("Nummeret på det opfyldte ønske.")),
        ],
        rows,
    )


def _statuses_file(by_pk: dict[int, Person], municipality: Any) -> DataFile:
    rows = []
    statuses = (
        DestinationStatus.objects.filter(municipality=municipality, young_person_id__in=list(by_pk))
        .order_by("young_person_id", "status_date", "pk")
        .values_list(
            "young_person_id",
            "status",
            "status_date",
            "source",
            "is_positive",
            "definition__version",
        )
    )
    for person_id, status, day, source, positive, version in statuses.iterator(chunk_size=5000):
        if person_id not in by_pk:
            continue
        rows.append(
            [by_pk[person_id].pseudonym, status, _month(day), source, int(positive), version]
        )
    return DataFile(
        "statusser",
        gettext_lazy(
            "Én række pr. status i den unges historik med vurderingen efter den definition af "
            "positiv destination, der gjaldt på datoen (uden sted og bemærkning)."
        ),
        [
            PSEUDONYM_COLUMN,
            ColumnSpec("status", "string", gettext_lazy("Status (Ungedatabasens kategorier).")),
            ColumnSpec("maaned", "string", gettext_lazy("Statusmåned (år-måned).")),
            ColumnSpec("kilde", "string", gettext_lazy("IMPORT, COUNSELLOR, SELF_REPORT, PLAN.")),
            ColumnSpec("positiv", "int", gettext_lazy("1: positiv destination, ellers 0.")),
            ColumnSpec("definition_version", "int", gettext_lazy("Versionen af definitionen.")),
        ],
        rows,
    )


def _parquet_bytes(data: DataFile) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([pa.field(c.name, types[c.kind]) for c in data.columns])
    columns: list[Sequence[Any]] = (
        list(zip(*data.rows, strict=True)) if data.rows else [[] for _c in data.columns]
    )
    table = pa.table(
        {
            c.name: pa.array(list(values), type=types[c.kind])
            for c, values in zip(data.columns, columns, strict=True)
        },
        schema=schema,
    )
    buffer = io.BytesIO()
    # Uncompressed, as the archive: the release check scans the bytes for names and CPRs.
    pq.write_table(table, buffer, compression="none")
    return buffer.getvalue()


def _dictionary(files: list[DataFile]) -> bytes:
    rows = []
    for data in files:
        rows.append([f"{data.name}.csv / {data.name}.parquet", "", "", str(data.description)])
        rows += [[data.name, c.name, c.kind, str(c.description)] for c in data.columns]
    return csv_bytes([_("fil"), _("kolonne"), _("type"), _("beskrivelse")], rows)


def export_build(export: ResearchExport, progress: Callable[[int, int], None]) -> dict[str, Any]:
    """Build the archive of one export, save it on the export and return the manifest. Run
    again it gives the same files (the export's own time is the only time in them)."""
    project = export.project
    municipality = project.municipality
    key = project_key(project)
    variables = list(project.variables)
    month = _month(export.created_at.date())
    people = [
        Person(pk, pseudonym(key, cpr.digits), sex, born, district or "", grade, year, support)
        for pk, cpr, sex, born, district, grade, year, support in YoungPerson.objects.filter(
            municipality=municipality
        )
        .order_by("pk")
        .values_list(
            "pk",
            "cpr",
            "sex",
            "birth_date",
            "school__district__name",
            "school_class__grade",
            "school_class__school_year",
            "support_track",
        )
        .iterator(chunk_size=5000)
    ]
    progress(1, 6)
    released, disclosure = k_anonymise(
        people, variables=variables, municipality_code=municipality.code
    )
    # The files are sorted by pseudonym, not by the database's ids.
    released.sort(key=lambda p: p.pseudonym)
    by_pk = {p.pk: p for p in released}
    files = [
        _people_file(
            released, variables=variables, step=disclosure.step, code=municipality.code, month=month
        )
    ]
    progress(2, 6)
    if ResearchVariable.ACTIVITIES in variables:
        files.append(_activities_file(by_pk, municipality))
    progress(3, 6)
    if ResearchVariable.ROUNDS in variables:
        districts_kept = disclosure.step[1] == 0 and ResearchVariable.DISTRICT in variables
        if not districts_kept:
            disclosure.notes.append(
                _("Runde og seed er udeladt i praktik, fordi distriktet ikke udleveres.")
            )
        files.append(_rounds_file(by_pk, municipality, key, districts_kept=districts_kept))
    progress(4, 6)
    if ResearchVariable.STATUSES in variables:
        files.append(_statuses_file(by_pk, municipality))
    for data in files[1:]:
        data.rows.sort(key=lambda row: (row[0], [str(c) for c in row[1:]]))
    progress(5, 6)
    report = disclosure.as_report(variables)
    contents: list[tuple[str, bytes, int | None]] = []
    for data in files:
        header = [c.name for c in data.columns]
        contents.append((f"{data.name}.csv", csv_bytes(header, data.rows), len(data.rows)))
        contents.append((f"{data.name}.parquet", _parquet_bytes(data), len(data.rows)))
    contents.append(("dataordbog.csv", _dictionary(files), None))
    contents.append(
        ("rapport.json", json.dumps(report, ensure_ascii=False, indent=2).encode(), None)
    )
    manifest = {
        "projekt": project.name,
        "dataansvarlig": project.data_controller,
        "godkendelse": project.approval_reference,
        "kommune": municipality.code,
        "udtraek": str(export.uuid),
        "dannet": export.created_at.isoformat(timespec="seconds"),
        "k": K,
        "filer": [
            {
                "navn": name,
                "sha256": hashlib.sha256(body).hexdigest(),
                "bytes": len(body),
                **({"raekker": rows} if rows is not None else {}),
            }
            for name, body, rows in contents
        ],
    }
    contents.append(
        ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode(), None)
    )
    archive = io.BytesIO()
    stamp = export.created_at.timetuple()[:6]
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, body, _rows in contents:
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), body)
    from django.core.files.base import ContentFile

    if export.archive:
        export.archive.delete(save=False)
    export.archive.save(
        f"{municipality.code}-{export.uuid}.zip", ContentFile(archive.getvalue()), save=False
    )
    export.manifest = manifest
    export.report = report
    progress(6, 6)
    return manifest
