"""A CPR number never shows its digits by accident: not in str(), repr(), a container's repr, a
log line, a traceback's locals or an error message. Only `reveal()` gives them out."""

import logging
from datetime import date

import pytest

from ..cpr import CPR, CPRError, parse_cpr, synthetic_cpr

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
