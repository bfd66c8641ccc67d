"""Background job handlers of placement (run by the worker, core/worker.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from ungegaranti.core.jobs import JobFailedError, Progress, job_handler
from ungegaranti.core.models import BackgroundJob

from .agreements import COMPANY_EMAIL_JOB, company_email
from .campaigns import EMAIL_JOB, invitation_email
from .models import Agreement, Invitation, OwnPlace, Round
from .own_places import PARTNER_INVITE_JOB, partner_invitation_email
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


@job_handler(EMAIL_JOB)
def send_invitation_email(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Send one campaign e-mail (or its reminder). Nothing to send once the partner has
    answered, so a rerun after an answer sends nothing."""
    invitation = (
        Invitation.objects.select_related("campaign__round__municipality", "partner", "contact")
        .filter(pk=job.params["invitation"])
        .first()
    )
    if invitation is None or invitation.answer != Invitation.Answer.PENDING:
        return {"sent": 0}
    subject, text = invitation_email(invitation, reminder=bool(job.params.get("reminder")))
    send_mail(subject, text, None, [invitation.contact.email])
    return {"sent": 1}


@job_handler(PARTNER_INVITE_JOB)
def send_partner_invitation(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Invite an approved own place's company to become a guarantee partner (one e-mail)."""
    own = (
        OwnPlace.objects.select_related("round__municipality", "young_person")
        .filter(pk=job.params["own_place"], status=OwnPlace.Status.APPROVED)
        .first()
    )
    if own is None:
        return {"sent": 0}
    subject, text = partner_invitation_email(own)
    send_mail(subject, text, None, [own.contact_email])
    return {"sent": 1}


@job_handler(COMPANY_EMAIL_JOB)
def send_agreement_company_email(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """The praktikaftale's link to the workplace's contact; nothing once the company has
    confirmed."""
    agreement = (
        Agreement.objects.select_related(
            "placement__round__municipality",
            "placement__young_person__school",
            "placement__young_person__school_class",
            "placement__round_offer__offer__partner",
            "placement__own_place",
        )
        .filter(pk=job.params["agreement"], company_confirmed_at__isnull=True)
        .first()
    )
    if agreement is None:
        return {"sent": 0}
    subject, text = company_email(agreement, reminder=bool(job.params.get("reminder")))
    place = agreement.placement.workplace
    assert place is not None
    send_mail(subject, text, None, [place.contact_email])
    return {"sent": 1}
