"""Core's scheduled jobs (run by the worker, core/worker.py)."""

from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from .jobs import Progress
from .models import BackgroundJob, WorkerHeartbeat
from .schedule import Daily, scheduled_job


@scheduled_job("core.jobs_prune", Daily(at=time(3, 15)))
def jobs_prune(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Finished jobs are kept JOBS_KEEP_DAYS for the operators to look back on, then deleted
    (every e-mail is a job, so the table would only grow); so are heartbeats of workers gone
    for a day. Running it twice deletes nothing more."""
    cutoff = timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS)
    deleted, _ = (
        BackgroundJob.objects.filter(
            municipality=job.municipality,
            status__in=[BackgroundJob.Status.SUCCEEDED, BackgroundJob.Status.FAILED],
            finished_at__lt=cutoff,
        )
        .exclude(pk=job.pk)
        .delete()
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    return {"deleted": deleted}
