import json
import logging
from datetime import timedelta

from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone

from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.logs import JsonFormatter, PersonalDataFilter
from ungegaranti.core.models import WorkerHeartbeat
from ungegaranti.core.roles import Role
from ungegaranti.core.views import server_error

from . import slow_handler  # noqa: F401  (registers "test-slow")


def _beat(seconds_ago):
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="web1",
        pid=1,
        seen_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_liveness_answers_without_asking_anything(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/health/live/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_reports_a_missing_worker(db):
    response = Client().get("/health/ready/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "migrations": "ok", "worker": "fail"},
    }


def test_readiness_reports_a_worker_that_stopped_beating(db, settings):
    settings.JOBS_LEASE_SECONDS = 30
    _beat(seconds_ago=61)
    assert Client().get("/health/ready/").json()["checks"]["worker"] == "fail"


def test_readiness_is_ok_with_a_worker_beating(db):
    _beat(seconds_ago=5)
    response = Client().get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


def test_readiness_reports_migrations_not_applied(db, monkeypatch):
    from ungegaranti.core import health

    _beat(seconds_ago=1)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("core", False)]
    )
    body = Client().get("/health/ready/").json()
    assert body["checks"] == {"database": "ok", "migrations": "fail", "worker": "ok"}


def test_metrics_count_requests_by_view_and_show_the_queue(world, settings):
    settings.JOBS_RUN_INLINE = False
    settings.METRICS_TOKEN = ""
    job_enqueue(kind="test-slow", acting_user=world.users[Role.SECRETARIAT])
    client = Client()
    client.get("/health/live/")
    text = client.get("/metrics/").content.decode()
    assert (
        'ungegaranti_http_requests_total{method="GET",status="200",view="core:health_live"}' in text
    )
    assert (
        'ungegaranti_http_request_duration_seconds_bucket{le="0.025",view="core:health_live"}'
        in text
    )
    assert 'ungegaranti_jobs{kind="test-slow",status="QUEUED"} 1.0' in text
    assert "ungegaranti_workers_alive 0.0" in text
    assert "/health/live/" not in text  # views by name, never a path with ids in it


def test_metrics_need_the_token_when_one_is_set(db, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert Client().get("/metrics/").status_code == 401
    assert Client().get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert Client().get("/metrics/", HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200


def _log_line(logger_name, *args, exc=None):
    record = logging.getLogger(logger_name).makeRecord(
        logger_name, logging.ERROR, __file__, 1, args[0], args[1:], exc
    )
    assert PersonalDataFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_log_line_carries_no_cpr_and_no_name(world):
    pupil = world.pupil_a
    assert pupil.first_name and str(pupil.first_name) in str(pupil)
    try:
        raise ValueError(f"duplicate key (cpr)=(010203-4567) for {pupil.first_name}")
    except ValueError as error:
        exc = (ValueError, error, error.__traceback__)
    line = _log_line(
        "ungegaranti.test", "import of %s failed on 0102034567 for %s", pupil, "x", exc=exc
    )
    text = json.dumps(line, ensure_ascii=False)
    assert "010203" not in text and "4567" not in text
    assert pupil.first_name not in text and pupil.last_name not in text
    assert line["message"] == f"import of people.youngperson:{pupil.pk} failed on [cpr] for x"
    assert line["level"] == "ERROR" and line["exception_type"] == "ValueError"
    assert line["exception_at"][-1].endswith("test_a_log_line_carries_no_cpr_and_no_name")


def test_the_database_away_gives_the_danish_try_again_page(db, django_assert_num_queries):
    request = RequestFactory().get("/tilbud/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Prøv igen om lidt" in html and "ikke blevet gemt" in html
    # any other crash is still the 500 page
    try:
        raise ValueError("boom")
    except ValueError:
        assert server_error(request).status_code == 500
