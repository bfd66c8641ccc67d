from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.forms import NoSuffix
from ungegaranti.core.models import User

from .models import (
    PLAN_LINE_MAX,
    Activity,
    ActivityComment,
    CareerLearningSetting,
    ClassActivity,
    Goal,
    PlanWish,
    Stage,
)
from .text import FREE_TEXT_MAX, no_cpr_validator


def _text_area(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReflectionForm(NoSuffix, forms.Form):
    reflection_before = _text_area(
        _("Før: Hvad forventer du?"), _("Hvad tror du, du skal lave og lære?")
    )
    reflection_during = _text_area(
        _("Under: Hvad lavede du?"), _("Hvad skete der, og hvad lagde du mærke til?")
    )
    reflection_after = _text_area(
        _("Efter: Hvad tager du med dig?"),
        _("Hvad har du lært om dig selv, og hvad vil du gerne prøve nu?"),
    )

    @classmethod
    def for_activity(cls, activity: Activity, data: object = None) -> "ReflectionForm":
        return cls(
            data,  # type: ignore[arg-type]
            initial={
                "reflection_before": activity.reflection_before,
                "reflection_during": activity.reflection_during,
                "reflection_after": activity.reflection_after,
            },
        )


class CommentForm(NoSuffix, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ActivityComment
        fields = ["text"]
        labels = {"text": _("Din kommentar")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class OwnActivityForm(NoSuffix, forms.Form):
    title = forms.CharField(label=_("Hvad lavede du?"), max_length=200)
    start_date = forms.DateField(
        label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    stage = forms.ChoiceField(
        label=_("Hvor er du i din karrierelæring?"),
        choices=Stage.choices,
        help_text=_(
            "Opdage: at se hvad der findes. Ordne: at sammenligne. Fokusere: at vælge, hvad du "
            "vil prøve. Forstå: at vide, hvorfor noget passer til dig."
        ),
    )
    goal = forms.ChoiceField(
        label=_("Hvad gav det dig mest?"),
        choices=Goal.choices,
        help_text=_(
            "Indsigt i dig selv, udsyn til uddannelser og job, eller kompetencer du har øvet."
        ),
    )
    reflection_before = _text_area(_("Før: Hvad forventede du?"))

    def clean_start_date(self):  # type: ignore[no-untyped-def]
        day = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if day > today + timedelta(days=366):
            raise forms.ValidationError(_("Datoen må højst ligge et år frem."))
        if day < today - timedelta(days=366 * 25):
            raise forms.ValidationError(_("Datoen ligger for langt tilbage."))
        return day


class ClassActivityForm(NoSuffix, forms.ModelForm):  # type: ignore[type-arg]
    """Topic, date, hours, stage and goal; the service checks the hours and the school year."""

    class Meta:
        model = ClassActivity
        fields = ["topic", "activity_date", "hours", "stage", "goal", "partner"]
        localized_fields = ["hours"]  # "1,5" in Danish
        labels = {
            "topic": _("Emne"),
            "activity_date": _("Dato"),
            "hours": _("Timer"),
            "stage": _("Fase (Bill Law)"),
            "goal": _("Strategisk mål"),
            "partner": _("Garantipartner (valgfri)"),
        }
        help_texts = {
            "topic": _("Fx «Besøg på Hjørring Erhvervsskole» eller «Mit drømmejob»."),
            "hours": _("Timer med Uddannelse & Job, fx 1,5."),
        }
        widgets = {"activity_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update({"inputmode": "decimal"})
        partner_field = self.fields["partner"]
        assert isinstance(partner_field, forms.ModelChoiceField)
        partner_field.queryset = partners
        partner_field.empty_label = _("Ingen")

    def _post_clean(self) -> None:
        # The service validates and saves the activity (and the pupils' copies).
        pass


class CareerSettingForm(NoSuffix, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CareerLearningSetting
        fields = ["yearly_target_hours"]
        labels = {
            "yearly_target_hours": _("Mål: timer med Uddannelse & Job pr. klassetrin pr. skoleår")
        }


def _plan_line(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=PLAN_LINE_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WishForm(NoSuffix, forms.Form):
    kind = forms.ChoiceField(label=_("Ønske om"), choices=PlanWish.Kind.choices)
    text = _plan_line(
        _("Hvad vil du gerne?"), _("Fx «Tømrer – gerne som lærling i Hjørring» eller «HHX».")
    )


class StatementForm(NoSuffix, forms.Form):
    text = _plan_line(
        _("Min destinationserklæring"),
        _("Det uddannelses- eller jobvalg, du har afklaret: hvad, hvor og hvornår."),
    )


class ProfessionalChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.role_label})"


class StepForm(NoSuffix, forms.Form):
    text = _plan_line(_("Næste skridt"), _("Fx «Søge optagelse på EUX Byggeri senest 1. marts»."))
    responsible = ProfessionalChoiceField(
        label=_("Ansvarlig fagperson"), queryset=User.objects.none()
    )
    due_date = forms.DateField(
        label=_("Senest"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, professionals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = professionals


class PlanCommentForm(NoSuffix, forms.Form):
    text = forms.CharField(
        label=_("Din kommentar til planen"),
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransitionForm(NoSuffix, forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor forventes den unge at få brug for støtte efter 18?"),
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingForm(NoSuffix, forms.Form):
    meeting_date = forms.DateField(
        label=_("Mødedato"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    participants = forms.CharField(
        label=_("Deltagere"),
        help_text=_(
            "Navn og forvaltning, fx «Lone Berg, Familieafdelingen; Ali Demir, Jobcenter»."
        ),
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary = forms.CharField(
        label=_("Referat"),
        required=False,
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(NoSuffix, forms.Form):
    text = _plan_line(_("Aftalt handling"))
    responsible = forms.CharField(
        label=_("Ansvarlig (navn og forvaltning)"), max_length=200, validators=[no_cpr_validator]
    )
    due_date = forms.DateField(
        label=_("Senest"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
