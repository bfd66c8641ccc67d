import re

from django import forms
from django.utils.translation import gettext_lazy as _

BUDGET_ERROR = _("Angiv budgettet som et positivt beløb i hele kroner, fx 18.000.000.")


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2019, max_value=2100)
    # Text, not a number field: people write "18.000.000" or "18 000 000 kr." as in the budget.
    amount = forms.CharField(
        label=_("Budget (kr.)"), max_length=30, error_messages={"required": BUDGET_ERROR}
    )

    def clean_amount(self) -> int:
        text = self.cleaned_data["amount"].strip()
        text = re.sub(r"\s*(kr\.?|DKK)$", "", text, flags=re.IGNORECASE)
        # Whole kroner, plain or in thousands groups ("18.000.000"); "1.5" or "-3" is no amount.
        if not re.fullmatch(r"\d{1,15}|\d{1,3}([. \xa0]\d{3})+", text):
            raise forms.ValidationError(BUDGET_ERROR)
        amount = int(re.sub(r"\D", "", text))
        if amount <= 0:
            raise forms.ValidationError(BUDGET_ERROR)
        return amount
