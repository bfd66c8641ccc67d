"""The public offer search form (GET): every field optional, bad input is simply ignored."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.forms import choice_field
from ungegaranti.core.models import PostalArea
from ungegaranti.partners.models import Sector

from .models import OFFER_TYPES
from .search import SORT_DISTANCE, SORT_NEWEST, SORT_RELEVANCE

RADIUS_CHOICES = [
    ("", _("Kun postnummeret")),
    ("5", _("+ 5 km")),
    ("10", _("+ 10 km")),
    ("25", _("+ 25 km")),
    ("50", _("+ 50 km")),
]
SORT_CHOICES = [
    ("", _("Bedste match / nyeste")),
    (SORT_RELEVANCE, _("Bedste match")),
    (SORT_DISTANCE, _("Nærmest")),
    (SORT_NEWEST, _("Nyeste")),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søg"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("fx praktik tømrer")}),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *OFFER_TYPES]
    )
    sector = forms.ChoiceField(
        label=_("Branche"), required=False, choices=[("", _("Alle brancher")), *Sector.choices]
    )
    postal_code = forms.ChoiceField(label=_("By eller postnummer"), required=False)
    radius = forms.TypedChoiceField(
        label=_("Afstand"), required=False, choices=RADIUS_CHOICES, coerce=int, empty_value=None
    )
    age = forms.IntegerField(label=_("Alder"), required=False, min_value=6, max_value=29)
    grade = forms.TypedChoiceField(
        label=_("Klassetrin"),
        required=False,
        choices=[("", _("Alle klassetrin"))] + [(str(g), f"{g}.") for g in range(0, 11)],
        coerce=int,
        empty_value=None,
    )
    from_date = forms.DateField(
        label=_("Ledig fra"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    support = forms.BooleanField(label=_("Egnet for unge med støttebehov"), required=False)
    sort = forms.ChoiceField(label=_("Sortering"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, postal_areas: list[PostalArea] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if postal_areas is None:
            postal_areas = list(PostalArea.objects.order_by("code"))
        choice_field(self, "postal_code").choices = [("", _("Hele landet"))] + [
            (area.code, f"{area.code} {area.town}") for area in postal_areas
        ]

    # Shown under "Flere filtre", which starts open when any of them is in use.
    MORE_FILTERS = ("sector", "age", "grade", "from_date", "support", "sort")

    @property
    def more_filters_used(self) -> bool:
        return any(self.data.get(name) for name in self.MORE_FILTERS)

    def search_arguments(self) -> dict[str, Any]:
        """The valid fields as keyword arguments for offers_search; invalid ones are dropped so
        a bad value in one field never empties the whole search."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "type": data.get("type") or "",
            "sector": data.get("sector") or "",
            "postal_code": data.get("postal_code") or "",
            "radius_km": data.get("radius"),
            "age": data.get("age"),
            "grade": data.get("grade"),
            "from_date": data.get("from_date"),
            "suits_support_needs": bool(data.get("support")),
            "sort": data.get("sort") or "",
        }
