"""What could be a CPR number is masked before text is stored or shown: a search term in the
access log, an import's error messages and summary. The pattern is deliberately loose (ten
digits, with or without the dash, anywhere in the text): masking a phone number by mistake is
cheap, leaking a CPR is not. (people.cpr validates real CPR numbers.)"""

import re

CPR_LIKE = re.compile(r"\d{6}-?\d{4}")
CPR_MASK = "[CPR]"


def mask_cpr(text: str) -> str:
    """`text` with anything that looks like a CPR replaced by "[CPR]"."""
    return CPR_LIKE.sub(CPR_MASK, text)
