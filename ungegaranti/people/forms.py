from django import forms
from django.utils.translation import gettext_lazy as _


class YoungPersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søg på navn, skole eller CPR-nummer"), required=False, max_length=100
    )
    klasse = forms.UUIDField(required=False, widget=forms.HiddenInput)
