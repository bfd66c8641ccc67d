"""Import of guarantee partners: CVR modulus 11, all-or-nothing, idempotent, Danish errors."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.roles import Role
from ungegaranti.partners.imports import PartnersImporter
from ungegaranti.partners.models import GuaranteePartner, PartnerContact

HEADER = [
    "cvr",
    "pnummer",
    "navn",
    "branche",
    "adresse",
    "postnummer",
    "aftale_start",
    "aftale_slut",
    "tilvalg",
    "kontakt_navn",
    "kontakt_email",
]
# Valid CVRs (weights 2,7,6,5,4,3,2,1; sum divisible by 11), none of the test world's.
GOOD_CVRS = ["20000007", "30000005", "40000003", "50000001"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def row(cvr: str, **overrides: str) -> dict[str, str]:
    values = {
        "cvr": cvr,
        "pnummer": "",
        "navn": f"Firma {cvr}",
        "branche": "G",
        "adresse": "Østergade 1",
        "postnummer": "9800",
        "aftale_start": "2025-08-01",
        "aftale_slut": "",
        "tilvalg": "erhvervspraktik, ungemesser",
        "kontakt_navn": "Per Hansen",
        "kontakt_email": f"per@{cvr}.example.dk",
    }
    values.update(overrides)
    return values


def csv_text(rows: list[dict[str, str]], *, header=None, delimiter: str = ",") -> str:
    header = header or HEADER
    lines = [delimiter.join(header)]
    lines += ['"' + f'"{delimiter}"'.join(r.get(c, "") for c in header) + '"' for r in rows]
    return "\n".join(lines) + "\n"


def run(world, text):
    return PartnersImporter(municipality=world.municipality, file_name="partnere.csv").run(text)


def test_mod11_of_the_sample_cvrs():
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    for cvr in GOOD_CVRS:
        assert sum(int(d) * w for d, w in zip(cvr, weights, strict=True)) % 11 == 0


def test_a_good_file_creates_partners_commitments_and_contacts(world):
    rows = [row(cvr) for cvr in GOOD_CVRS]
    rows[1].update(aftale_start="15-01-2026", aftale_slut="31-12-2026", tilvalg="laerling;introjob")
    rows[2].update(pnummer="1234567890", branche="i", tilvalg="", kontakt_navn="", kontakt_email="")

    result = run(world, csv_text(rows))

    assert result["errors"] == []
    assert (result["created"], result["updated"], result["unchanged"]) == (4, 0, 0)
    first = GuaranteePartner.objects.get(cvr="20000007")
    assert first.agreement_start_date == date(2025, 8, 1)
    assert first.agreement_end_date == date(2027, 8, 1)  # start + 2 years
    assert first.commits_work_experience and first.commits_youth_fairs
    assert not first.commits_apprenticeship
    assert first.contacts.get().email == "per@20000007.example.dk"
    second = GuaranteePartner.objects.get(cvr="30000005")
    assert second.agreement_end_date == date(2026, 12, 31)
    assert second.commits_apprenticeship and second.commits_introjob
    third = GuaranteePartner.objects.get(cvr="40000003")
    assert (third.p_number, third.sector, third.commitments) == ("1234567890", "I", [])
    assert not third.contacts.exists()


def test_importing_the_same_file_twice_changes_nothing(world):
    text = csv_text([row(cvr) for cvr in GOOD_CVRS], delimiter=";")
    first = run(world, text)
    assert first["errors"] == [] and first["created"] == 4
    stamps = dict(GuaranteePartner.objects.values_list("id", "updated_at"))
    contacts = dict(PartnerContact.objects.values_list("id", "updated_at"))

    second = run(world, text)

    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 4)
    assert dict(GuaranteePartner.objects.values_list("id", "updated_at")) == stamps
    assert dict(PartnerContact.objects.values_list("id", "updated_at")) == contacts


def test_an_existing_partner_is_updated_and_commitments_kept_without_the_column(world):
    partner = world.partner_a  # CVR 10000009, commits to work experience
    header = ["cvr", "navn", "branche", "adresse", "postnummer", "aftale_start"]
    start = partner.agreement_start_date.isoformat()
    text = csv_text(
        [
            row(
                "10000009",
                navn="Vendsyssel Maskinfabrik A/S",
                branche="C",
                adresse="Industrivej 1",
                aftale_start=start,
            )
        ],
        header=header,
    )

    result = run(world, text)

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 0)
    partner.refresh_from_db()
    assert partner.name == "Vendsyssel Maskinfabrik A/S"
    assert partner.commits_work_experience is True
    assert partner.contacts.count() == 1  # no contact columns: contacts untouched


BAD_ROWS = [
    ({"cvr": "20000008"}, "cvr", "CVR-nummeret fejler kontrolcifferet (modulus 11)."),
    ({"cvr": "2000000"}, "cvr", "CVR-nummeret skal have 8 cifre."),
    ({"cvr": "02000007"}, "cvr", "må ikke begynde med 0"),
    ({"pnummer": "12345"}, "pnummer", "P-nummeret skal have 10 cifre."),
    ({"postnummer": "98"}, "postnummer", "Postnummeret skal være fire cifre"),
    ({"branche": "Z"}, "branche", "DB07-bogstav fra A til S"),
    ({"aftale_start": "2025/13/01"}, "aftale_start", "ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"),
    ({"aftale_slut": "2025-07-01"}, "aftale_slut", "efter startdatoen"),
    ({"tilvalg": "erhvervspraktik, kaffe"}, "tilvalg", "Ukendt tilvalg «kaffe»"),
    ({"kontakt_email": "ikke-en-mail"}, "kontakt_email", "E-mailadressen er ugyldig."),
    ({"navn": ""}, "navn", "Navnet mangler."),
]


@pytest.mark.parametrize(("override", "column", "message"), BAD_ROWS)
def test_a_bad_value_gives_a_danish_message_with_row_and_column(world, override, column, message):
    rows = [row(cvr) for cvr in GOOD_CVRS]
    rows[3].update(override)
    before = GuaranteePartner.objects.count()

    result = run(world, csv_text(rows))

    assert GuaranteePartner.objects.count() == before
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(5, column)]
    assert message in result["errors"][0]["message"]


def test_a_duplicate_cvr_and_a_missing_column(world):
    rows = [row(cvr) for cvr in GOOD_CVRS]
    rows[3]["cvr"] = GOOD_CVRS[0]
    result = run(world, csv_text(rows))
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "cvr"), (5, "cvr")]
    assert "række 5" in result["errors"][0]["message"]

    header = [c for c in HEADER if c != "branche"]
    result = run(world, csv_text([row(GOOD_CVRS[0])], header=header))
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(1, "branche")]
    assert GuaranteePartner.objects.count() == 2  # the test world's two


def test_the_upload_page_runs_the_job(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(Role.SECRETARIAT)
    page = client.get(reverse("partners:import_partners")).content.decode()
    assert "kontakt_email" in page and reverse("people:import_young_people") in page
    upload = StringIO(csv_text([row(cvr) for cvr in GOOD_CVRS]))
    upload.name = "partnere.csv"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:import_partners"), {"file": upload})

    job = BackgroundJob.objects.get(kind="import_partners")
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert "4 oprettet" in client.get(response.url).content.decode()


def test_the_upload_page_shows_errors(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(Role.SECRETARIAT)
    rows = [row(cvr) for cvr in GOOD_CVRS]
    rows[0]["cvr"] = "20000008"
    upload = StringIO(csv_text(rows))
    upload.name = "partnere.csv"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:import_partners"), {"file": upload})

    page = client.get(response.url).content.decode()
    assert "CVR-nummeret fejler kontrolcifferet (modulus 11)." in page
    assert '<td class="num">2</td><td>cvr</td>' in page
    assert GuaranteePartner.objects.count() == 2


def test_a_teacher_gets_403(world, client_for):
    client = client_for(Role.TEACHER)
    assert client.get(reverse("partners:import_partners")).status_code == 403
    assert client.get(reverse("partners:import_template")).status_code == 403


def test_the_command_exit_status(world, tmp_path):
    bad = [row(cvr) for cvr in GOOD_CVRS]
    bad[2]["cvr"] = "40000004"
    path = tmp_path / "partnere.csv"
    path.write_text(csv_text(bad), encoding="utf-8")
    stderr = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_partners", str(path), municipality="860", stderr=stderr)
    assert failure.value.returncode == 1
    assert stderr.getvalue().splitlines() == [
        "Række 4, kolonne cvr: CVR-nummeret fejler kontrolcifferet (modulus 11)."
    ]
    assert GuaranteePartner.objects.count() == 2

    path.write_text(csv_text([row(cvr) for cvr in GOOD_CVRS]), encoding="utf-8")
    stdout = StringIO()
    call_command("import_partners", str(path), municipality="860", stdout=stdout)
    assert "4 oprettet" in stdout.getvalue()
    assert GuaranteePartner.objects.count() == 6
