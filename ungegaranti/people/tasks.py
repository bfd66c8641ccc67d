"""Background job handlers of people (run by the worker, core/worker.py) and the retention of
young people's records (core/retention.py)."""

from typing import Any

from django.utils.translation import gettext_lazy

from ungegaranti.core.jobs import JobFailedError, Progress, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.retention import retention_kind

from .imports import YoungPeopleImporter
from .selectors import young_people_erasable, young_people_past_the_guarantee


@job_handler("import_young_people")
def import_young_people_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """The import is one transaction (CSVImporter.run): a run cut short leaves nothing, and a
    second run of the same file changes nothing, so the job may run again after a crash. The
    uploaded file is deleted by the job framework once the job has ended."""
    with job.input_file.open("rb") as upload:
        data = upload.read()
    importer = YoungPeopleImporter(
        municipality=job.municipality,
        acting_user=job.created_by,
        file_name=job.params.get("file_name", ""),
    )
    result = importer.run(data, progress)
    if result["errors"]:
        raise JobFailedError(result)
    return result


# Deleting a young person deletes their whole record with them (activities, plans, statuses,
# applications, placements: every table refers to the person with CASCADE); what the
# statistics need is kept only as aggregates.
retention_kind(
    "people.young_person_aged_out",
    label=gettext_lazy("Unge, der er fyldt 30"),
    legal_source=gettext_lazy(
        "Ungegarantien gælder til det fyldte 30. år; derefter er formålet med den unges "
        "forløb opfyldt, og oplysningerne slettes (GDPR art. 5, stk. 1, litra e). Perioden "
        "regnes fra 30-årsdagen, så årets statistik og forskningsudtræk kan nå at blive lavet. "
        "En ung slettes først, når adgangsloggen over opslag på den unge selv er slettet."
    ),
    default_days=365,
    expired=lambda municipality, cutoff: young_people_erasable(
        young_people_past_the_guarantee(municipality=municipality, on=cutoff.date())
    ),
)
