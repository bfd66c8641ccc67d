"""Insight's write services: each asks its policy, validates, and leaves an audit event."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record, audit_record

from .models import Budget, ResearchExport, ResearchProject, ResearchVariable
from .permissions import (
    can_export_project,
    can_register_research_project,
    can_set_budget,
    can_use_research_exports,
)
from .research import RESEARCH_EXPORT_JOB, ResearchExportRefusedError, project_key

BUDGET_SET = audit_action("insights.budget.set", _("Budget for Ungegarantien indtastet"))


@transaction.atomic
def budget_set(*, municipality: Any, year: int, amount_dkk: int, acting_user: User) -> Budget:
    """Enter or correct the guarantee's budget for one calendar year."""
    if not can_set_budget(acting_user, municipality):
        raise PermissionDenied
    budget = Budget.objects.select_for_update().filter(
        municipality=municipality, year=year
    ).first() or Budget(municipality=municipality, year=year)
    before = snapshot(budget, ("amount_dkk",)) if budget.pk else {}
    budget.amount_dkk = amount_dkk
    budget.entered_by = acting_user
    budget.full_clean()
    budget.save()
    audit_record(
        actor=acting_user,
        action=BUDGET_SET,
        obj=budget,
        changes=changed(before, snapshot(budget, ("year", "amount_dkk"))),
    )
    return budget


PROJECT_REGISTER = audit_action(
    "insights.research_project.register", _("Forskningsprojekt registreret")
)
EXPORT_REQUEST = audit_action("insights.research_export.request", _("Forskningsudtræk bestilt"))


@transaction.atomic
def research_project_register(
    *,
    municipality: Any,
    name: str,
    data_controller: str,
    purpose: str,
    legal_basis: str,
    approval_reference: str,
    start_date: date,
    end_date: date,
    variables: list[str],
    researchers: list[User],
    acting_user: User,
) -> ResearchProject:
    """Register a project that may receive pseudonymised data, with the approval it rests on,
    its period, the approved variables and the researchers who may order its exports."""
    if not can_register_research_project(acting_user) or (
        acting_user.municipality_id != municipality.pk
    ):
        raise PermissionDenied
    unknown = [v for v in variables if v not in ResearchVariable.values]
    if unknown or not variables:
        raise ValidationError({"variables": _("Vælg mindst én af de godkendte variable.")})
    outsiders = [
        r for r in researchers if r.role != Role.RESEARCHER or r.municipality_id != municipality.pk
    ]
    if outsiders:
        raise ValidationError(
            {"researchers": _("Kun kommunens forskere kan knyttes til projektet.")}
        )
    project = ResearchProject(
        municipality=municipality,
        name=name,
        data_controller=data_controller,
        purpose=purpose,
        legal_basis=legal_basis,
        approval_reference=approval_reference,
        start_date=start_date,
        end_date=end_date,
        variables=[v for v in ResearchVariable.values if v in variables],
        registered_by=acting_user,
    )
    if end_date < start_date:
        raise ValidationError(
            {"end_date": _("Perioden skal slutte samme dag eller efter, den begynder.")}
        )
    project.full_clean()
    project.save()
    project.researchers.set(researchers)
    audit_record(
        actor=acting_user,
        action=PROJECT_REGISTER,
        obj=project,
        changes={
            "name": [None, name],
            "approval_reference": [None, approval_reference],
            "period": [None, f"{start_date.isoformat()}/{end_date.isoformat()}"],
            "variables": [None, project.variables],
            "researchers": [None, sorted(r.username for r in researchers)],
        },
    )
    return project


@transaction.atomic
def research_export_request(
    *, project: ResearchProject, acting_user: User, path: str = ""
) -> ResearchExport:
    """Order an export of a project: refused with the reason (and nothing written) unless the
    researcher is on the project, the project's period includes today and the pseudonym key
    is there. The export itself is built by a background job (tasks.research_export)."""
    if not can_use_research_exports(acting_user):
        raise PermissionDenied
    if not can_export_project(acting_user, project):
        raise ResearchExportRefusedError(
            _("Du er ikke tilknyttet et godkendt forskningsprojekt med dette udtræk.")
        )
    today = timezone.localdate()
    if not project.is_active_on(today):
        raise ResearchExportRefusedError(
            _(
                "Projektets godkendte periode (%(start)s til %(end)s) omfatter ikke i dag; "
                "der kan ikke laves udtræk."
            )
            % {"start": f"{project.start_date:%d.%m.%Y}", "end": f"{project.end_date:%d.%m.%Y}"}
        )
    project_key(project)  # refuses when the key is missing, before anything is written
    export = ResearchExport(
        municipality=project.municipality, project=project, requested_by=acting_user
    )
    export.full_clean()
    export.save()
    export.job = job_enqueue(
        kind=RESEARCH_EXPORT_JOB, acting_user=acting_user, params={"export": export.pk}
    )
    export.save(update_fields=["job", "updated_at"])
    access_log_record(
        user=acting_user,
        action=AccessLogEntry.Action.EXPORT,
        purpose=_("Forskningsudtræk til projektet %(name)s (%(ref)s)")
        % {"name": project.name, "ref": project.approval_reference},
        path=path,
    )
    audit_record(actor=acting_user, action=EXPORT_REQUEST, obj=export)
    return export
