from typing import Any

from django.db import models

from .cpr import CPR, decrypt_cpr, encrypt_cpr


class EncryptedCPRField(models.TextField):
    """Holds a CPR encrypted at rest (Fernet); Python sees a masked `CPR` value object."""

    _pyi_private_set_type: CPR  # type: ignore[assignment]
    _pyi_private_get_type: CPR  # type: ignore[assignment]

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> CPR | None:
        return None if value is None else decrypt_cpr(value)

    def to_python(self, value: Any) -> CPR | None:
        if value is None or isinstance(value, CPR):
            return value
        return decrypt_cpr(value)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, CPR):
            raise TypeError("EncryptedCPRField takes a CPR value, made by parse_cpr().")
        return encrypt_cpr(value)

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisation (dumpdata, fixtures) must never write the digits.
        return "CPR(******-****)"
