"""Guards on the free text people write into a record: a sensible length, and never a pasted
CPR number (free text is shown to several professionals and goes into the data download)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.csvimport import mask_cpr

FREE_TEXT_MAX = 2000


def no_cpr_validator(value: str) -> None:
    if mask_cpr(value) != value:
        raise ValidationError(
            _(
                "Teksten ser ud til at indeholde et CPR-nummer (ti cifre). Skriv den uden "
                "CPR-nummer: det må ikke stå i fritekst."
            ),
            code="cpr_in_text",
        )
