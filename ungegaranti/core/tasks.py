"""Core's scheduled jobs (run by the worker, core/worker.py) and its kinds of data to retain."""

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .access_review import access_review_build, previous_month
from .jobs import Progress
from .models import AccessLogEntry, BackgroundJob, WorkerHeartbeat
from .retention import erase_append_only, retention_apply, retention_kind
from .schedule import Daily, Monthly, scheduled_job


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


retention_kind(
    "core.access_log",
    label=gettext_lazy("Adgangslog"),
    legal_source=gettext_lazy(
        "Loggen over opslag opbevares mindst 6 måneder (praksis fra sikkerhedsbekendtgørelsen, "
        "bek. nr. 528/2000 § 19, og Datatilsynets vejledning om logning efter GDPR art. 32); "
        "derefter slettes den (GDPR art. 5, stk. 1, litra e)."
    ),
    default_days=183,
    minimum_days=183,
    expired=lambda municipality, cutoff: AccessLogEntry.objects.filter(
        municipality=municipality, created_at__lt=cutoff
    ),
    erase=erase_append_only,
)


@scheduled_job("core.retention", Daily(at=time(2, 30)))
def retention(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Delete what the municipality's switched-on retention rules say has expired. Running it
    twice deletes nothing more: what is gone is gone, and the rest has not expired."""
    return {"deleted": retention_apply(municipality=job.municipality)}


@scheduled_job("core.access_review", Monthly(day=1, at=time(4, 0)))
def access_review(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """On the 1st, the review of the month that has just ended. Running it twice builds
    nothing twice (access_review_build keeps the first)."""
    slot = timezone.localtime(datetime.fromisoformat(job.params["slot"]))
    review = access_review_build(municipality=job.municipality, month=previous_month(slot.date()))
    return {"review": str(review.uuid), "flags": review.flags.count()}
