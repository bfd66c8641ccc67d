"""The shared CSV machinery: decoding, delimiter, row numbers, header check, all-or-nothing."""

from ungegaranti.core.csvimport import (
    Column,
    CSVImporter,
    Row,
    decode,
    detect_delimiter,
    error_lines,
    parse_date,
    parse_postal_code,
)


class Echo(CSVImporter):
    columns = (Column("a", True), Column("b", False))

    def validate_row(self, row: Row):
        if row.get("a") == "bad":
            self.error(row.number, "a", "forkert")
            return None
        return row.get("a")

    def write(self, items, progress):
        self.written = [value for _row, value in items]
        return {"created": len(items)}


def run(text):
    importer = Echo(municipality=None)
    calls = []
    result = importer.run(text, lambda done, total: calls.append((done, total)))
    return importer, result, calls


def test_bom_and_semicolon_and_blank_lines_keep_spreadsheet_row_numbers(db):
    _imp, result, _ = run("\ufeffA;B\nx;1\n\n;\nbad;2\n")
    assert result["errors"] == [{"row": 5, "column": "a", "message": "forkert"}]


def test_a_good_file_is_written_and_progress_ends_at_total(db):
    importer, result, calls = run("a,b\n" + "".join(f"v{i},\n" for i in range(450)))
    assert result["created"] == 450 and result["errors"] == []
    assert importer.written[0] == "v0"
    assert calls[0] == (0, 450) and calls[-1] == (450, 450)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_missing_required_column_stops_before_the_rows(db):
    importer, result, _ = run("b\n1\n")
    assert result["errors"] == [
        {"row": 1, "column": "a", "message": "Kolonnen «a» mangler i overskriftsrækken (række 1)."}
    ]
    assert not hasattr(importer, "written")


def test_too_many_fields_is_an_error(db):
    _imp, result, _ = run("a,b\nx,y,z\n")
    assert result["errors"][0]["row"] == 2
    assert error_lines(result) == ["Række 2: Rækken har 3 felter, men overskriften har 2."]


def test_helpers():
    assert decode("æ".encode("cp1252")) == "æ"
    assert decode("\ufeffa".encode()) == "a"
    assert detect_delimiter("a\tb\n") == "\t"
    assert detect_delimiter("a\n") == ","
    assert parse_postal_code(" 9800 ") == "9800"
    assert str(parse_date("01-08-2025")) == "2025-08-01" == str(parse_date("2025-08-01"))
