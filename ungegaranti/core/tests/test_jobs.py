import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone

from ungegaranti.core.jobs import job_claim, job_enqueue, job_handler, job_run
from ungegaranti.core.models import BackgroundJob, WorkerHeartbeat
from ungegaranti.core.roles import Role
from ungegaranti.core.worker import Worker, workers_alive

from . import slow_handler  # noqa: F401  (registers "test-slow")

LEASE = timedelta(seconds=30)
calls: list[int] = []


# A Worker in this process beats from a thread with its own connection, whose writes commit:
# those tests run outside the test transaction, and the tables are emptied after them.
WORKER_THREADS = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plain_user(db):
    """A municipality and a login made with the ORM alone: a test outside the transaction must
    write nothing to the append-only tables (PostgreSQL's triggers keep them at teardown)."""
    from ungegaranti.core.models import Municipality, User

    municipality = Municipality.objects.create(code="999", name="Prøvekommune")
    return User.objects.create(username="sekretariat-x", municipality=municipality)


@job_handler("test-crash")
def _crash(job, progress):
    raise ValueError("row 7: 010203-4567 is odd")


@job_handler("test-flaky")
def _flaky(job, progress):
    """Fails with a lost database connection on its first two attempts."""
    calls.append(job.attempts)
    if job.attempts < 3:
        raise OperationalError("server closed the connection unexpectedly")
    return {"attempt": job.attempts}


def test_a_crashed_job_ends_failed_and_logs_no_row_values(
    world, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="test-crash", acting_user=world.users[Role.SECRETARIAT])
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and job.error == "ValueError"
    assert "ValueError" in caplog.text
    assert "010203" not in caplog.text and "4567" not in caplog.text


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError):
        job_enqueue(kind="no-such-kind", acting_user=world.users[Role.SECRETARIAT])


def _queued(world, kind, **params):
    job = job_enqueue(kind=kind, acting_user=world.users[Role.SECRETARIAT], params=params)
    return job


@pytest.fixture
def queue_only(settings):
    settings.JOBS_RUN_INLINE = False
    settings.JOBS_RETRY_BASE_SECONDS = 5


def test_a_transient_error_is_retried_later_with_growing_backoff(world, queue_only):
    calls.clear()
    job = _queued(world, "test-flaky")
    waits = []
    for _attempt in range(3):
        pk = job_claim(worker_id="w1", lease=LEASE)
        assert pk == job.pk
        before = timezone.now()
        job = job_run(pk, worker_id="w1")
        if job.status == BackgroundJob.Status.QUEUED:
            waits.append((job.run_after - before).total_seconds())
            assert job.error == "OperationalError" and job.is_waiting_to_retry
            # not due yet: nothing to claim until the backoff has passed
            assert job_claim(worker_id="w1", lease=LEASE) is None
            BackgroundJob.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert job.status == BackgroundJob.Status.SUCCEEDED and job.result == {"attempt": 3}
    assert calls == [1, 2, 3]
    # about 5 s, then about 10 s (±20 % jitter)
    assert 4 <= waits[0] <= 6 and 8 <= waits[1] <= 12


def test_a_job_failing_transiently_every_time_ends_failed_after_its_attempts(world, queue_only):
    job = job_enqueue(kind="test-flaky", acting_user=world.users[Role.SECRETARIAT], max_attempts=2)
    for _attempt in range(2):
        BackgroundJob.objects.filter(pk=job.pk).update(run_after=timezone.now())
        job = job_run(job_claim(worker_id="w1", lease=LEASE), worker_id="w1")
    assert job.status == BackgroundJob.Status.FAILED and job.error == "OperationalError"
    assert job_claim(worker_id="w1", lease=LEASE) is None


def test_a_running_job_is_not_claimed_twice_until_its_lease_runs_out(world, queue_only):
    job = _queued(world, "test-slow", steps=1, sleep=0)
    assert job_claim(worker_id="w1", lease=LEASE) == job.pk
    assert job_claim(worker_id="w2", lease=LEASE) is None
    BackgroundJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    # w1 died: its lease ran out, w2 takes the job and finishes it
    assert job_claim(worker_id="w2", lease=LEASE) == job.pk
    job = job_run(job.pk, worker_id="w2")
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert job.worker_id == "w2" and job.attempts == 2


def test_a_job_whose_worker_died_on_every_attempt_ends_failed(world, queue_only):
    job = job_enqueue(kind="test-slow", acting_user=world.users[Role.SECRETARIAT], max_attempts=1)
    job_claim(worker_id="w1", lease=LEASE)
    BackgroundJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert job_claim(worker_id="w2", lease=LEASE) is None
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and job.error == "WorkerLost"


def test_the_uploaded_file_is_kept_for_a_retry_and_deleted_when_the_job_ends(
    world, queue_only, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    calls.clear()
    job = job_enqueue(
        kind="test-flaky",
        acting_user=world.users[Role.SECRETARIAT],
        input_file=SimpleUploadedFile("unge.csv", b"cpr;navn\n"),
    )
    path = Path(job.input_file.path)
    job = job_run(job_claim(worker_id="w1", lease=LEASE), worker_id="w1")
    assert job.status == BackgroundJob.Status.QUEUED and path.exists()
    BackgroundJob.objects.filter(pk=job.pk).update(run_after=timezone.now(), attempts=2)
    job = job_run(job_claim(worker_id="w1", lease=LEASE), worker_id="w1")
    assert job.status == BackgroundJob.Status.SUCCEEDED
    assert not path.exists() and not job.input_file


@WORKER_THREADS
def test_the_worker_runs_the_queue_and_beats(plain_user, queue_only):
    jobs = [
        job_enqueue(kind="test-slow", acting_user=plain_user, params={"steps": 1, "sleep": 0})
        for _ in range(3)
    ]
    worker = Worker(worker_id="w-test", until_idle=True, run_schedule=False)
    assert worker.run() == 3
    assert all(
        j.status == BackgroundJob.Status.SUCCEEDED
        for j in BackgroundJob.objects.filter(pk__in=[j.pk for j in jobs])
    )
    # a worker that stopped takes its heartbeat with it
    assert not WorkerHeartbeat.objects.filter(worker_id="w-test").exists()
    assert workers_alive() == 0


# A real worker process, killed with SIGKILL half-way through a job: the next worker finishes
# it. The processes share a SQLite file of their own (the test database lives in memory).

ROOT = Path(__file__).resolve().parents[3]


def _django(script, env, timeout=180):
    prelude = (
        "import django, json; django.setup(); "
        "from django.conf import settings; settings.JOBS_RUN_INLINE = False; "
        "import ungegaranti.core.tests.slow_handler; "
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def _worker(env, worker_id, stop="until_idle=True"):
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); import ungegaranti.core.tests.slow_handler; "
            "from ungegaranti.core.worker import Worker; "
            f"Worker(worker_id={worker_id!r}, poll_seconds=0.1, {stop}).run()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _job_state(db_path):
    """Read straight from the file: quicker than a Django process, so the poll sees the job
    while it runs."""
    with sqlite3.connect(db_path, timeout=10) as db:
        status, done, attempts, worker, result = db.execute(
            "SELECT status, done, attempts, worker_id, result FROM core_backgroundjob"
        ).fetchone()
    return {
        "status": status,
        "done": done,
        "attempts": attempts,
        "worker": worker,
        "result": json.loads(result),
    }


def test_a_job_whose_worker_is_killed_is_completed_by_the_next_worker(tmp_path):
    db_path = tmp_path / "jobs.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "UNGEGARANTI_VAR_DIR": str(tmp_path),
        "JOBS_LEASE_SECONDS": "1.5",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    _django(
        "from ungegaranti.core.models import Municipality, User; "
        "from ungegaranti.core.jobs import job_enqueue; "
        "m = Municipality.objects.create(code='860', name='Hjørring'); "
        "u = User.objects.create(username='sek', municipality=m); "
        "job_enqueue(kind='test-slow', acting_user=u, params={'steps': 30, 'sleep': 0.2})",
        env,
    )
    first = _worker(env, "first")
    deadline = time.monotonic() + 180  # generous: the machine may be busy with other work
    while _job_state(db_path)["done"] < 3:  # well into the job
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed = _job_state(db_path)
    assert killed["status"] == "RUNNING" and killed["worker"] == "first"

    # the next worker waits for the dead one's lease to run out, then takes the job
    second = _worker(env, "second", stop="max_jobs=1")
    assert second.wait(timeout=180) == 0
    done = _job_state(db_path)
    assert done["status"] == "SUCCEEDED" and done["worker"] == "second"
    assert done["attempts"] == 2 and done["result"] == {"steps": 30, "attempt": 2}
