"""Background job handlers of partners (run by the worker, core/worker.py)."""

from typing import Any

from ungegaranti.core.jobs import JobFailedError, Progress, job_handler
from ungegaranti.core.models import BackgroundJob

from .imports import PartnersImporter


@job_handler("import_partners")
def import_partners_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """The import is one transaction (CSVImporter.run): a run cut short leaves nothing, and a
    second run of the same file changes nothing, so the job may run again after a crash. The
    uploaded file is deleted by the job framework once the job has ended."""
    with job.input_file.open("rb") as upload:
        data = upload.read()
    importer = PartnersImporter(
        municipality=job.municipality,
        acting_user=job.created_by,
        file_name=job.params.get("file_name", ""),
    )
    result = importer.run(data, progress)
    if result["errors"]:
        raise JobFailedError(result)
    return result
