"""The one download module: CSV for Danish Excel, XLSX, and no cell a spreadsheet would run."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from ..downloads import csv_bytes, csv_response, neutralise, xlsx_bytes

DANGEROUS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_be_a_formula_is_made_text(value):
    assert neutralise(value) == "'" + value


def test_other_values_pass_unchanged():
    assert neutralise("Hjørring") == "Hjørring"
    assert neutralise(-5) == -5
    assert neutralise("a=b") == "a=b"


def test_csv_has_bom_semicolons_and_no_live_formula():
    data = csv_bytes(["Navn", "Antal"], [[value, -3] for value in DANGEROUS] + [["Åse", 7]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Navn", "Antal"]
    assert rows[-1] == ["Åse", "7"]
    for row in rows[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r")), row
    # A negative number stays a number: only text is neutralised.
    assert rows[1][1] == "-3"


def test_xlsx_holds_text_not_formulas():
    data = xlsx_bytes(
        ["Navn", "Dato", "Antal"],
        [[value, date(2026, 3, 1), 4] for value in DANGEROUS] + [["ok\x07", None, 1]],
        sheet="Unge: [test]",
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Unge test"
    assert [c.value for c in sheet[1]] == ["Navn", "Dato", "Antal"]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s", row[0].value
        assert not str(row[0].value).startswith(("=", "+", "-", "@")), row[0].value
    assert sheet.cell(row=2, column=3).value == 4
    assert sheet.cell(row=len(DANGEROUS) + 2, column=1).value == "ok"


def test_csv_response_is_an_attachment():
    response = csv_response(filename="tal.csv", header=["a"], rows=[["=1"]])
    assert response["Content-Disposition"] == 'attachment; filename="tal.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[1] == "'=1"
