"""Prometheus metrics: requests and their latency (middleware), and the job queue (read from
the database at each scrape, so every web process reports the same numbers).

Under gunicorn with several processes set PROMETHEUS_MULTIPROC_DIR to an empty directory
(docs/operations.md): each process writes its counters there and /metrics adds them up.
"""

import os
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from .models import BackgroundJob
from .worker import workers_alive

REQUESTS = Counter(
    "ungegaranti_http_requests_total",
    "HTTP requests by method, view and status code.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "ungegaranti_http_request_duration_seconds",
    "Time from request to response, by view.",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class MetricsMiddleware:
    """Counts every response by its URL name (never the path: paths carry ids)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response


class JobQueueCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        jobs = GaugeMetricFamily(
            "ungegaranti_jobs", "Background jobs by kind and status.", labels=["kind", "status"]
        )
        failed = GaugeMetricFamily(
            "ungegaranti_jobs_failed_last_day",
            "Background jobs that ended failed in the last 24 hours, by kind.",
            labels=["kind"],
        )
        workers = GaugeMetricFamily(
            "ungegaranti_workers_alive", "Worker processes that beat recently."
        )
        try:
            for row in BackgroundJob.objects.values("kind", "status").annotate(n=Count("id")):
                jobs.add_metric([row["kind"], row["status"]], row["n"])
            day_ago = timezone.now() - timedelta(days=1)
            for row in (
                BackgroundJob.objects.filter(
                    status=BackgroundJob.Status.FAILED, finished_at__gte=day_ago
                )
                .values("kind")
                .annotate(n=Count("id"))
            ):
                failed.add_metric([row["kind"]], row["n"])
            workers.add_metric([], workers_alive())
        except DatabaseError:
            return  # the database is away: readiness says so; the request metrics still go out
        yield jobs
        yield failed
        yield workers


def _registry() -> Any:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessMetrics())
    registry.register(JobQueueCollector())
    return registry


class _ProcessMetrics(Collector):
    """This process's own counters (one process: runserver, a single gunicorn worker)."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The scrape. With METRICS_TOKEN set, only a request bearing it is answered."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and not secrets.compare_digest(given, token):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
