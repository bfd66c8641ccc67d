"""Masking of what could be a CPR number (core.masking), used by the access log and imports."""

import pytest

from ungegaranti.core.masking import mask_cpr


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("x 010110-4123 y 0101104123", "x [CPR] y [CPR]"),
        ("Anna 010110-4123", "Anna [CPR]"),
        ("0101104123456", "[CPR]456"),  # ten digits inside a longer number are masked too
        ("010110 4123", "010110 4123"),  # a space is not a CPR's dash
        ("01011-04123", "01011-04123"),  # the dash only after six digits
        ("123456789", "123456789"),  # nine digits
        ("9800 Hjørring", "9800 Hjørring"),
        ("", ""),
    ],
)
def test_what_looks_like_a_cpr_is_masked(text, masked):
    assert mask_cpr(text) == masked
