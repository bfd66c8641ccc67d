"""Import of young people: all-or-nothing, row/column errors in Danish, idempotent, no CPR leaks."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import AccessLogEntry, BackgroundJob
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_label
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.imports import YoungPeopleImporter, current_school_year
from ungegaranti.people.models import SchoolClass, YoungPerson

HEADER = ["cpr", "fornavn", "efternavn", "postnummer", "skole", "klasse"]
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def cprs(n: int) -> list[str]:
    """n distinct well-formed CPRs (born 17-19 years ago: none of the test world's people)."""
    first = date(timezone.localdate().year - 19, 1, 1)
    return [
        synthetic_cpr(first + timedelta(days=i % 900), i // 900, male=i % 2 == 0).reveal()
        for i in range(n)
    ]


def row(cpr: str, **overrides: str) -> dict[str, str]:
    values = {
        "cpr": cpr,
        "fornavn": "Ida",
        "efternavn": "Jensen",
        "postnummer": "9800",
        "skole": "Skole A",
        "klasse": "8.a",
    }
    values.update(overrides)
    return values


def csv_text(rows: list[dict[str, str]], *, header=None, delimiter: str = ",") -> str:
    header = header or (list(rows[0]) if rows else HEADER)
    lines = [delimiter.join(header)]
    lines += [delimiter.join(r.get(c, "") for c in header) for r in rows]
    return "\n".join(lines) + "\n"


def run(world, text, user=None, file_name="unge.csv"):
    return YoungPeopleImporter(
        municipality=world.municipality, acting_user=user, file_name=file_name
    ).run(text)


def assert_no_cpr(blob: str, numbers: list[str]) -> None:
    for number in numbers:
        assert number not in blob
        assert number.replace("-", "") not in blob


def fails_mod11(digits: str) -> bool:
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 != 0


def test_one_bad_row_among_1000_saves_nothing_and_names_the_row(world):
    numbers = cprs(1000)
    rows = [row(n) for n in numbers]
    rows[571]["cpr"] = "320110-4123"  # row 573 in a spreadsheet (header is row 1); no 32nd
    rows[10]["klasse"] = "9.x"  # a new class that must not be created either
    people_before, classes_before = YoungPerson.objects.count(), SchoolClass.objects.count()

    result = run(world, csv_text(rows))

    assert YoungPerson.objects.count() == people_before
    assert SchoolClass.objects.count() == classes_before
    assert result["created"] == result["updated"] == result["unchanged"] == 0
    assert len(result["errors"]) == 1
    error = result["errors"][0]
    assert (error["row"], error["column"]) == (573, "cpr")
    assert "fødselsdato" in error["message"]
    assert "Intet er gemt" in result["summary"]
    assert_no_cpr(json.dumps(result, ensure_ascii=False), ["320110-4123", *numbers])


def test_a_post_2007_cpr_that_fails_modulus_11_is_accepted(world):
    digits = "0203104127"  # born 2 March 2010: century digit 4 with year 10 -> 2010
    assert fails_mod11(digits)

    result = run(world, csv_text([row(f"{digits[:6]}-{digits[6:]}")]))

    assert result["errors"] == []
    assert result["created"] == 1
    person = YoungPerson.objects.get(municipality=world.municipality, first_name="Ida")
    assert person.birth_date == date(2010, 3, 2)
    assert person.sex == "M"
    assert person.cpr.digits == digits


@pytest.mark.parametrize(
    ("years_old", "accepted"), [(4, False), (5, True), (29, True), (30, False), (127, False)]
)
def test_a_person_outside_the_guarantees_ages_is_an_error_naming_the_age(
    world, years_old, accepted
):
    # 0. klasse (from 5) to the 30th birthday; a century digit can make someone born 1899.
    today = timezone.localdate()
    born = add_years(today, -years_old)
    century_digit = 5 if born.year < 1900 else (0 if born.year < 2000 else 4)
    cpr = f"{born:%d%m%y}-{century_digit}071"
    assert YoungPerson(birth_date=born).age_on(today) == years_old

    result = run(world, csv_text([row(cpr)]))

    if accepted:
        assert result["errors"] == []
    else:
        assert result["created"] == 0
        assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "cpr")]
        assert f"{years_old} år" in result["errors"][0]["message"]
        assert cpr[:6] not in json.dumps(result)


def test_importing_the_same_file_twice_changes_nothing(world):
    numbers = cprs(60)
    rows = [row(n, klasse="7.b" if i % 2 else "", skole="Skole B") for i, n in enumerate(numbers)]
    rows[0]["skole"] = ""  # an adult, not in school
    text = csv_text(rows)

    first = run(world, text)
    assert first["errors"] == [] and first["created"] == 60
    stamps = dict(YoungPerson.objects.values_list("id", "updated_at"))
    count = YoungPerson.objects.count()
    classes = SchoolClass.objects.count()

    second = run(world, text)

    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 60)
    assert YoungPerson.objects.count() == count
    assert SchoolClass.objects.count() == classes
    assert dict(YoungPerson.objects.values_list("id", "updated_at")) == stamps


def test_a_changed_row_is_updated_and_the_rest_left_alone(world):
    numbers = cprs(3)
    run(world, csv_text([row(n) for n in numbers]))
    stamps = dict(YoungPerson.objects.values_list("id", "updated_at"))
    rows = [row(n) for n in numbers]
    rows[1]["postnummer"] = "9850"

    result = run(world, csv_text(rows))

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 2)
    changed = YoungPerson.objects.get(postal_code="9850", first_name="Ida")
    after = dict(YoungPerson.objects.values_list("id", "updated_at"))
    assert after[changed.id] > stamps[changed.id]
    assert [pk for pk in stamps if after[pk] != stamps[pk]] == [changed.id]


def test_a_new_class_is_created_for_its_school_year_and_the_support_flag_kept(world):
    pupil = world.pupil_a  # on the support track; the file has no stoettespor column
    coming = current_school_year() + 1  # next school year, whatever today's is
    rows = [
        row(pupil.cpr.reveal(), fornavn="Asta", efternavn="Andersen", klasse="9.A"),
        row(cprs(1)[0], klasse="0.a", skoleaar=school_year_label(coming), skole="skole b"),
    ]
    header = [*HEADER, "skoleaar"]

    result = run(world, csv_text(rows, header=header))

    assert result["errors"] == []
    assert result["classes_created"] == 2
    pupil.refresh_from_db()
    assert pupil.support_track is True
    assert (pupil.school_class.grade, pupil.school_class.letter) == (9, "a")
    assert pupil.school_class.school_year == current_school_year()
    new = YoungPerson.objects.get(school_class__school_year=coming)
    assert new.school == world.school_b and new.school_class.grade == 0


def test_semicolon_delimiter_bom_and_support_track_column(world):
    numbers = cprs(2)
    rows = [row(numbers[0], stoettespor="ja"), row(numbers[1], stoettespor="")]
    text = "\ufeff" + csv_text(rows, header=[*HEADER, "stoettespor"], delimiter=";")

    result = run(world, text.encode("utf-8"))

    assert result["errors"] == [] and result["created"] == 2
    assert sorted(
        YoungPerson.objects.filter(first_name="Ida").values_list("support_track", flat=True)
    ) == [False, True]


def test_the_email_column_sets_an_address_and_without_the_column_it_is_kept(world):
    numbers = cprs(2)
    rows = [row(numbers[0], email="ida@example.org"), row(numbers[1], email="")]
    assert run(world, csv_text(rows, header=[*HEADER, "email"]))["errors"] == []
    assert sorted(YoungPerson.objects.filter(first_name="Ida").values_list("email", flat=True)) == [
        "",
        "ida@example.org",
    ]
    result = run(world, csv_text([row(numbers[0])]))  # no email column: the address stays
    assert result["unchanged"] == 1
    assert YoungPerson.objects.filter(email="ida@example.org").count() == 1


def test_a_bad_email_names_its_row_and_column_and_nothing_is_saved(world):
    numbers = cprs(2)
    rows = [row(numbers[0], email="ida@example.org"), row(numbers[1], email="ida.example.org")]
    result = run(world, csv_text(rows, header=[*HEADER, "email"]))
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "email")]
    assert "«ida.example.org» er ikke en e-mailadresse." in result["errors"][0]["message"]
    assert not YoungPerson.objects.filter(first_name="Ida").exists()


BAD_ROWS = [
    ({"postnummer": "98000"}, "postnummer", "Postnummeret skal være fire cifre"),
    ({"postnummer": "0123"}, "postnummer", "mellem 0800 og 9990"),
    ({"skole": "Skole Ukendt"}, "skole", "Skolen «Skole Ukendt» findes ikke i kommunen."),
    ({"klasse": "11.a"}, "klasse", "Klassetrinnet skal være 0-10"),
    ({"klasse": "8b"}, "klasse", "Klassen skal skrives som klassetrin"),
    ({"fornavn": ""}, "fornavn", "Fornavnet mangler."),
    ({"cpr": "12345"}, "cpr", "CPR-nummeret skal have 10 cifre."),
    ({"cpr": ""}, "cpr", "CPR-nummeret mangler."),
]


@pytest.mark.parametrize(("override", "column", "message"), BAD_ROWS)
def test_a_bad_value_gives_a_danish_message_with_row_and_column(world, override, column, message):
    numbers = cprs(4)
    rows = [row(n) for n in numbers]
    rows[2].update(override)
    before = YoungPerson.objects.count()

    result = run(world, csv_text(rows))

    assert YoungPerson.objects.count() == before
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(4, column)]
    assert message in result["errors"][0]["message"]
    assert_no_cpr(json.dumps(result, ensure_ascii=False), numbers)


def test_a_missing_column_is_one_error_naming_it(world):
    text = "cpr,fornavn,efternavn,skole,klasse\n" + f"{cprs(1)[0]},Ida,Jensen,Skole A,8.a\n"

    result = run(world, text)

    assert result["errors"] == [
        {
            "row": 1,
            "column": "postnummer",
            "message": "Kolonnen «postnummer» mangler i overskriftsrækken (række 1).",
        }
    ]
    assert not YoungPerson.objects.filter(first_name="Ida").exists()


def test_a_duplicate_cpr_in_the_file_names_both_rows_without_the_digits(world):
    numbers = cprs(5)
    rows = [row(n) for n in numbers]
    rows[4]["cpr"] = numbers[1].replace("-", "")  # rows 3 and 6, once with and once without dash
    before = YoungPerson.objects.count()

    result = run(world, csv_text(rows))

    assert YoungPerson.objects.count() == before
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "cpr"), (6, "cpr")]
    assert "række 6" in result["errors"][0]["message"]
    assert "række 3" in result["errors"][1]["message"]
    assert_no_cpr(json.dumps(result, ensure_ascii=False), numbers)


def test_every_error_in_the_file_is_reported(world):
    rows = [row(n) for n in cprs(3)]
    rows[0]["postnummer"] = "x"
    rows[2]["klasse"] = "12.c"
    rows[2]["cpr"] = "310299-0000"  # 31 February

    result = run(world, csv_text(rows))

    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (2, "postnummer"),
        (4, "cpr"),
        (4, "klasse"),
    ]


# ----- the upload page ------------------------------------------------------------------------


def test_the_upload_page_runs_the_job_and_shows_the_summary(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(Role.SECRETARIAT)
    page = client.get(reverse("people:import_young_people"))
    assert page.status_code == 200
    assert (
        "cpr" in page.content.decode()
        and reverse("partners:import_partners") in page.content.decode()
    )
    numbers = cprs(3)
    upload = StringIO(csv_text([row(n) for n in numbers]))
    upload.name = "unge-2026.csv"
    entries_before = AccessLogEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_young_people"), {"file": upload})

    job = BackgroundJob.objects.get(kind="import_young_people")
    assert response.status_code == 302
    assert response.url == reverse("core:job_status", kwargs={"uuid": job.uuid})
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert (job.result["created"], job.done, job.total) == (3, 3, 3)
    assert not job.input_file  # the uploaded file (it holds CPR numbers) is gone
    status = client.get(response.url).content.decode()
    assert "Import af unge gennemført: 3 oprettet" in status
    entries = AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - entries_before]
    assert [(e.action, e.purpose, e.search_term) for e in entries] == [
        (AccessLogEntry.Action.CHANGE, "Import af unge", "unge-2026.csv")
    ]
    assert_no_cpr(json.dumps(job.result) + status, numbers)


def test_the_upload_page_shows_the_errors_and_saves_nothing(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(Role.SECRETARIAT)
    numbers = cprs(3)
    rows = [row(n) for n in numbers]
    rows[1]["klasse"] = "11.a"
    upload = StringIO(csv_text(rows))
    upload.name = "unge.csv"
    before = YoungPerson.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_young_people"), {"file": upload})
    response = client.get(response.url)

    job = BackgroundJob.objects.get(kind="import_young_people")
    assert job.status == BackgroundJob.Status.FAILED
    assert YoungPerson.objects.count() == before
    page = response.content.decode()
    assert "Fejl – intet er gemt" in page
    assert '<td class="num">3</td><td>klasse</td>' in page
    assert "Klassetrinnet skal være 0-10" in page
    assert_no_cpr(json.dumps(job.result) + page, numbers)
    assert not AccessLogEntry.objects.filter(purpose="Import af unge").exists()


def test_a_non_csv_file_is_refused_by_the_form(world, client_for):
    upload = StringIO("x")
    upload.name = "unge.xlsx"
    response = client_for(Role.SECRETARIAT).post(
        reverse("people:import_young_people"), {"file": upload}
    )
    assert response.status_code == 200
    assert not BackgroundJob.objects.exists()


def test_a_teacher_gets_403(world, client_for):
    upload = StringIO(csv_text([row(cprs(1)[0])]))
    upload.name = "unge.csv"
    client = client_for(Role.TEACHER)
    assert client.get(reverse("people:import_young_people")).status_code == 403
    assert client.post(reverse("people:import_young_people"), {"file": upload}).status_code == 403
    assert client.get(reverse("people:import_template")).status_code == 403
    assert not BackgroundJob.objects.exists()


def test_the_template_is_a_header_only_csv(world, client_for):
    response = client_for(Role.SECRETARIAT).get(reverse("people:import_template"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert body.strip() == ";".join(c.name for c in YoungPeopleImporter.columns)


# ----- the management command -----------------------------------------------------------------


def test_the_command_exits_1_with_every_error_on_stderr(world, tmp_path):
    numbers = cprs(20)
    rows = [row(n) for n in numbers]
    rows[15]["cpr"] = "320110-4123"
    rows[3]["postnummer"] = "12"
    path = tmp_path / "unge.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    stdout, stderr = StringIO(), StringIO()
    before = YoungPerson.objects.count()

    with pytest.raises(CommandError) as failure:
        call_command(
            "import_young_people", str(path), municipality="860", stdout=stdout, stderr=stderr
        )

    assert failure.value.returncode == 1
    assert YoungPerson.objects.count() == before
    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith("Række 5, kolonne postnummer: ")
    assert lines[1].startswith("Række 17, kolonne cpr: CPR-nummerets fødselsdato")
    assert_no_cpr(
        stdout.getvalue() + stderr.getvalue() + str(failure.value), [*numbers, "320110-4123"]
    )


def test_the_command_imports_a_good_file(world, tmp_path):
    numbers = cprs(5)
    path = tmp_path / "unge.csv"
    path.write_text(csv_text([row(n) for n in numbers]), encoding="utf-8")
    stdout = StringIO()

    call_command("import_young_people", str(path), municipality="860", stdout=stdout)

    assert "5 oprettet" in stdout.getvalue()
    assert YoungPerson.objects.filter(first_name="Ida").count() == 5
    entry = AccessLogEntry.objects.get(purpose="Import af unge")
    assert entry.user is None and entry.search_term == "unge.csv"
    assert_no_cpr(stdout.getvalue(), numbers)


def test_the_command_needs_a_municipality_when_there_are_several(world, tmp_path):
    path = tmp_path / "unge.csv"
    path.write_text(csv_text([row(cprs(1)[0])]), encoding="utf-8")
    with pytest.raises(CommandError, match="--municipality"):
        call_command("import_young_people", str(path))
