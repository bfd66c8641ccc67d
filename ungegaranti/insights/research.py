"""The pseudonymised research export (Databeskyttelsesloven § 10).

Each person gets a pseudonym: a keyed HMAC (PSEUDONYM_KEY) of the CPR lookup digest, so the
same person has the same pseudonym in every export, and nobody without the key can go back
from pseudonym to CPR. It holds no name, CPR, address or support flag; birth year, not date.
"""

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from ungegaranti.people.models import YoungPerson

COLUMNS = ["pseudonym", "foedselsaar", "koen", "postnummer", "skoledistrikt", "klassetrin"]


def pseudonym(cpr_digest: str) -> str:
    key = settings.PSEUDONYM_KEY.encode()
    return hmac.new(key, cpr_digest.encode(), hashlib.sha256).hexdigest()[:32]


def research_rows(*, municipality: Any) -> Iterator[list[str]]:
    people = (
        YoungPerson.objects.filter(municipality=municipality)
        .order_by("cpr_digest")
        .values_list(
            "cpr_digest",
            "birth_date",
            "sex",
            "postal_code",
            "school__district__name",
            "school_class__grade",
        )
    )
    for digest, birth_date, sex, postal_code, district, grade in people.iterator(chunk_size=2000):
        yield [
            pseudonym(digest),
            str(birth_date.year),
            sex,
            postal_code,
            district or "",
            "" if grade is None else str(grade),
        ]
