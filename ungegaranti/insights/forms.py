import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role

from .models import ResearchVariable

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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _researcher_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class ResearchProjectForm(forms.Form):
    name = forms.CharField(label=_("Projektets navn"), max_length=200)
    data_controller = forms.CharField(label=_("Dataansvarlig"), max_length=200)
    purpose = forms.CharField(label=_("Formål"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label=_("Retsgrundlag"),
        max_length=300,
        initial=_("Databeskyttelsesloven § 10 (forskning af væsentlig samfundsmæssig betydning)"),
    )
    approval_reference = forms.CharField(
        label=_("Godkendelse (journalnummer)"),
        max_length=100,
        help_text=_("Fx den dataansvarliges eller etisk komités journalnummer."),
    )
    start_date = forms.DateField(label=_("Periode fra"), widget=DateInput())
    end_date = forms.DateField(label=_("Periode til"), widget=DateInput())
    variables = forms.MultipleChoiceField(
        label=_("Godkendte variable"),
        choices=ResearchVariable.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én af de godkendte variable.")},
    )
    researchers = forms.ModelMultipleChoiceField(
        label=_("Forskere, der må bestille udtræk"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én forsker.")},
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["researchers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(
            municipality=municipality, role=Role.RESEARCHER, is_active=True
        ).order_by("username")
        field.label_from_instance = _researcher_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("Perioden skal slutte samme dag eller efter, den begynder.")
            )
        return data
