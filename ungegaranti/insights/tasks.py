"""Insight's jobs: the hourly rebuild of the dashboards' summary table (see figures.py)."""

from typing import Any

from ungegaranti.core.jobs import Progress
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.schedule import Every, scheduled_job

from .figures import figures_refresh


@scheduled_job("insights.figures", Every(minutes=60))
def figures(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Rebuild one municipality's figures; a second run gives the same table."""
    return {"figures": figures_refresh(municipality=job.municipality)}
