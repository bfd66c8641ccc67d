"""Every CSV and XLSX download of the platform is written here, once.

CSV is semicolon-separated UTF-8 with a byte-order mark, so Danish Excel opens it in columns
with æ, ø and å intact. A text cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
return, which some spreadsheets skip before looking) would be run as a formula when the file is
opened: names and free text can begin so (an import accepts a first name `=cmd|' /C calc'!A0`),
so such a cell gets a leading apostrophe and is shown as the text it is. Numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """A cell as text a spreadsheet shows, never runs; non-text values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return neutralise(str(value))


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text in pieces of about 64 kB, BOM first: for streaming a long export."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow([_csv_cell(c) for c in header])
    for row in rows:
        writer.writerow([_csv_cell(c) for c in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """One worksheet, header in bold; text cells neutralised like the CSV's and stripped of the
    control characters the format cannot hold."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cell(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (int, float, Decimal, date)):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        return neutralise(text)

    workbook = Workbook()
    worksheet = workbook.active
    # Sheet titles are at most 31 characters and may not hold []:*?/\
    worksheet.title = "".join(c for c in sheet if c not in "[]:*?/\\")[:31] or "Ark1"
    worksheet.append([cell(c) for c in header])
    for header_cell in worksheet[1]:
        header_cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([cell(c) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_response(*, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Any:
    response = HttpResponse(csv_bytes(header, rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def csv_streaming_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def xlsx_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], sheet: str
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(header, rows, sheet=sheet), content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename)
    return response
