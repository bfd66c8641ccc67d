"""Insight's jobs: the hourly rebuild of the dashboards' summary table (see figures.py) and
the research exports (research.py)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.jobs import JobFailedError, Progress, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.schedule import Every, scheduled_job

from .figures import figures_refresh
from .models import ResearchExport
from .research import RESEARCH_EXPORT_JOB, ResearchExportRefusedError, export_build


@scheduled_job("insights.figures", Every(minutes=60))
def figures(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Rebuild one municipality's figures; a second run gives the same table."""
    return {"figures": figures_refresh(municipality=job.municipality)}


@job_handler(RESEARCH_EXPORT_JOB)
def research_export(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Build one research export's archive. Run again, it writes the same files over the
    first run's; a key that went missing since the request ends the job with the reason."""
    export = ResearchExport.objects.select_related("project__municipality").get(
        pk=job.params["export"]
    )
    try:
        manifest = export_build(export, progress)
    except ResearchExportRefusedError as refused:
        raise JobFailedError({"summary": str(refused)}) from None
    export.finished_at = timezone.now()
    export.save(update_fields=["archive", "manifest", "report", "finished_at", "updated_at"])
    return {
        "files": len(manifest["filer"]),
        "released": export.report["udleveret"],
        "suppressed": export.report["udeladt"],
        "next_url": reverse("insights:research_export"),
    }
