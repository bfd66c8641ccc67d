from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.forms import NoSuffix
from ungegaranti.people.models import SchoolDistrict
from ungegaranti.plans.text import FREE_TEXT_MAX, no_cpr_validator

from .models import ContactLogEntry, Status
from .selectors import AGE_BANDS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorklistFilterForm(NoSuffix, forms.Form):
    alder = forms.ChoiceField(
        label=_("Alder"),
        required=False,
        choices=[("", _("Alle 15-29")), *[(band, f"{band} år") for band in AGE_BANDS]],
    )
    distrikt = forms.ModelChoiceField(
        label=_("Distrikt"),
        required=False,
        queryset=SchoolDistrict.objects.none(),
        empty_label=_("Alle distrikter"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("NONE", _("Ingen status registreret")), *Status.choices],
    )
    vejleder = forms.ChoiceField(label=_("Ungevejleder"), required=False)
    overskredet = forms.BooleanField(label=_("Kun overskredne kontakter"), required=False)
    forladt = forms.BooleanField(label=_("Forlod uddannelse de sidste 90 dage"), required=False)

    def __init__(self, *args: Any, districts: Any, counsellors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["distrikt"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = districts
        counsellor_field = self.fields["vejleder"]
        assert isinstance(counsellor_field, forms.ChoiceField)
        counsellor_field.choices = [
            ("", _("Alle")),
            ("mine", _("Mine")),
            ("none", _("Uden ungevejleder")),
            *[(str(c.pk), c.get_full_name() or c.username) for c in counsellors],
        ]


class StatusForm(NoSuffix, forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Status.choices)
    status_date = forms.DateField(label=_("Statusdato"), widget=_DATE)
    institution = forms.CharField(
        label=_("Sted (valgfrit)"),
        required=False,
        max_length=200,
        help_text=_("Skole, arbejdsplads eller andet sted."),
    )
    note = forms.CharField(
        label=_("Bemærkning (valgfri)"),
        required=False,
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(NoSuffix, forms.Form):
    contact_date = forms.DateField(label=_("Dato"), widget=_DATE)
    kind = forms.ChoiceField(label=_("Kontaktform"), choices=ContactLogEntry.Kind.choices)
    note = forms.CharField(
        label=_("Notat"),
        required=False,
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad talte I om, og hvad blev aftalt? Skriv aldrig CPR-nummer."),
    )
    next_contact_date = forms.DateField(
        label=_("Næste kontakt (valgfri)"), required=False, widget=_DATE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        today = timezone.localdate()
        kwargs["initial"].setdefault("contact_date", today)
        kwargs["initial"].setdefault("next_contact_date", today + timedelta(days=14))
        super().__init__(*args, **kwargs)


class DefinitionForm(NoSuffix, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150)
    effective_date = forms.DateField(label=_("Gælder fra"), widget=_DATE)
    positive_statuses = forms.MultipleChoiceField(
        label=_("Statusser, der tæller som positiv destination"),
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Begrundelse (valgfri)"),
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SelfReportSendForm(NoSuffix, forms.Form):
    email = forms.EmailField(
        label=_("Den unges e-mail"),
        help_text=_("Linket virker én gang, uden login, og udløber efter 30 dage."),
    )


class SelfReportForm(NoSuffix, forms.Form):
    """The three questions: what are you doing now, what would you like, may we contact you."""

    status = forms.ChoiceField(label=_("Hvad laver du nu?"), widget=forms.RadioSelect)
    wish = forms.CharField(
        label=_("Hvad kunne du tænke dig? (valgfrit)"),
        required=False,
        max_length=FREE_TEXT_MAX,
        validators=[no_cpr_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    may_contact = forms.TypedChoiceField(
        label=_("Må en ungevejleder kontakte dig?"),
        choices=[("ja", _("Ja")), ("nej", _("Nej"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .services import SELF_REPORT_STATUSES

        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(s.value), s.label) for s in SELF_REPORT_STATUSES]
