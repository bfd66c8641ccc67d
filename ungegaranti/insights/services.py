"""Insight's write services: each asks its policy, validates, and leaves an audit event."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record

from .models import Budget
from .permissions import can_set_budget

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
