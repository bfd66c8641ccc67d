from django import forms
from django.utils.translation import gettext_lazy as _


class TotpCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Kode fra din app"),
        max_length=7,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Skriv de seks cifre, som din app viser.")},
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Koden er seks cifre, fx 123456."))
        return token
