from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ungegaranti.people.models import SchoolDistrict

from .models import MAX_WISHES, WORK_EXPERIENCE_GRADES
from .wording import offer_name, short_title


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
        label=_("Lodtrækningsnummer (seed)"),
        min_value=0,
        required=False,
        help_text=_(
            "Samme nummer giver samme resultat, så kørslen kan efterprøves. "
            "Lad feltet stå tomt: så vælges et nummer og gemmes med runden."
        ),
    )
    district = forms.ModelChoiceField(
        label=_("Skoledistrikt"),
        queryset=SchoolDistrict.objects.none(),
        required=False,
        empty_label=_("Hele kommunen"),
    )

    def __init__(
        self, *args: Any, districts: QuerySet[SchoolDistrict] | None, **kwargs: Any
    ) -> None:
        """districts: those the user may choose among, or None when the round is always for
        the user's own district (the view asks the policy)."""
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        if districts is None:
            del self.fields["district"]
        elif isinstance(field, forms.ModelChoiceField):
            field.queryset = districts


class OfferSeatsForm(forms.Form):
    """One number per candidate offer: the seats it has in the round (0 = not in the round).
    `rows` pairs each field with its offer and period, for a table."""

    def __init__(
        self,
        *args: Any,
        candidates: list,
        current: dict[str, int],
        towns: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.rows = []
        towns = towns or {}
        for offer, period in candidates:
            name = f"seats_{offer.uuid}"
            self.fields[name] = forms.IntegerField(
                label=f"{short_title(offer.title)} – {offer.partner.name}",
                min_value=0,
                max_value=period.seats_left,
                initial=current.get(str(offer.uuid), 0),
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.rows.append(
                {
                    "field": self[name],
                    "offer": offer,
                    "period": period,
                    "town": towns.get(offer.postal_code, ""),
                }
            )

    def seats(self) -> dict[str, int]:
        return {
            str(offer.uuid): self.cleaned_data.get(f"seats_{offer.uuid}") or 0
            for offer, _period in self.candidates
        }


class OfferSelect(forms.Select):
    """A select whose options for offers the pupil cannot wish are shown but disabled."""

    def __init__(self, *args: Any, disabled: frozenset[str] = frozenset(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.disabled = disabled

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.disabled and not option["selected"]:
            option["attrs"]["disabled"] = True
        return option


class WishForm(forms.Form):
    """Five ranked choices among the round's offers, each named by job, company and town
    ("Mekaniker – Larsen & Toft, Sindal") so that two alike stay apart on a narrow screen."""

    def __init__(
        self,
        *args: Any,
        round_offers: list,
        initial_uuids: list[str],
        towns: dict[str, str] | None = None,
        refused: frozenset[str] = frozenset(),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        towns = towns or {}
        choices = [("", _("– intet ønske –"))] + [
            (str(ro.uuid), offer_name(ro.offer, towns.get(ro.offer.postal_code, "")))
            for ro in round_offers
        ]
        for rank in range(1, MAX_WISHES + 1):
            self.fields[f"wish_{rank}"] = forms.ChoiceField(
                label=_("%(rank)s. ønske") % {"rank": rank},
                choices=choices,
                required=False,
                initial=initial_uuids[rank - 1] if rank <= len(initial_uuids) else "",
                widget=OfferSelect(disabled=refused),
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


class PupilFilterForm(forms.Form):
    """Narrows the round's pupil list (GET): school, class, and who has not wished, is locked,
    gets extra support or (once published) has no place."""

    NOT_WISHED = "ikke-oensket"
    LOCKED = "laast"
    SUPPORT = "stoette"
    UNPLACED = "uden-plads"

    def __init__(self, *args: Any, classes: list, published: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        schools = {c.school.uuid: c.school.name for c in classes}
        show = [("", _("Alle elever")), (self.NOT_WISHED, _("Har ikke ønsket"))]
        if published:
            show.append((self.UNPLACED, _("Uden plads")))
        else:
            show.append((self.LOCKED, _("Låst til en plads")))
        show.append((self.SUPPORT, _("Får ekstra støtte")))
        self.fields["skole"] = forms.ChoiceField(
            label=_("Skole"),
            required=False,
            choices=[("", _("Alle skoler"))]
            + [(str(key), name) for key, name in sorted(schools.items(), key=lambda s: s[1])],
        )
        self.fields["klasse"] = forms.ChoiceField(
            label=_("Klasse"),
            required=False,
            choices=[("", _("Alle klasser"))]
            + [(str(c.uuid), f"{c.name}, {c.school.name}") for c in classes],
        )
        self.fields["vis"] = forms.ChoiceField(label=_("Vis"), required=False, choices=show)

    def filters(self) -> dict[str, str]:
        """The valid filters ("" where none or invalid)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) or "" for key in ("skole", "klasse", "vis")}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class SeatOfferForm(forms.Form):
    """A partner's answer through a campaign link: seats, days and times."""

    seats = forms.IntegerField(label=_("Antal elever I kan tage"), min_value=1, max_value=20)
    start_date = forms.DateField(label=_("Første dag"), widget=DateInput())
    end_date = forms.DateField(label=_("Sidste dag"), widget=DateInput())
    day_starts_at = forms.TimeField(label=_("Dagen begynder kl."), widget=TimeInput())
    day_ends_at = forms.TimeField(label=_("Dagen slutter kl."), widget=TimeInput())
    break_minutes = forms.IntegerField(
        label=_("Pause (minutter)"),
        min_value=0,
        max_value=240,
        initial=30,
        help_text=_("Unge under 18 år skal have mindst 30 minutters pause efter 4½ times arbejde."),
    )
    tasks = forms.CharField(
        label=_("Opgaver eleven skal prøve"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    light_work = forms.BooleanField(
        label=_("Arbejdet er let og ufarligt (ingen farlige maskiner, stoffer eller tunge løft)"),
        required=False,
        help_text=_("Kræves for elever i grundskolen."),
    )


class OwnPlaceForm(forms.Form):
    """A place the pupil found themself."""

    company_name = forms.CharField(label=_("Virksomhedens navn"), max_length=200)
    cvr = forms.CharField(
        label=_("CVR-nummer"),
        max_length=11,
        help_text=_("8 cifre. Find det på virk.dk eller på virksomhedens hjemmeside."),
    )
    address = forms.CharField(label=_("Arbejdsstedets adresse"), max_length=200)
    postal_code = forms.RegexField(
        label=_("Postnummer"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Postnummeret skal være 4 cifre.")},
    )
    start_date = forms.DateField(label=_("Første dag"), widget=DateInput())
    end_date = forms.DateField(label=_("Sidste dag"), widget=DateInput())
    day_starts_at = forms.TimeField(label=_("Dagen begynder kl."), widget=TimeInput())
    day_ends_at = forms.TimeField(label=_("Dagen slutter kl."), widget=TimeInput())
    break_minutes = forms.IntegerField(
        label=_("Pause (minutter)"), min_value=0, max_value=240, initial=30
    )
    tasks = forms.CharField(
        label=_("Opgaver"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    light_work = forms.BooleanField(
        label=_("Arbejdet er let og ufarligt (ingen farlige maskiner, stoffer eller tunge løft)"),
        required=False,
    )
    contact_name = forms.CharField(label=_("Kontaktperson i virksomheden"), max_length=200)
    contact_email = forms.EmailField(label=_("Kontaktpersonens e-mail"))
    contact_phone = forms.CharField(
        label=_("Kontaktpersonens telefon"), max_length=20, required=False
    )


class OwnPlaceDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Godkend")), ("reject", _("Afvis"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Begrundelse (ved afvisning)"), max_length=1000, required=False
    )


class IncidentForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("Tidspunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    description = forms.CharField(
        label=_("Hvad skete der?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    injury = forms.BooleanField(label=_("Eleven kom til skade"), required=False)
    treatment = forms.CharField(
        label=_("Behandling (førstehjælp, skadestue, læge)"), max_length=200, required=False
    )
    witnesses = forms.CharField(label=_("Vidner"), max_length=300, required=False)
