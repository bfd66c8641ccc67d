"""Liveness and readiness for the load balancer and the operators (docs/operations.md).

Live: the process answers (no database asked, so a database outage does not get every web
process restarted). Ready: the database answers, every migration is applied and at least one
worker has beaten recently; each check by name, 503 when one fails. No personal data.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .worker import workers_alive


def _database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _migrations() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _worker() -> bool:
    return workers_alive() > 0


CHECKS = {"database": _database, "migrations": _migrations, "worker": _worker}


def readiness() -> dict[str, Any]:
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = "ok" if check() else "fail"
        except DatabaseError:
            checks[name] = "fail"
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "fail", "checks": checks}


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    report = readiness()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
