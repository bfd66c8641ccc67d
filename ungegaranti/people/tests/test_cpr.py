"""A CPR number never shows its digits by accident: not in str(), repr(), a container's repr, a
log line, a traceback's locals or an error message. Only `reveal()` gives them out."""

import base64
import hashlib
import hmac
import logging
from datetime import date

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from stdnum.exceptions import ValidationError

from ..cpr import CPR, CPRError, cpr_digest, decrypt_cpr, encrypt_cpr, parse_cpr, synthetic_cpr

DIGITS = "1503141234"


def _shown_anywhere(cpr: CPR) -> list[str]:
    return [
        str(cpr),
        repr(cpr),
        f"{cpr}",
        f"{cpr!r}",
        repr([cpr]),
        repr({"cpr": cpr}),
        repr((cpr,)),
        "%s %r" % (cpr, cpr),  # noqa: UP031 (the logging style)
    ]


def test_a_cpr_is_masked_in_every_text_it_is_turned_into():
    cpr = CPR(DIGITS)
    assert str(cpr) == repr(cpr) == "CPR(******-****)"
    for text in _shown_anywhere(cpr):
        assert text.count("CPR(******-****)") >= 1, text
        assert DIGITS[:6] not in text and DIGITS[6:] not in text, text
    assert cpr.reveal() == "150314-1234"


def test_a_logged_cpr_is_masked(caplog):
    cpr = synthetic_cpr(date(2012, 3, 15), 7, male=True)
    with caplog.at_level(logging.INFO):
        logging.getLogger("ungegaranti.test").info("opslag på %r og %s", cpr, cpr)
    assert cpr.digits not in caplog.text and cpr.digits[:6] not in caplog.text
    assert "CPR(******-****)" in caplog.text


@pytest.mark.parametrize("value", ["150314-123", "320114-1234", "15031412345", "abcdefghij"])
def test_a_bad_cpr_is_refused_without_its_digits_in_the_message(value):
    with pytest.raises(CPRError) as refused:
        parse_cpr(value)
    assert "CPR-nummer" in str(refused.value)
    assert value[:6] not in str(refused.value)


# --- the messages say which part is wrong (and never the digits) -------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("150314-123", "CPR-nummeret skal have 10 cifre."),
        ("", "CPR-nummeret må kun indeholde cifre (og en bindestreg)."),  # stdnum: no digits
        (None, "CPR-nummeret må kun indeholde cifre (og en bindestreg)."),
        ("15031412a4", "CPR-nummeret må kun indeholde cifre (og en bindestreg)."),
        (
            "320114-1234",
            "CPR-nummerets fødselsdato findes ikke (dato, måned eller århundredeciffer).",
        ),
    ],
)
def test_each_kind_of_bad_cpr_has_its_message(value, message):
    with pytest.raises(CPRError) as refused:
        parse_cpr(value)
    assert str(refused.value) == message


@pytest.mark.parametrize("value", ["150314-1234", "1503141234", " 150314 1234 "])
def test_a_cpr_is_read_with_or_without_the_dash(value):
    assert parse_cpr(value) == CPR(DIGITS)


def test_a_number_that_fails_the_old_modulus_11_check_is_valid():
    """Numbers issued since 1 October 2007 may fail modulus 11 (domain.md, Identifiers)."""
    assert parse_cpr("150314-1235").digits == "1503141235"


# --- protection at rest: encryption and the keyed lookup digest ---------------------------------

# `settings.CPR_ENCRYPTION_KEY` in config/settings/test.py. Digests are stored (cpr_digest
# columns) and looked up by imports and log-in: the derivation must not change, so its value for
# a known key is fixed here. Both keys are HMAC-SHA256 of the secret with their purpose.
TEST_SECRET = "test-cpr-key"


def _derived(purpose: bytes, secret: str = TEST_SECRET) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


def test_the_lookup_digest_is_keyed_with_its_own_derived_key():
    cpr = CPR(DIGITS)
    expected = hmac.new(_derived(b"cpr-lookup"), DIGITS.encode(), hashlib.sha256).hexdigest()
    assert cpr_digest(cpr) == expected
    assert cpr_digest(cpr) != hashlib.sha256(DIGITS.encode()).hexdigest()  # not a plain hash
    assert cpr_digest(CPR("1503141235")) != cpr_digest(cpr)
    with override_settings(CPR_ENCRYPTION_KEY="another-key"):
        assert cpr_digest(cpr) != expected  # without the secret it cannot be recomputed


def test_encryption_round_trips_and_uses_the_derived_encryption_key():
    cpr = CPR(DIGITS)
    token = encrypt_cpr(cpr)
    assert DIGITS not in token
    assert decrypt_cpr(token) == cpr
    key = Fernet(base64.urlsafe_b64encode(_derived(b"cpr-encryption")))
    assert key.decrypt(token.encode()) == DIGITS.encode()
    assert decrypt_cpr(key.encrypt(DIGITS.encode()).decode()) == cpr
    lookup_key = Fernet(base64.urlsafe_b64encode(_derived(b"cpr-lookup")))
    with pytest.raises(InvalidToken):
        lookup_key.decrypt(token.encode())  # the lookup key is not the encryption key


def test_a_token_from_another_secret_is_not_decrypted():
    token = encrypt_cpr(CPR(DIGITS))
    with override_settings(CPR_ENCRYPTION_KEY="another-key"), pytest.raises(InvalidToken):
        decrypt_cpr(token)


def test_without_a_secret_nothing_is_encrypted_or_digested():
    with override_settings(CPR_ENCRYPTION_KEY=""):
        for protect in (encrypt_cpr, cpr_digest):
            with pytest.raises(ImproperlyConfigured, match=r"^CPR_ENCRYPTION_KEY must be set\.$"):
                protect(CPR(DIGITS))


def test_any_other_refusal_by_the_validator_has_the_general_message(monkeypatch):
    """python-stdnum raises a subclass for each known fault; anything else it may raise is still
    a refusal, with a message that holds no digits."""

    def refuse(number):
        raise ValidationError()

    monkeypatch.setattr("ungegaranti.people.cpr.stdnum_cpr.validate", refuse)
    with pytest.raises(CPRError) as refused:
        parse_cpr(DIGITS)
    assert str(refused.value) == "CPR-nummeret er ugyldigt."
