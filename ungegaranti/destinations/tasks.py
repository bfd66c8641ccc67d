"""Background work of destinations: a batch of self-reports, and the retention of the records
of young people who moved away (core/retention.py)."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from ungegaranti.core.jobs import Progress, job_handler
from ungegaranti.core.models import BackgroundJob
from ungegaranti.core.retention import retention_kind
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import young_people_erasable

from .models import Status
from .selectors import WorklistFilters, self_report_reach
from .services import SELF_REPORTS_JOB, self_report_send

# As for those who turned 30 (people/tasks.py), the person goes with their whole record.
retention_kind(
    "destinations.moved_away",
    label=gettext_lazy("Unge, der er flyttet fra kommunen"),
    legal_source=gettext_lazy(
        "Når en ung flytter, overtager den nye bopælskommune ungeindsatsen, og formålet med "
        "oplysningerne her er opfyldt (GDPR art. 5, stk. 1, litra e). Perioden regnes fra "
        "statusdatoen for fraflytningen; en ung, der flytter tilbage, får en ny status og "
        "slettes ikke. En ung slettes først, når adgangsloggen over opslag på den unge er slettet."
    ),
    default_days=365,
    expired=lambda municipality, cutoff: young_people_erasable(
        YoungPerson.objects.filter(
            municipality=municipality,
            follow_up__current_status=Status.MOVED_AWAY,
            follow_up__status_date__lt=cutoff.date(),
        )
    ),
)


@job_handler(SELF_REPORTS_JOB)
def send_self_reports(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Send the batch a counsellor asked for, one young person at a time, each link and its
    mail in one transaction (a mail server that fails undoes that link only; the job is tried
    again and goes on from there, since those already sent have an open link)."""
    user = job.created_by
    if user is None or not user.is_active:  # the sender has left since: nothing goes out
        return {"summary": gettext("Ingen selvrapporter sendt: afsenderen er ikke længere aktiv.")}
    filters = WorklistFilters(**job.params["filters"])
    people = list(
        self_report_reach(user=user, filters=filters).candidates.select_related("municipality")
    )
    sent = 0
    for done, person in enumerate(people, start=1):
        with transaction.atomic():
            self_report_send(
                young_person=person, email=person.email, acting_user=user, mail_now=True
            )
        sent += 1
        progress(done, len(people))
    return {
        "summary": ngettext(
            "Selvrapporten er sendt til %(n)d ung.",
            "Selvrapporten er sendt til %(n)d unge.",
            sent,
        )
        % {"n": sent},
        "link": reverse("destinations:worklist"),
        "link_label": gettext("Tilbage til arbejdslisten"),
    }
