"""Record and worklist benchmark (issue 9, "Performance").

On PostgreSQL with the demo municipality and its records loaded (built here if missing: the
demo municipality, then `demo_records`), requests in this process through Django's test
client, as the real logins would:

- the record page (`/unge/<uuid>/forloeb/`) of the demo pupil, whose record from 0. klasse
  holds at least 200 activities, read by the pupil themself and by their career counsellor;
- the guidance counsellor's worklist (`/arbejdsliste/`) over the 15-29 year olds (at least
  9,000 in scope): the first page and filtered pages (age, status, counsellor, overdue).

Each page is requested at least 200 times; it prints p50/p95/max milliseconds and the most
database queries one answer needed. Targets: p95 <= 100 ms, a bounded number of queries (no
query per activity or per row).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ungegaranti_plans_bench \
        .venv/bin/python benchmarks/plans.py [--requests 200]

The last line is machine-readable:
    plans-bench: record_p95_ms=X worklist_p95_ms=Y max_queries=N
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ungegaranti_plans_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")
# Measured as served: without the debug toolbar of template tracebacks and the query log.
os.environ.setdefault("DEBUG", "0")

WORKLIST_QUERIES = [
    "",
    "?vejleder=mine",
    "?status=UNEMPLOYED",
    "?alder=18-24",
    "?overskredet=on",
    "?forladt=on",
    "?vejleder=none&alder=25-29",
    "?side=2",
]


def _bootstrap() -> None:
    url = urlparse(os.environ["DATABASE_URL"])
    dbname = url.path.lstrip("/")
    if url.scheme.startswith("postgres"):
        import psycopg

        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [dbname]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{dbname}"')
                print(f"created database {dbname}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo_municipality", "--seed", "860", "--if-empty")
    call_command("demo_records", "--seed", "860", "--if-empty")
    print(f"demo data ready ({time.perf_counter() - started:.1f} s)")
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics until autovacuum's first
        # ANALYZE: without them PostgreSQL guesses one row per table and picks nested loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _measure(client, urls: list[str], n: int, name: str) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:  # warm up: templates compiled, connection open
        assert client.get(url).status_code == 200, url
    timings, most = [], 0
    cpu_ms = CPU_MS.setdefault(name, [])
    for i in range(n):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_ms.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, url
        most = max(most, len(captured.captured_queries))
    return sorted(timings), most


# This process's CPU time per answer, by page (Django's share, without the database's): on a
# machine shared with other work the wall-clock times grow with the load; this does not.
CPU_MS: dict[str, list[float]] = {}


def _p95(ms: list[float]) -> float:
    return ms[max(0, int(round(0.95 * len(ms))) - 1)]


def _report(name: str, ms: list[float], queries: int) -> None:
    print(
        f"{name}: {len(ms)} requests, p50={statistics.median(ms):.1f} p95={_p95(ms):.1f} "
        f"max={ms[-1]:.1f} ms, at most {queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    _bootstrap()
    from django.test import Client

    from ungegaranti.core.models import User
    from ungegaranti.destinations.selectors import worklist_for
    from ungegaranti.people.selectors import young_people_visible_to
    from ungegaranti.plans.models import Activity

    pupil_user = User.objects.get(username="ung")
    person = pupil_user.young_person
    assert person is not None
    activities = Activity.objects.filter(young_person=person).count()
    counsellor_user = User.objects.get(username="karrierevejleder")
    guidance = User.objects.get(username="vejleder")
    in_scope = young_people_visible_to(user=guidance).count()
    on_list = worklist_for(user=guidance).count()
    print(f"record: {activities} activities; worklist: {in_scope} in scope, {on_list} on the list")
    assert activities >= 200, "the demo pupil's record should hold at least 200 activities"
    assert in_scope >= 9000, "the counsellor's scope should hold at least 9,000 young people"

    record_url = f"/unge/{person.uuid}/forloeb/"
    record_ms: list[float] = []
    record_queries = 0
    for user in (pupil_user, counsellor_user):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        ms, queries = _measure(client, [record_url], args.requests, "record")
        _report(f"record as {user.username}", ms, queries)
        record_ms += ms
        record_queries = max(record_queries, queries)
    record_ms.sort()

    client = Client(HTTP_HOST="localhost")
    client.force_login(guidance)
    worklist_ms, worklist_queries = _measure(
        client, [f"/arbejdsliste/{q}" for q in WORKLIST_QUERIES], args.requests, "worklist"
    )
    _report("worklist (first page and filtered pages)", worklist_ms, worklist_queries)

    record_p95, worklist_p95 = _p95(record_ms), _p95(worklist_ms)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpu = {name: _p95(sorted(ms)) for name, ms in CPU_MS.items()}
    print(
        f"load average {load:.1f} on {os.cpu_count()} cores; Django's own CPU time per answer: "
        f"record p95={cpu['record']:.1f} ms, worklist p95={cpu['worklist']:.1f} ms"
    )
    max_queries = max(record_queries, worklist_queries)
    ok = record_p95 <= 100 and worklist_p95 <= 100
    print(f"targets (p95 <= 100 ms each): {'met' if ok else 'NOT met'}")
    print(
        f"plans-bench: record_p95_ms={record_p95:.1f} worklist_p95_ms={worklist_p95:.1f} "
        f"max_queries={max_queries}"
    )


if __name__ == "__main__":
    main()
