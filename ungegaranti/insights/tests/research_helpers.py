"""Research projects and exports for the tests, made through the real services."""

import io
import zipfile
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ungegaranti.core.jobs import job_run
from ungegaranti.core.roles import Role
from ungegaranti.insights.models import ResearchExport, ResearchProject, ResearchVariable
from ungegaranti.insights.services import research_export_request, research_project_register


def project_fields(world: Any, **overrides: Any) -> dict[str, Any]:
    """Every variable but the support track (which the leak tests look for), unless told."""
    today = timezone.localdate()
    if "researchers" not in overrides:
        overrides["researchers"] = [world.users[Role.RESEARCHER]]
    return {
        "name": "Ungegarantiens effekt 2022-2031",
        "data_controller": "Regionalt klinisk forskningscenter",
        "purpose": "Den eksterne, kvantitative evaluering over 10 år.",
        "legal_basis": "Databeskyttelsesloven § 10",
        "approval_reference": "F-2022-0417",
        "start_date": today - timedelta(days=365),
        "end_date": today + timedelta(days=365 * 5),
        "variables": [v for v in ResearchVariable.values if v != ResearchVariable.SUPPORT],
        **overrides,
    }


def register_project(world: Any, *, municipality: Any = None, **overrides: Any) -> ResearchProject:
    municipality = municipality or world.municipality
    secretariat = overrides.pop("acting_user", world.users[Role.SECRETARIAT])
    return research_project_register(
        municipality=municipality, acting_user=secretariat, **project_fields(world, **overrides)
    )


def export_of(project: ResearchProject, researcher: Any) -> ResearchExport:
    """Request an export and run its job at once (as the worker would)."""
    export = research_export_request(project=project, acting_user=researcher)
    assert export.job is not None
    job = job_run(export.job.pk, worker_id="test")
    assert job.status == job.Status.SUCCEEDED, job.result
    export.refresh_from_db()
    return export


def archive_files(export: ResearchExport) -> dict[str, bytes]:
    with export.archive.open("rb") as handle:
        data = handle.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
