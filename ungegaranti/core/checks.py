from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_data_protection_keys(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """CPR encryption and research pseudonyms need their own secrets, distinct from each other."""
    errors: list[checks.CheckMessage] = []
    if not settings.CPR_ENCRYPTION_KEY:
        errors.append(checks.Error("CPR_ENCRYPTION_KEY is not set.", id="ungegaranti.E001"))
    if not settings.PSEUDONYM_KEY:
        errors.append(checks.Error("PSEUDONYM_KEY is not set.", id="ungegaranti.E002"))
    if settings.PSEUDONYM_KEY and settings.PSEUDONYM_KEY == settings.CPR_ENCRYPTION_KEY:
        errors.append(
            checks.Error(
                "PSEUDONYM_KEY must differ from CPR_ENCRYPTION_KEY.", id="ungegaranti.E003"
            )
        )
    return errors
