"""Insight benchmark (issue 10, "Performance"): the dashboards and the research export.

On PostgreSQL:

1. the full demo (`make run`'s Hjørring: demo_municipality, demo_marketplace, demo_calendar,
   demo_records, demo_rounds; built here if missing), the municipality measured;
2. unless --no-national, 97 synthetic municipalities beside it, so the tables hold a national
   dataset: young people up to 1.65 million in all, each with a status and a year's activity
   (inserted by SQL `generate_series`, not through the services: they are load, never read
   back; their CPR column holds a placeholder, never a real or decryptable value);
3. rebuilds Hjørring's summary figures (the hourly job) and times it;
4. loads the municipal dashboard (`/indsigt/statistik/`, with filters: school year, district,
   school, track) through Django's test client as the secretariat and as a politician, at
   least 50 times each, and prints p50/p95/max and the most queries one page needed;
5. makes a full research export of Hjørring (16,197 young people: every variable, k-anonymity,
   CSV and Parquet, manifest) through the service and its background job's handler, timed.

Targets: dashboard p95 <= 300 ms, export <= 30 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ungegaranti_insight \
        .venv/bin/python benchmarks/insight.py [--loads 60] [--no-national]

The last line is machine-readable:
    insight-bench: young_people=N dashboard_ms=X export_s=Y
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ungegaranti_insight"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

NATIONAL_YOUNG_PEOPLE = 1_650_000
OTHER_MUNICIPALITIES = 97
SYNTHETIC_PREFIX = "Syntetisk kommune"


def _bootstrap() -> None:
    url = urlparse(os.environ["DATABASE_URL"])
    dbname = url.path.lstrip("/")
    if not url.scheme.startswith("postgres"):
        sys.exit("insight-bench needs PostgreSQL (DATABASE_URL=postgres://...)")
    import psycopg

    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')
            print(f"created database {dbname}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo_municipality", "--seed", "860", "--if-empty")
    call_command("demo_marketplace", "--seed", "860", "--if-empty")
    call_command("demo_calendar", "--if-empty")
    call_command("demo_records", "--seed", "860", "--if-empty")
    call_command("demo_rounds", "--seed", "860", "--if-empty")
    print(f"demo data ready ({time.perf_counter() - started:.1f} s)")


def _national() -> None:
    """Fill the other municipalities up to 1.65 million young people, in SQL."""
    from django.db import connection

    from ungegaranti.core.models import Municipality
    from ungegaranti.people.models import YoungPerson

    total = YoungPerson.objects.count()
    if total >= NATIONAL_YOUNG_PEOPLE * 0.99:
        print(f"national data already there ({total:,} young people)")
        return
    started = time.perf_counter()
    used = set(Municipality.objects.values_list("code", flat=True))
    codes = [f"{n:03d}" for n in range(101, 999) if f"{n:03d}" not in used]
    existing = Municipality.objects.filter(name__startswith=SYNTHETIC_PREFIX).count()
    per = (NATIONAL_YOUNG_PEOPLE - total) // (OTHER_MUNICIPALITIES - existing or 1)
    today = date.today()
    for index in range(existing, OTHER_MUNICIPALITIES):
        municipality = Municipality.objects.create(
            code=codes[index], name=f"{SYNTHETIC_PREFIX} {index + 1:02d}"
        )
        m = municipality.pk
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO people_youngperson (created_at, updated_at, uuid, cpr, cpr_digest,
                    birth_date, sex, first_name, last_name, postal_code, support_track,
                    municipality_id, school_id, school_class_id, uni_id)
                SELECT now(), now(), gen_random_uuid(), 'synthetic-placeholder',
                    md5(%(m)s::text || ':' || i), %(today)s::date - (7 * 365 + (i * 37) %% (22 * 365)),
                    CASE WHEN i %% 2 = 0 THEN 'F' ELSE 'M' END, 'Syntetisk', 'Ung ' || i, '9999',
                    i %% 17 = 0, %(m)s, NULL, NULL, ''
                FROM generate_series(1, %(n)s) AS i
                """,
                {"m": m, "n": per, "today": today},
            )
            cursor.execute(
                """
                INSERT INTO destinations_destinationstatus (created_at, updated_at, uuid, status,
                    status_date, source, institution, note, is_positive, definition_id,
                    municipality_id, recorded_by_id, young_person_id)
                SELECT now(), now(), gen_random_uuid(),
                    CASE WHEN id %% 9 = 0 THEN 'UNEMPLOYED' ELSE 'YOUTH_EDUCATION' END,
                    %(today)s::date - (id %% 360)::int, 'IMPORT', '', '', id %% 9 <> 0, NULL,
                    %(m)s, NULL, id
                FROM people_youngperson WHERE municipality_id = %(m)s
                """,
                {"m": m, "today": today},
            )
            cursor.execute(
                """
                INSERT INTO plans_activity (created_at, updated_at, uuid, kind, title, start_date,
                    end_date, status, source_key, municipality_id, partner_id, young_person_id,
                    goal, reflected_at, reflection_after, reflection_before, reflection_during,
                    stage, class_activity_id)
                SELECT now(), now(), gen_random_uuid(), 'COMPANY_VISIT', 'Virksomhedsbesøg',
                    %(today)s::date - (id %% 365)::int, %(today)s::date - (id %% 365)::int,
                    'COMPLETED', 'synthetic:' || id, %(m)s, NULL, id, '', NULL, '', '', '', '',
                    NULL
                FROM people_youngperson WHERE municipality_id = %(m)s
                """,
                {"m": m, "today": today},
            )
        if (index + 1) % 10 == 0:
            print(f"  {index + 1} synthetic municipalities ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"national data: {YoungPerson.objects.count():,} young people "
        f"({time.perf_counter() - started:.0f} s)"
    )


def _p95(ms: list[float]) -> float:
    return ms[max(0, int(round(0.95 * len(ms))) - 1)]


def _dashboard_urls(municipality) -> list[str]:
    from ungegaranti.core.models import Track
    from ungegaranti.insights.dashboards import school_years_of
    from ungegaranti.people.models import School, SchoolDistrict

    years = school_years_of(municipality=municipality)
    district = SchoolDistrict.objects.filter(municipality=municipality).order_by("name").first()
    school = School.objects.filter(municipality=municipality).order_by("name").first()
    base = "/indsigt/statistik/"
    urls = [base, f"{base}?skoleaar={years[-1]}"]
    if district:
        urls.append(f"{base}?distrikt={district.uuid}")
    if school:
        urls.append(f"{base}?skole={school.uuid}")
    urls += [f"{base}?spor={kind}" for kind in Track.Kind.values]
    return urls


def _measure(user, urls: list[str], loads: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for url in urls:  # warm up
        assert client.get(url).status_code == 200, url
    timings, most = [], 0
    for i in range(loads):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        most = max(most, len(captured.captured_queries))
    return sorted(timings), most


def _export(municipality, secretariat, researcher) -> tuple[float, dict]:
    from django.db import transaction

    from ungegaranti.core.jobs import job_run
    from ungegaranti.insights.models import ResearchProject, ResearchVariable
    from ungegaranti.insights.services import research_export_request, research_project_register

    project = ResearchProject.objects.filter(
        municipality=municipality, name="insight-bench: full export"
    ).first()
    if project is None:
        project = research_project_register(
            municipality=municipality,
            name="insight-bench: full export",
            data_controller="benchmark",
            purpose="Measure a full export of the municipality.",
            legal_basis="Databeskyttelsesloven § 10",
            approval_reference="BENCH-1",
            start_date=date.today() - timedelta(days=1),
            end_date=date.today() + timedelta(days=365),
            variables=list(ResearchVariable.values),
            researchers=[researcher],
            acting_user=secretariat,
        )
    started = time.perf_counter()
    with transaction.atomic():  # the web request: the export row and its job
        export = research_export_request(project=project, acting_user=researcher)
    assert export.job is not None
    job = job_run(export.job.pk, worker_id="insight-bench")  # the worker's part
    seconds = time.perf_counter() - started
    assert job.status == job.Status.SUCCEEDED, job.result
    export.refresh_from_db()
    return seconds, export.report | {
        "bytes": export.archive.size,
        "files": export.manifest["filer"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=60)
    parser.add_argument("--no-national", action="store_true")
    args = parser.parse_args()
    _bootstrap()
    if not args.no_national:
        _national()

    from ungegaranti.core.models import Municipality, User
    from ungegaranti.insights.figures import figures_refresh
    from ungegaranti.people.models import YoungPerson

    municipality = Municipality.objects.get(code="860")
    young_people = YoungPerson.objects.count()
    own = YoungPerson.objects.filter(municipality=municipality).count()
    print(f"young people: {young_people:,} in all, {own:,} in {municipality}")

    started = time.perf_counter()
    figures = figures_refresh(municipality=municipality)
    print(f"summary figures rebuilt: {figures} figures in {time.perf_counter() - started:.1f} s")

    urls = _dashboard_urls(municipality)
    all_ms: list[float] = []
    most = 0
    for username in ("sekretariat", "politiker"):
        user = User.objects.get(username=username)
        ms, queries = _measure(user, urls, args.loads)
        print(
            f"dashboard as {username}: {len(ms)} loads over {len(urls)} filter settings, "
            f"p50={statistics.median(ms):.1f} p95={_p95(ms):.1f} max={ms[-1]:.1f} ms, "
            f"at most {queries} queries"
        )
        all_ms += ms
        most = max(most, queries)
    all_ms.sort()
    dashboard_p95 = _p95(all_ms)

    seconds, report = _export(
        municipality, User.objects.get(username="sekretariat"), User.objects.get(username="forsker")
    )
    print(
        f"research export: {report['personer']:,} people, {report['udleveret']:,} released, "
        f"{report['udeladt']:,} left out (k={report['k']}, generalised to "
        f"{report['generaliseret_til']}), {report['bytes'] / 1e6:.1f} MB in "
        f"{len(report['files']) + 1} files, {seconds:.1f} s"
    )
    ok = dashboard_p95 <= 300 and seconds <= 30
    print(f"targets (dashboard p95 <= 300 ms, export <= 30 s): {'met' if ok else 'NOT met'}")
    print(
        f"insight-bench: young_people={young_people} dashboard_ms={dashboard_p95:.1f} "
        f"export_s={seconds:.1f}"
    )


if __name__ == "__main__":
    main()
