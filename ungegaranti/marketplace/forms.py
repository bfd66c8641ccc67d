from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.forms import NoSuffix, choice_field

from .models import Application, Offer
from .rules import ADULT_AGE
from .services.offers import OFFER_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class OfferForm(NoSuffix, forms.ModelForm):
    """The offer itself; the first period may be given on the same page when creating."""

    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "day_starts_at": TimeInput(format="%H:%M"),
            "day_ends_at": TimeInput(format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("hours_per_day", "hours_per_week"):
            self.fields[name].help_text = _("Kun for arbejde (praktik, job, læreplads).")

    def clean(self) -> dict:
        """Ranges and times that contradict themselves, each on the field to change (the
        database constraints would otherwise speak in constraint names)."""
        data = super().clean() or {}
        get = data.get
        min_age, max_age = get("min_age"), get("max_age")
        if min_age is not None and max_age is not None and max_age < min_age:
            self.add_error(
                "max_age",
                _("Højeste alder skal være mindst %(n)s år (mindste alder).") % {"n": min_age},
            )
        min_grade, max_grade = get("min_grade"), get("max_grade")
        if min_grade is not None and max_grade is not None and max_grade < min_grade:
            self.add_error(
                "max_grade",
                _("Til klassetrin skal være mindst %(n)s (fra klassetrin).") % {"n": min_grade},
            )
        per_day, per_week = get("hours_per_day"), get("hours_per_week")
        if per_day is not None and per_week is not None and per_day > per_week:
            self.add_error(
                "hours_per_day", _("Timer pr. dag kan ikke være flere end timer pr. uge.")
            )
        self._clean_working_day(per_day)
        return data

    def _clean_working_day(self, per_day: Decimal | None) -> None:
        starts, ends = self.cleaned_data.get("day_starts_at"), self.cleaned_data.get("day_ends_at")
        if (starts is None) != (ends is None):
            missing = "day_ends_at" if ends is None else "day_starts_at"
            self.add_error(missing, _("Angiv både hvornår arbejdsdagen begynder og slutter."))
            return
        if starts is None or ends is None:
            return
        if starts == ends:
            self.add_error("day_ends_at", _("Arbejdsdagen skal slutte senere, end den begynder."))
            return
        min_age = self.cleaned_data.get("min_age")
        # 00:00 is midnight at the end of the day (work until 24 in trades allowed it).
        if ends < starts and ends != time(0) and min_age is not None and min_age < ADULT_AGE:
            self.add_error(
                "day_ends_at",
                _(
                    "Arbejdsdagen slutter før den begynder. Unge under 18 år må ikke arbejde om "
                    "natten, så arbejdsdagen skal slutte samme dag."
                ),
            )
            return
        # Over midnight (adults only) the timedelta is negative; .seconds wraps it round.
        span = (datetime.combine(date.min, ends) - datetime.combine(date.min, starts)).seconds
        span_hours = Decimal(span) / 3600
        if per_day is not None and per_day > span_hours:
            self.add_error(
                "hours_per_day",
                _(
                    "%(n)s timer pr. dag kan ikke nås i en arbejdsdag fra %(start)s til %(end)s "
                    "(%(span)s timer)."
                )
                % {
                    "n": f"{per_day.normalize():f}".replace(".", ","),
                    "start": starts.strftime("%H:%M"),
                    "end": ends.strftime("%H:%M"),
                    "span": f"{span_hours.quantize(Decimal('0.1')).normalize():f}".replace(
                        ".", ","
                    ),
                },
            )


class PeriodForm(NoSuffix, forms.Form):
    start_date = forms.DateField(label=_("Fra"), widget=DateInput)
    end_date = forms.DateField(label=_("Til"), widget=DateInput)
    seats = forms.IntegerField(label=_("Pladser"), min_value=1, max_value=10000)


class FirstPeriodForm(PeriodForm):
    """Optional first period when creating an offer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="period", **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self) -> dict:
        data = super().clean() or {}
        given = [data.get(n) for n in ("start_date", "end_date", "seats")]
        if any(v not in (None, "") for v in given) and not all(given):
            raise forms.ValidationError(
                _("Udfyld fra, til og pladser – eller lad alle tre stå tomme.")
            )
        return data


class ApplyForm(NoSuffix, forms.Form):
    period = forms.ChoiceField(label=_("Periode"))
    message = forms.CharField(
        label=_("Besked til virksomheden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv kort, hvem du er, og hvorfor du gerne vil."),
    )
    reply_to = forms.CharField(
        label=_("Svar gerne til (e-mail eller telefon)"), required=False, max_length=200
    )
    share_support_needs = forms.BooleanField(
        label=_("Del med virksomheden, at jeg får ekstra støtte"), required=False
    )

    def __init__(
        self, *args: Any, periods: list, people: list | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = periods
        if people is not None:
            self.fields["young_person"] = forms.ChoiceField(label=_("Den unge"), choices=people)
            self.fields["share_support_needs"].label = _(
                "Del med virksomheden, at den unge får ekstra støtte (aftalt med den unge)"
            )


class BookForm(NoSuffix, forms.Form):
    period = forms.ChoiceField(label=_("Periode"))
    school_class = forms.ChoiceField(label=_("Klasse"))
    message = forms.CharField(
        label=_("Besked til virksomheden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reply_to = forms.CharField(
        label=_("Svar gerne til (e-mail eller telefon)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, periods: list, classes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = periods
        choice_field(self, "school_class").choices = classes


class AnswerForm(NoSuffix, forms.Form):
    answer_message = forms.CharField(
        label=_("Besked til den unge"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, is_booking: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_booking:
            self.fields["answer_message"].label = _("Besked til læreren")


class DeclineForm(NoSuffix, forms.Form):
    reason = forms.ChoiceField(
        label=_("Begrundelse"),
        choices=[("", _("Vælg en begrundelse")), *Application.DeclineReason.choices],
    )
    answer_message = forms.CharField(
        label=_("Besked til den unge"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referred_partner = forms.ChoiceField(
        label=_("Henvis til en anden garantipartner"), required=False
    )
    referred_to_coordinator = forms.BooleanField(
        label=_("Henvis til praktikkoordinator/vejleder"), required=False
    )

    def __init__(self, *args: Any, partners: list, is_booking: bool = False, **kwargs: Any) -> None:
        """`partners`: (uuid, name) choices, or (sector, choices) groups for a long list."""
        super().__init__(*args, **kwargs)
        choice_field(self, "referred_partner").choices = [("", _("Ingen"))] + partners
        if is_booking:
            self.fields["answer_message"].label = _("Besked til læreren")
