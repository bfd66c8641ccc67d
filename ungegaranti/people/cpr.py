"""CPR numbers: validation, derived facts, and protection at rest.

A CPR is checked for its date and century digit (python-stdnum's stdnum.dk.cpr). Numbers issued
since 1 October 2007 may fail the old modulus-11 check and are fully valid, so it is never
applied. The digits never leave this module except through `CPR.reveal()`; `str()` and
`repr()` are masked so a CPR cannot slip into a log line or an error message by accident.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError


class CPRError(ValueError):
    """A CPR that cannot be valid. The message is Danish and never contains the digits."""


@dataclass(frozen=True, slots=True)
class CPR:
    digits: str

    def __str__(self) -> str:
        return "CPR(******-****)"

    def __repr__(self) -> str:
        return "CPR(******-****)"

    def reveal(self) -> str:
        """The digits, for the few places that must show or send them (DDMMYY-SSSS)."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def birth_date(self) -> date:
        return stdnum_cpr.get_birth_date(self.digits)

    @property
    def sex(self) -> str:
        return "M" if int(self.digits[-1]) % 2 else "F"


def parse_cpr(value: str) -> CPR:
    """Return the CPR for `value` (with or without the dash) or raise CPRError."""
    compact = stdnum_cpr.compact(value or "")
    try:
        stdnum_cpr.validate(compact)
    except InvalidLength:
        raise CPRError(_("CPR-nummeret skal have 10 cifre.")) from None
    except InvalidFormat:
        raise CPRError(_("CPR-nummeret må kun indeholde cifre (og en bindestreg).")) from None
    except InvalidComponent:
        raise CPRError(
            _("CPR-nummerets fødselsdato findes ikke (dato, måned eller århundredeciffer).")
        ) from None
    except ValidationError:
        raise CPRError(_("CPR-nummeret er ugyldigt.")) from None
    return CPR(compact)


def _key_material(purpose: bytes) -> bytes:
    secret = settings.CPR_ENCRYPTION_KEY
    if not secret:
        raise ImproperlyConfigured("CPR_ENCRYPTION_KEY must be set.")
    # Separate keys for encryption and lookup, both derived from the one configured secret.
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material(b"cpr-encryption")))


def encrypt_cpr(cpr: CPR) -> str:
    return _fernet(settings.CPR_ENCRYPTION_KEY).encrypt(cpr.digits.encode()).decode()


def decrypt_cpr(token: str) -> CPR:
    return CPR(_fernet(settings.CPR_ENCRYPTION_KEY).decrypt(token.encode()).decode())


def cpr_digest(cpr: CPR) -> str:
    """Keyed HMAC of the CPR: lets imports find a person without decrypting every row."""
    return hmac.new(_key_material(b"cpr-lookup"), cpr.digits.encode(), hashlib.sha256).hexdigest()


def synthetic_cpr(birth_date: date, serial: int, *, male: bool) -> CPR:
    """A well-formed CPR for `birth_date` (for demo data and tests; serial 0-99 per date and sex).

    The 7th digit is chosen so that the century rule gives back `birth_date`'s year.
    """
    year = birth_date.year
    if 1900 <= year <= 1999:
        century_digit = 0
    elif 2000 <= year <= 2036:
        century_digit = 4
    elif 2037 <= year <= 2057:
        century_digit = 5
    else:
        raise ValueError("synthetic_cpr supports birth years 1900-2057")
    if not 0 <= serial <= 99:
        raise ValueError("serial must be 0-99")
    digits = f"{birth_date:%d%m%y}{century_digit}{serial:02d}{1 if male else 2}"
    return CPR(digits)
