"""The calendar's scheduled job (run by the worker, core/worker.py): reminders before deadlines."""

from datetime import time
from typing import Any

from ungegaranti.core.jobs import Progress
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.schedule import Daily, scheduled_job

from .services.reminders import reminders_send


@scheduled_job("calendar.reminders", Daily(at=time(7, 0)))
def reminders(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Each morning, before the working day, the reminders that have come due in the job's
    municipality. Running it twice sends nothing twice (reminders_send keeps a sent-record)."""
    return {"sent": reminders_send(municipality=job.municipality)}
