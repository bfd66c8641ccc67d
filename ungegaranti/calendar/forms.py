from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import Track
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import School, SchoolDistrict
from ungegaranti.placement.models import Round

from .models import CalendarItem, Event

GRADE_CHOICES = [(g, _("%(grade)s. klasse") % {"grade": g}) for g in range(0, 11)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ItemFilterForm(forms.Form):
    """The wheel's and the list's filters (GET). Unticked "everything": what concerns me."""

    everything = forms.BooleanField(label=_("Vis hele årshjulet"), required=False)
    track = forms.ChoiceField(label=_("Spor"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *CalendarItem.Kind.choices]
    )
    grade = forms.TypedChoiceField(
        label=_("Klassetrin"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle klassetrin")), *GRADE_CHOICES],
    )
    district = forms.ModelChoiceField(
        label=_("Skoledistrikt"),
        queryset=SchoolDistrict.objects.none(),
        required=False,
        empty_label=_("Alle distrikter"),
        to_field_name="uuid",
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("Alle spor")), *Track.Kind.choices]  # type: ignore[attr-defined]
        self.fields["district"].queryset = SchoolDistrict.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[c for c in CalendarItem.Kind.choices if c[0] != CalendarItem.Kind.EVENT],
    )
    track = forms.ModelChoiceField(label=_("Spor"), queryset=Track.objects.none())
    owner = forms.CharField(
        label=_("Ansvarlig"), max_length=200, help_text=_("Person eller enhed, fx sporansvarlig.")
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    round = forms.ModelChoiceField(
        label=_("Praktikrunde"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("Ingen: punktet har sine egne datoer"),
        help_text=_("Knyttet til en praktikrunde følger punktet rundens datoer."),
    )
    start_date = forms.DateField(label=_("Fra"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("Til"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom: punktet varer én dag."),
    )
    recurrence = forms.ChoiceField(label=_("Gentagelse"), choices=CalendarItem.Recurrence.choices)
    grades = forms.TypedMultipleChoiceField(
        label=_("Klassetrin"),
        choices=GRADE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: alle klassetrin."),
    )
    min_age = forms.IntegerField(label=_("Alder fra"), required=False, min_value=0, max_value=30)
    max_age = forms.IntegerField(label=_("Alder til"), required=False, min_value=0, max_value=30)
    districts = forms.ModelMultipleChoiceField(
        label=_("Skoledistrikter"),
        queryset=SchoolDistrict.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt (og ingen skoler): hele kommunen."),
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Skoler"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["round"].queryset = Round.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["districts"].queryset = SchoolDistrict.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["schools"].queryset = School.objects.filter(municipality=municipality)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("round") and not data.get("start_date") and "start_date" not in self.errors:
            self.add_error("start_date", _("Angiv en fra-dato, eller knyt punktet til en runde."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Til-datoen kan ikke ligge før fra-datoen."))
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("Alder til kan ikke være lavere end alder fra."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["grades"] = list(data.get("grades") or [])
        return data


def item_initial(item: CalendarItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.kind,
        "track": item.track_id,
        "owner": item.owner,
        "description": item.description,
        "round": item.round_id,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "recurrence": item.recurrence,
        "grades": item.grades,
        "min_age": item.min_age,
        "max_age": item.max_age,
        "districts": list(item.districts.all()),
        "schools": list(item.schools.all()),
    }


def form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Event.Kind.choices)
    track = forms.ModelChoiceField(label=_("Spor"), queryset=Track.objects.none())
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200)
    location = forms.CharField(label=_("Sted"), max_length=200)
    start_at = forms.DateTimeField(label=_("Begynder"), widget=DateTimeInput())
    end_at = forms.DateTimeField(label=_("Slutter"), widget=DateTimeInput())
    signup_closes_date = forms.DateField(label=_("Sidste frist for tilmelding"), widget=DateInput())
    places = forms.IntegerField(
        label=_("Pladser"),
        min_value=1,
        help_text=_("Antal deltagere i alt; en klasse fylder en plads pr. elev."),
    )
    waiting_list = forms.BooleanField(
        label=_("Venteliste, når pladserne er taget"), required=False, initial=True
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Klassetrin"),
        choices=GRADE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: alle klassetrin."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Skoledistrikter"),
        queryset=SchoolDistrict.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen valgt: hele kommunen."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["districts"].queryset = SchoolDistrict.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_at"), data.get("end_at")
        if start and end and end < start:
            self.add_error("end_at", _("Arrangementet kan ikke slutte, før det begynder."))
        closes = data.get("signup_closes_date")
        if start and closes and closes > start.date():
            self.add_error(
                "signup_closes_date", _("Tilmeldingen skal lukke senest den dag, arrangementet er.")
            )
        return data


class EventPartnerForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Garantipartner"), queryset=GuaranteePartner.objects.none(), to_field_name="uuid"
    )
    contribution = forms.CharField(
        label=_("Bidrager med"),
        max_length=300,
        help_text=_("Fx en stand, en workshop eller et oplæg."),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
