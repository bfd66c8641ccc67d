from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry


class NoSuffix:
    """Labels without Django's trailing colon (cleaner, and what screen readers read)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


class AccessLogSearchForm(forms.Form):
    username = forms.CharField(label=_("Bruger"), required=False, max_length=150)
    person_name = forms.CharField(label=_("Ung (navn)"), required=False, max_length=100)
    action = forms.ChoiceField(
        label=_("Handling"),
        required=False,
        choices=[("", _("Alle"))] + list(AccessLogEntry.Action.choices),
    )
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RetentionRuleForm(forms.Form):
    period_days = forms.IntegerField(label=_("Opbevaringstid (dage)"), min_value=0)
    enabled = forms.BooleanField(label=_("Slet automatisk"), required=False)
    archive_permission = forms.CharField(
        label=_("Arkivmyndighedens tilladelse"),
        required=False,
        max_length=200,
        help_text=_("Journalnummer eller dato for tilladelsen til at kassere."),
    )


class AccessReviewMarkForm(forms.Form):
    review_note = forms.CharField(
        label=_("Notat"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv i notatet, hvad du har undersøgt, og hvad du fandt.")},
    )


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field by name, typed, e.g. to give it choices known only per request."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field
