"""Import of guarantee partners from CSV (docs/import.md), by the command line or the upload page.

Upsert by CVR: the same file imported twice changes nothing. The CVR is checked with
python-stdnum (format and modulus 11 with weights 2,7,6,5,4,3,2,1).
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumValidationError

from ungegaranti.core.csvimport import (
    Column,
    CSVImporter,
    ImportRowsError,
    Progress,
    Row,
    parse_date,
    parse_postal_code,
    validation_messages,
)

from .models import COMMITMENT_FIELDS, Sector
from .services import PartnerImportRow, PartnerImportRowError, agreement_end_for, partners_import

# The words of the column tilvalg -> the optional commitment fields.
COMMITMENT_WORDS = dict(
    zip(
        (
            "laerling",
            "introjob",
            "fritidsjob",
            "erhvervspraktik",
            "ind_i_skolen",
            "ud_i_virksomheden",
            "ungemesser",
        ),
        COMMITMENT_FIELDS,
        strict=True,
    )
)
_SPLIT = re.compile(r"[,;]")
_P_NUMBER = re.compile(r"^\d{10}$")

# Model field -> CSV column, to report a failed full_clean in the file's terms.
_FIELD_COLUMNS = {
    "cvr": "cvr",
    "p_number": "pnummer",
    "name": "navn",
    "sector": "branche",
    "address": "adresse",
    "postal_code": "postnummer",
    "agreement_start_date": "aftale_start",
    "agreement_end_date": "aftale_slut",
}


def parse_cvr(value: str) -> str:
    """The 8-digit CVR, or ValueError with a Danish message."""
    if not value.strip():
        raise ValueError(_("CVR-nummeret mangler."))
    try:
        return stdnum_cvr.validate(value)
    except InvalidLength:  # a subclass of InvalidFormat: caught first
        raise ValueError(_("CVR-nummeret skal have 8 cifre.")) from None
    except InvalidFormat:
        raise ValueError(
            _("CVR-nummeret må kun indeholde cifre og må ikke begynde med 0.")
        ) from None
    except InvalidChecksum:
        raise ValueError(_("CVR-nummeret fejler kontrolcifferet (modulus 11).")) from None
    except StdnumValidationError:
        raise ValueError(_("CVR-nummeret er ugyldigt.")) from None


def parse_commitments(value: str) -> dict[str, bool]:
    words = [w.strip().lower().replace(" ", "_") for w in _SPLIT.split(value) if w.strip()]
    unknown = [w for w in words if w not in COMMITMENT_WORDS]
    if unknown:
        raise ValueError(
            _("Ukendt tilvalg «%(word)s». Brug: %(allowed)s.")
            % {"word": unknown[0][:50], "allowed": ", ".join(COMMITMENT_WORDS)}
        )
    chosen = {COMMITMENT_WORDS[w] for w in words}
    return {field: field in chosen for field in COMMITMENT_FIELDS}


def parse_sector(value: str) -> str:
    value = value.strip()
    if len(value) == 1 and value.upper() in Sector.values:
        return value.upper()
    for code, label in Sector.choices:
        if value.lower() == str(label).lower():
            return code
    raise ValueError(_("Branchen skal være et DB07-bogstav fra A til S, fx C for Industri."))


class PartnersImporter(CSVImporter):
    columns = (
        Column(
            "cvr",
            True,
            gettext_lazy("CVR-nummer, 8 cifre (kontrolleres med modulus 11)"),
            "10000009",
        ),
        Column("pnummer", False, gettext_lazy("Valgfri: P-nummer, 10 cifre"), ""),
        Column("navn", True, gettext_lazy("Virksomhedens navn"), "Vendsyssel Maskinfabrik ApS"),
        Column("branche", True, gettext_lazy("DB07-hovedafsnit, bogstav A-S"), "C"),
        Column("adresse", True, gettext_lazy("Gade og nummer"), "Industrivej 1"),
        Column("postnummer", True, gettext_lazy("Fire cifre, 0800-9990"), "9800"),
        Column(
            "aftale_start",
            True,
            gettext_lazy("Aftalens startdato, ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"),
            "2025-08-01",
        ),
        Column(
            "aftale_slut",
            False,
            gettext_lazy("Valgfri: slutdato; tom = to år efter start"),
            "",
        ),
        Column(
            "tilvalg",
            False,
            gettext_lazy(
                "Valgfri: tilvalg adskilt med komma: laerling, introjob, fritidsjob, "
                "erhvervspraktik, ind_i_skolen, ud_i_virksomheden, ungemesser"
            ),
            "erhvervspraktik, ungemesser",
        ),
        Column("kontakt_navn", False, gettext_lazy("Valgfri: kontaktpersonens navn"), "Per Hansen"),
        Column(
            "kontakt_email",
            False,
            gettext_lazy("Valgfri: kontaktpersonens e-mail"),
            "per@example.dk",
        ),
    )

    def validate_row(self, row: Row) -> dict[str, Any] | None:
        errors_before = len(self.errors)
        n = row.number
        values: dict[str, Any] = {}
        cvr = ""
        try:
            cvr = parse_cvr(row.get("cvr"))
        except ValueError as exc:
            self.error(n, "cvr", str(exc))
        if self.has_column("pnummer"):
            p_number = row.get("pnummer").replace(" ", "")
            if p_number and not _P_NUMBER.match(p_number):
                self.error(n, "pnummer", _("P-nummeret skal have 10 cifre."))
            values["p_number"] = p_number
        for column, field, label, max_length in (
            ("navn", "name", _("Navnet"), 200),
            ("adresse", "address", _("Adressen"), 200),
        ):
            value = " ".join(row.get(column).split())
            if not value:
                self.error(n, column, _("%(what)s mangler.") % {"what": label})
            elif len(value) > max_length:
                self.error(
                    n,
                    column,
                    _("%(what)s må højst være %(max)d tegn.") % {"what": label, "max": max_length},
                )
            values[field] = value
        try:
            values["sector"] = parse_sector(row.get("branche"))
        except ValueError as exc:
            self.error(n, "branche", str(exc))
        try:
            values["postal_code"] = parse_postal_code(row.get("postnummer"))
        except ValueError as exc:
            self.error(n, "postnummer", str(exc))
        start: date | None = None
        if not row.get("aftale_start"):
            self.error(n, "aftale_start", _("Aftalens startdato mangler."))
        else:
            try:
                start = parse_date(row.get("aftale_start"))
            except ValueError as exc:
                self.error(n, "aftale_start", str(exc))
        if start is not None:
            values["agreement_start_date"] = start
            end = agreement_end_for(start)
            if row.get("aftale_slut"):
                try:
                    end = parse_date(row.get("aftale_slut"))
                except ValueError as exc:
                    self.error(n, "aftale_slut", str(exc))
                if end <= start:
                    self.error(
                        n, "aftale_slut", _("Aftalens slutdato skal ligge efter startdatoen.")
                    )
            values["agreement_end_date"] = end
        if self.has_column("tilvalg"):
            try:
                values.update(parse_commitments(row.get("tilvalg")))
            except ValueError as exc:
                self.error(n, "tilvalg", str(exc))
        contact = None
        contact_name = " ".join(row.get("kontakt_navn").split())
        contact_email = row.get("kontakt_email").lower()
        if contact_email:
            try:
                validate_email(contact_email)
            except ValidationError:
                self.error(n, "kontakt_email", _("E-mailadressen er ugyldig."))
            if not contact_name:
                self.error(
                    n, "kontakt_navn", _("Kontaktpersonens navn mangler, når der er en e-mail.")
                )
            elif len(contact_name) > 200:
                self.error(n, "kontakt_navn", _("Navnet må højst være 200 tegn."))
            contact = {"name": contact_name, "email": contact_email}
        elif contact_name:
            self.error(
                n, "kontakt_email", _("Kontaktpersonens e-mail mangler, når der er et navn.")
            )
        if len(self.errors) > errors_before:
            return None
        return {"cvr": cvr, "values": values, "contact": contact}

    def validate_all(self, items: list[tuple[Row, Any]]) -> None:
        first_row: dict[str, int] = {}
        for row, value in items:
            seen = first_row.setdefault(value["cvr"], row.number)
            if seen != row.number:
                for here, other in ((row.number, seen), (seen, row.number)):
                    self.error(
                        here,
                        "cvr",
                        _(
                            "CVR-nummeret står også i række %(other)d: hver partner må kun stå én gang."
                        )
                        % {"other": other},
                    )

    def write(self, items: list[tuple[Row, Any]], progress: Progress) -> dict[str, int]:
        rows = [
            PartnerImportRow(
                number=row.number,
                cvr=value["cvr"],
                values=value["values"],
                contact=value["contact"],
            )
            for row, value in items
        ]
        try:
            return partners_import(
                municipality=self.municipality,
                rows=rows,
                acting_user=self.acting_user,
                file_name=self.file_name,
                progress=progress,
            )
        except PartnerImportRowError as failure:
            raise ImportRowsError(
                [
                    {"row": failure.number, "column": _FIELD_COLUMNS.get(field, ""), "message": m}
                    for field, messages in validation_messages(failure.error).items()
                    for m in messages
                ]
            ) from None

    def summary(self, counts: dict[str, int]) -> str:
        text = (
            _(
                "Import af garantipartnere gennemført: %(created)d oprettet, %(updated)d opdateret, "
                "%(unchanged)d uændret."
            )
            % counts
        )
        if counts.get("contacts_created"):
            text += " " + _("%(n)d nye kontaktpersoner.") % {"n": counts["contacts_created"]}
        return text
