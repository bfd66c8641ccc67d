"""Background job handlers of placement (run by the worker, core/worker.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ungegaranti.core.jobs import JobFailedError, Progress, job_handler
from ungegaranti.core.models import BackgroundJob

from .models import Round
from .services import RUNS_JOB, runs_create_both


@job_handler(RUNS_JOB)
def create_runs(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Solve the round with both mechanisms. The runs and the job's result are written in one
    transaction, and a second attempt that finds the result returns it: a worker killed after
    the commit does not make the runs twice, one killed before it leaves none."""
    round = Round.objects.get(pk=job.params["round"])
    assert job.created_by is not None  # a coordinator started it (runs_create_enqueue)
    back = {"link": f"{round.get_absolute_url()}#koersler", "link_label": _("Tilbage til runden")}
    progress(0, 1)
    with transaction.atomic():
        earlier = BackgroundJob.objects.select_for_update().get(pk=job.pk).result
        if earlier.get("runs"):
            return earlier
        try:
            runs = runs_create_both(round=round, acting_user=job.created_by)
        except ValidationError as exc:
            raise JobFailedError({"summary": " ".join(exc.messages), **back}) from None
        result = {
            "runs": [str(run.uuid) for run in runs],
            "summary": _("Fordelingen er beregnet med begge metoder. Sammenlign dem på runden."),
            "next_url": back["link"],
            **back,
        }
        BackgroundJob.objects.filter(pk=job.pk).update(result=result)
    progress(1, 1)
    return result
