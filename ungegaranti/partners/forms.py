from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Sector


class PartnerSearchForm(forms.Form):
    name = forms.CharField(label=_("Navn"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Branche"),
        required=False,
        choices=[("", _("Alle brancher"))] + list(Sector.choices),
    )
    town = forms.ChoiceField(label=_("By"), required=False)

    def __init__(self, *args: Any, towns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town = self.fields["town"]
        assert isinstance(town, forms.ChoiceField)
        town.choices = [("", _("Alle byer")), *towns]
