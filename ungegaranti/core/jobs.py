"""Background jobs: long work runs outside the request and reports progress.

A job is a row (BackgroundJob) plus a handler registered by kind. After the creating
transaction commits, the handler runs in a daemon thread (or inline when JOBS_RUN_INLINE is set,
as in tests). See docs/decisions/0003-background-jobs.md for why not a separate queue.
"""

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
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


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_enqueue(
    *, kind: str, acting_user: Any, params: dict[str, Any] | None = None, input_file: Any = None
) -> BackgroundJob:
    job = BackgroundJob(
        municipality=acting_user.municipality,
        kind=kind,
        params=params or {},
        created_by=acting_user,
    )
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _start(job.pk))
    return job


def _start(job_pk: int) -> None:
    if settings.JOBS_RUN_INLINE:
        job_run(job_pk)
    else:
        threading.Thread(target=_run_in_thread, args=(job_pk,), daemon=True).start()


def _run_in_thread(job_pk: int) -> None:
    try:
        job_run(job_pk)
    finally:
        close_old_connections()


def job_run(job_pk: int) -> BackgroundJob:
    job = BackgroundJob.objects.get(pk=job_pk)
    handler = _HANDLERS[job.kind]
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.RUNNING, started_at=timezone.now()
    )

    def progress(done: int, total: int) -> None:
        BackgroundJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = handler(job, progress)
        status, error = BackgroundJob.Status.SUCCEEDED, ""
    except JobFailedError as failure:
        result, status, error = failure.result, BackgroundJob.Status.FAILED, ""
    except Exception as exc:  # noqa: BLE001  (a crashed job must end as failed, not hang)
        # Only the exception type and where it was raised: an import's message or traceback
        # could carry a row's values, CPR numbers included, into the log.
        where = traceback.extract_tb(exc.__traceback__)[-1]
        logger.error(
            "background job %s (%s) crashed: %s at %s:%s",
            job.uuid,
            job.kind,
            type(exc).__name__,
            where.filename,
            where.lineno,
        )
        result, status, error = {}, BackgroundJob.Status.FAILED, type(exc).__name__
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status, result=result, error=error, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
