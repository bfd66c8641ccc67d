"""Background jobs: long work runs outside the request, survives restarts and reports progress.

A job is a row (BackgroundJob) plus a handler registered by kind. The web process only saves the
row; a separate worker process (`manage.py worker`, core/worker.py) claims it, runs the handler
and records the outcome. Tests set JOBS_RUN_INLINE, so the handler runs once the creating
transaction commits. See docs/decisions/0011-durable-background-jobs.md.

Handlers must be idempotent: a job is run again after a transient error (with backoff) and when
its worker died in the middle, so a second run must give the same end state as one run.
"""

import logging
import random
import smtplib
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import BackgroundJob

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Handler = Callable[[BackgroundJob, Progress], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}


class JobFailedError(Exception):
    """Raised by a handler to end a job as failed with a result to show (e.g. a row report)."""

    def __init__(self, result: dict[str, Any]):
        super().__init__("job failed")
        self.result = result


class TransientJobError(Exception):
    """Raised by a handler for a failure worth trying again later."""


# Errors that say "not now" rather than "never": the database or the mail server is away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientJobError,
    OperationalError,
    InterfaceError,
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
)


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_enqueue(
    *,
    kind: str,
    acting_user: Any = None,
    municipality: Any = None,
    params: dict[str, Any] | None = None,
    input_file: Any = None,
    max_attempts: int = 5,
    scheduled_run: Any = None,
) -> BackgroundJob:
    """Queue a job. A person's job names them (acting_user) and shows on their status page; the
    system's own jobs (e-mails, scheduled runs) name only the municipality."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job = BackgroundJob(
        municipality=municipality or acting_user.municipality,
        kind=kind,
        params=params or {},
        created_by=acting_user,
        max_attempts=max_attempts,
        scheduled_run=scheduled_run,
    )
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.full_clean()
    job.save()
    if settings.JOBS_RUN_INLINE:
        transaction.on_commit(lambda: job_run(job.pk, worker_id="inline"))
    return job


def _runnable(now: Any) -> Q:
    """Queued and due, or running under a lease that ran out (its worker died)."""
    return Q(status=BackgroundJob.Status.QUEUED, run_after__lte=now) | Q(
        status=BackgroundJob.Status.RUNNING, lease_expires_at__lt=now
    )


def job_claim(*, worker_id: str, lease: timedelta) -> int | None:
    """Take one runnable job for this worker, or None. The claim is a conditional UPDATE, so of
    two workers reaching for the same row only one changes it (on SQLite and PostgreSQL alike)."""
    now = timezone.now()
    _fail_exhausted(now)
    candidates = list(
        BackgroundJob.objects.filter(_runnable(now), attempts__lt=F("max_attempts"))
        .order_by("run_after", "pk")
        .values_list("pk", flat=True)[:5]
    )
    for pk in candidates:
        claimed = (
            BackgroundJob.objects.filter(_runnable(now), pk=pk)
            .filter(attempts__lt=F("max_attempts"))
            .update(
                status=BackgroundJob.Status.RUNNING,
                worker_id=worker_id,
                attempts=F("attempts") + 1,
                lease_expires_at=now + lease,
                started_at=now,
            )
        )
        if claimed:
            return pk
    return None


def _fail_exhausted(now: Any) -> None:
    """A job whose worker died on every attempt ends as failed instead of looping for ever."""
    BackgroundJob.objects.filter(
        status=BackgroundJob.Status.RUNNING,
        lease_expires_at__lt=now,
        attempts__gte=F("max_attempts"),
    ).update(
        status=BackgroundJob.Status.FAILED,
        error="WorkerLost",
        finished_at=now,
        lease_expires_at=None,
    )


def jobs_renew_lease(*, worker_id: str, lease: timedelta) -> int:
    return BackgroundJob.objects.filter(
        status=BackgroundJob.Status.RUNNING, worker_id=worker_id
    ).update(lease_expires_at=timezone.now() + lease)


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff with jitter: about 5 s, 10 s, 20 s ... capped at 10 minutes."""
    base = min(settings.JOBS_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), 600)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def job_run(job_pk: int, *, worker_id: str) -> BackgroundJob:
    """Run a claimed job's handler once and record what happened. The inline path (tests) claims
    the job here itself."""
    job = BackgroundJob.objects.get(pk=job_pk)
    if job.status != BackgroundJob.Status.RUNNING:
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=BackgroundJob.Status.RUNNING,
            worker_id=worker_id,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
        )
        job.refresh_from_db()
    handler = _HANDLERS[job.kind]

    def progress(done: int, total: int) -> None:
        BackgroundJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = handler(job, progress)
        status, error = BackgroundJob.Status.SUCCEEDED, ""
    except JobFailedError as failure:
        result, status, error = failure.result, BackgroundJob.Status.FAILED, ""
    except TRANSIENT_ERRORS as exc:
        if job.attempts < job.max_attempts:
            return _schedule_retry(job, exc)
        _log_crash(job, exc)
        result, status, error = {}, BackgroundJob.Status.FAILED, type(exc).__name__
    except Exception as exc:  # noqa: BLE001  (a crashed job must end as failed, not hang)
        _log_crash(job, exc)
        result, status, error = {}, BackgroundJob.Status.FAILED, type(exc).__name__
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status,
        result=result,
        error=error,
        finished_at=timezone.now(),
        lease_expires_at=None,
    )
    job.refresh_from_db()
    _delete_input_file(job)
    return job


def _schedule_retry(job: BackgroundJob, exc: BaseException) -> BackgroundJob:
    delay = retry_delay(job.attempts)
    logger.warning(
        "background job %s (%s) attempt %d/%d hit %s; retrying in %.0f s",
        job.uuid,
        job.kind,
        job.attempts,
        job.max_attempts,
        type(exc).__name__,
        delay.total_seconds(),
    )
    try:
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=BackgroundJob.Status.QUEUED,
            error=type(exc).__name__,
            run_after=timezone.now() + delay,
            lease_expires_at=None,
            worker_id="",
        )
        job.refresh_from_db()
    except DatabaseError:
        # The database itself is away: the job stays RUNNING until its lease runs out, and
        # then the next claim takes it again. Nothing is lost either way.
        logger.warning("background job %s: could not record the retry", job.uuid)
    return job


def _log_crash(job: BackgroundJob, exc: BaseException) -> None:
    # Only the exception type and where it was raised: an import's message or traceback
    # could carry a row's values, CPR numbers included, into the log.
    tb = traceback.extract_tb(exc.__traceback__)
    where = tb[-1] if tb else None
    logger.error(
        "background job %s (%s) crashed: %s at %s:%s",
        job.uuid,
        job.kind,
        type(exc).__name__,
        where.filename if where else "?",
        where.lineno if where else "?",
    )


def _delete_input_file(job: BackgroundJob) -> None:
    """An uploaded file (an import's holds CPR numbers) lives only until its job has ended: it
    must survive a retry or a dead worker, so the handler itself never deletes it."""
    if job.input_file:
        job.input_file.delete(save=False)
        BackgroundJob.objects.filter(pk=job.pk).update(input_file="")
