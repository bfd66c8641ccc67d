from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ungegaranti.people.models import SchoolDistrict

from .models import MAX_WISHES, WORK_EXPERIENCE_GRADES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150)
    grades = forms.TypedMultipleChoiceField(
        label=_("Klassetrin"),
        choices=[(g, f"{g}. klasse") for g in WORK_EXPERIENCE_GRADES],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Praktik fra"), widget=DateInput())
    end_date = forms.DateField(label=_("Praktik til"), widget=DateInput())
    wish_deadline_date = forms.DateField(label=_("Frist for ønsker"), widget=DateInput())
    max_fallback_km = forms.FloatField(
        label=_("Største afstand for en ledig plads uden for ønskerne (km)"),
        min_value=0,
        initial=25,
        required=False,
        help_text=_("Tom: ingen grænse."),
    )
    seed = forms.IntegerField(
        label=_("Seed (startværdi for lodtrækningen)"),
        min_value=0,
        required=False,
        help_text=_("Tom: afledes af runden og gemmes, så kørslen kan gentages."),
    )
    district = forms.ModelChoiceField(
        label=_("Skoledistrikt"),
        queryset=SchoolDistrict.objects.none(),
        required=False,
        empty_label=_("Hele kommunen"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.role == "SECRETARIAT":
            self.fields["district"].queryset = SchoolDistrict.objects.filter(  # type: ignore[attr-defined]
                municipality_id=user.municipality_id
            )
        else:
            del self.fields["district"]


class OfferSeatsForm(forms.Form):
    """One number per candidate offer: the seats it has in the round (0 = not in the round)."""

    def __init__(self, *args: Any, candidates: list, current: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for offer, period in candidates:
            self.fields[f"seats_{offer.uuid}"] = forms.IntegerField(
                label=_("%(title)s (%(partner)s), %(start)s–%(end)s, %(left)s ledige")
                % {
                    "title": offer.title,
                    "partner": offer.partner.name,
                    "start": f"{period.start_date:%d.%m.}",
                    "end": f"{period.end_date:%d.%m.%Y}",
                    "left": period.seats_left,
                },
                min_value=0,
                max_value=period.seats_left,
                initial=current.get(str(offer.uuid), 0),
                required=False,
            )

    def seats(self) -> dict[str, int]:
        return {
            str(offer.uuid): self.cleaned_data.get(f"seats_{offer.uuid}") or 0
            for offer, _period in self.candidates
        }


class WishForm(forms.Form):
    def __init__(self, *args: Any, round_offers: list, initial_uuids: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("– intet ønske –"))] + [
            (str(ro.uuid), f"{ro.offer.title} ({ro.offer.partner.name}, {ro.offer.postal_code})")
            for ro in round_offers
        ]
        for rank in range(1, MAX_WISHES + 1):
            self.fields[f"wish_{rank}"] = forms.ChoiceField(
                label=_("%(rank)s. ønske") % {"rank": rank},
                choices=choices,
                required=False,
                initial=initial_uuids[rank - 1] if rank <= len(initial_uuids) else "",
            )

    def chosen(self) -> list[str]:
        """The chosen offers in rank order, gaps closed."""
        return [
            self.cleaned_data[f"wish_{rank}"]
            for rank in range(1, MAX_WISHES + 1)
            if self.cleaned_data.get(f"wish_{rank}")
        ]


class LockForm(forms.Form):
    young_person = forms.UUIDField(widget=forms.HiddenInput)
    round_offer = forms.CharField(required=False)
