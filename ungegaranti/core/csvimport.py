"""Shared machinery for CSV imports (young people, partners).

An import reads the whole file, checks the header, validates every row and collects ALL errors.
Only a file without a single error is written, in one transaction: nothing is ever half-saved.

Row numbers are those a user sees in a spreadsheet: the header is row 1, the first data row is
row 2. Messages are Danish and never contain a CPR's digits: as a last guard every message is
passed through `mask_cpr` before it leaves this module.

Subclasses of `CSVImporter` declare their columns and implement `validate_row` (turn one row
into a value or record errors), optionally `validate_all` (checks across rows, e.g. duplicates)
and `write` (save the values; called inside `transaction.atomic`).
"""

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .downloads import csv_response
from .masking import mask_cpr

Progress = Callable[[int, int], None]

PROGRESS_EVERY = 200
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

_POSTAL_CODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool  # must the column be in the header?
    description: Any = ""  # Danish, for the upload page and the template
    example: str = ""


@dataclass
class Row:
    number: int  # as in a spreadsheet: header = 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


class ImportRowsError(Exception):
    """Raised from `write` to roll back and report row errors (e.g. a failed full_clean)."""

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__("import rolled back")
        self.errors = errors


def _noop_progress(done: int, total: int) -> None:
    pass


def decode(data: bytes | str) -> str:
    """UTF-8 with or without BOM; falls back to Windows-1252 (older Danish Excel exports)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_delimiter(text: str) -> str:
    """',' or ';' (Danish Excel) or tab, decided by the header line."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def normalise_header(name: str) -> str:
    return name.strip().removeprefix("\ufeff").strip().lower().replace(" ", "_")


class CSVImporter:
    """Base class: subclasses set `columns`, `kind_label` and implement the hooks."""

    columns: Sequence[Column] = ()

    def __init__(self, *, municipality: Any, acting_user: Any = None, file_name: str = ""):
        self.municipality = municipality
        self.acting_user = acting_user
        self.file_name = file_name
        self.errors: list[dict[str, Any]] = []
        self.header: list[str] = []

    # ----- hooks ---------------------------------------------------------------------------
    def prepare(self) -> None:
        """Prefetch what validation needs (schools, existing rows) before the first row."""

    def validate_row(self, row: Row) -> Any:
        raise NotImplementedError

    def validate_all(self, items: list[tuple[Row, Any]]) -> None:
        """Checks across rows (duplicates). Record errors with `self.error`."""

    def write(self, items: list[tuple[Row, Any]], progress: Progress) -> dict[str, int]:
        """Save the validated values; return counts created/updated/unchanged (+ extras)."""
        raise NotImplementedError

    def summary(self, counts: dict[str, int]) -> str:
        return _("%(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret.") % counts

    # ----- helpers for subclasses ----------------------------------------------------------
    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": mask_cpr(str(message))})

    def has_column(self, name: str) -> bool:
        return name in self.header

    @classmethod
    def column_names(cls) -> list[str]:
        return [c.name for c in cls.columns]

    # ----- the run -------------------------------------------------------------------------
    def _rows(self, text: str) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
        header_seen = False
        for number, cells in enumerate(reader, start=1):
            if not header_seen:
                header_seen = True
                self._read_header(cells)
                continue
            if not any(cell.strip() for cell in cells):
                continue  # blank line (or ';;;;' from Excel)
            if len(cells) > len(self.header):
                extra = cells[len(self.header) :]
                if any(cell.strip() for cell in extra):
                    self.error(
                        number,
                        "",
                        _("Rækken har %(got)d felter, men overskriften har %(want)d.")
                        % {"got": len(cells), "want": len(self.header)},
                    )
                    continue
            yield Row(number, dict(zip(self.header, cells, strict=False)))
        if not header_seen:
            self.error(1, "", _("Filen er tom: der mangler en overskriftsrække."))

    def _read_header(self, cells: list[str]) -> None:
        self.header = [normalise_header(c) for c in cells]
        seen: set[str] = set()
        for name in self.header:
            if name and name in seen:
                self.error(1, name, _("Kolonnen «%(column)s» står to gange.") % {"column": name})
            seen.add(name)
        for column in self.columns:
            if column.required and column.name not in seen:
                self.error(
                    1,
                    column.name,
                    _("Kolonnen «%(column)s» mangler i overskriftsrækken (række 1).")
                    % {"column": column.name},
                )

    def run(self, data: bytes | str, progress: Progress | None = None) -> dict[str, Any]:
        """Validate everything; write only if there is no error. Returns the result dict.

        Progress is reported in rows: validation fills the first half, writing the second.
        """
        progress = progress or _noop_progress
        text = decode(data)
        rows = list(self._rows(text))
        total = len(rows)
        progress(0, total)
        items: list[tuple[Row, Any]] = []
        if not any(e["row"] == 1 for e in self.errors):  # header fine: check the rows
            self.prepare()
            for index, row in enumerate(rows, start=1):
                value = self.validate_row(row)
                if value is not None:
                    items.append((row, value))
                if index % PROGRESS_EVERY == 0:
                    progress(index // 2, total)
            self.validate_all(items)
        progress(total // 2, total)
        if self.errors:
            return self._failed_result(total)

        def write_progress(done: int, _total: int) -> None:
            progress(total // 2 + done // 2, total)

        try:
            with transaction.atomic():
                counts = self.write(items, write_progress)
        except ImportRowsError as failure:
            for e in failure.errors:
                self.error(e["row"], e["column"], e["message"])
            return self._failed_result(total)
        progress(total, total)
        counts = {"created": 0, "updated": 0, "unchanged": 0, **counts}
        return {**counts, "rows": total, "errors": [], "summary": mask_cpr(self.summary(counts))}

    def _failed_result(self, total: int) -> dict[str, Any]:
        self.errors.sort(key=lambda e: (e["row"], self.column_order(e["column"])))
        rows_with_errors = len({e["row"] for e in self.errors})
        return {
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "rows": total,
            "errors": self.errors,
            "summary": _(
                "Intet er gemt: filen har %(errors)d fejl i %(rows)d række(r). "
                "Ret fejlene og indlæs hele filen igen."
            )
            % {"errors": len(self.errors), "rows": rows_with_errors},
        }

    def column_order(self, column: str) -> int:
        names = self.column_names()
        return names.index(column) if column in names else -1


def error_lines(result: dict[str, Any]) -> list[str]:
    """The errors as Danish lines: 'Række 17, kolonne cpr: ...'."""
    lines = []
    for e in result["errors"]:
        if e["column"]:
            lines.append(
                _("Række %(row)d, kolonne %(column)s: %(message)s")
                % {"row": e["row"], "column": e["column"], "message": e["message"]}
            )
        else:
            lines.append(
                _("Række %(row)d: %(message)s") % {"row": e["row"], "message": e["message"]}
            )
    return lines


# ----- shared field parsers: return the value or raise ValueError with a Danish message -------


def parse_postal_code(value: str) -> str:
    value = value.replace(" ", "")
    if not value:
        raise ValueError(_("Postnummeret mangler."))
    if not _POSTAL_CODE.match(value) or not 800 <= int(value) <= 9990:
        raise ValueError(_("Postnummeret skal være fire cifre mellem 0800 og 9990."))
    return value


def parse_date(value: str) -> date:
    """YYYY-MM-DD or DD-MM-YYYY (also with '.' or '/' between day, month and year)."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(_("Datoen skal skrives ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, fx 2025-08-01."))


def parse_yes_no(value: str, *, default: bool = False) -> bool:
    value = value.strip().lower()
    if not value:
        return default
    if value in {"ja", "j", "x", "1", "true", "yes"}:
        return True
    if value in {"nej", "n", "0", "false", "no"}:
        return False
    raise ValueError(_("Skriv «ja» eller «nej»."))


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    """Field -> Danish messages of a ValidationError (full_clean)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"": [str(m) for m in error.messages]}


class CSVUploadForm(forms.Form):
    """The upload form of both import pages: one .csv file of at most 20 MB."""

    file = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy(
            "UTF-8 (med eller uden BOM), adskilt med komma eller semikolon. Højst 20 MB."
        ),
        validators=[FileExtensionValidator(["csv", "txt"])],
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext_lazy("Filen er større end 20 MB."))
        return upload


class ImportCommand(BaseCommand):
    """Base of the import management commands: FILE.csv --municipality CODE.

    On errors every error line goes to stderr in Danish, nothing is saved and the exit status
    is 1. On success the summary goes to stdout.
    """

    importer_class: type[CSVImporter]

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV-fil (UTF-8, komma eller semikolon)")
        parser.add_argument(
            "--municipality",
            help="kommunekode, fx 860 (kan udelades, når der kun er én kommune)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from ungegaranti.core.models import Municipality

        code = options["municipality"]
        if code:
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                raise CommandError(_("Kommunen %(code)s findes ikke.") % {"code": code})
        else:
            municipalities = list(Municipality.objects.all()[:2])
            if len(municipalities) != 1:
                raise CommandError(_("Angiv kommunen med --municipality (fx 860)."))
            municipality = municipalities[0]
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError:
            raise CommandError(_("Filen %(name)s kan ikke læses.") % {"name": path.name}) from None
        importer = self.importer_class(municipality=municipality, file_name=path.name)
        result = importer.run(data)
        if result["errors"]:
            for line in error_lines(result):
                self.stderr.write(line)
            raise CommandError(result["summary"], returncode=1)
        self.stdout.write(result["summary"])


def import_page(
    request: Any,
    *,
    importer_class: type[CSVImporter],
    kind: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> Any:
    """The upload page of an import: GET shows the form and the columns; a valid POST saves the
    file as a background job and redirects to its status page (progress, then the result)."""
    from django.shortcuts import redirect, render

    from ungegaranti.core.jobs import job_enqueue

    form = CSVUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = job_enqueue(
                kind=kind,
                acting_user=request.user,
                params={"file_name": Path(upload.name).name[:200]},
                input_file=upload,
            )
        return redirect("core:job_status", uuid=job.uuid)
    return render(
        request,
        template,
        {"form": form, "columns": importer_class.columns, **(context or {})},
    )


def template_response(importer_class: type[CSVImporter], filename: str) -> Any:
    """A header-only CSV to fill in (semicolon-separated, UTF-8 with BOM for Excel)."""
    return csv_response(filename=filename, header=importer_class.column_names(), rows=[])
