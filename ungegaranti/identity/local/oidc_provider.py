"""A local OpenID Connect provider standing in for UNI-Login, NemLog-in (MitID) and MitID
Erhverv (development and tests only). It speaks the real protocol: authorization code with
PKCE (S256), a signed RS256 ID token with iss/aud/exp/nonce, JWKS and discovery. Its users are
the municipality's own demo personas, each with the identifier the real broker would send."""

import hashlib
import secrets
import time
import uuid
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import RSAKey

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import User
from ungegaranti.partners.models import PartnerContact
from ungegaranti.people.cpr import CPRError, parse_cpr
from ungegaranti.people.models import Guardian, YoungPerson

from ..config import DEFAULT_CLAIMS, MITID, MITID_ERHVERV, UNILOGIN
from ..services import MITID_MIN_AGE, UNILOGIN_STAFF_ROLES
from .keys import key_and_cert

CODE_SECONDS = 60
TOKEN_SECONDS = 300
LEVELS = ("Low", "Substantial", "High")
_PSEUDONYM_NAMESPACE = uuid.UUID("6b1f3a52-0c1e-4d7e-9a55-2f7f3c9b8e10")


@lru_cache(maxsize=1)
def signing_key() -> RSAKey:
    key_path, _cert = key_and_cert("oidc")
    key = RSAKey.import_key(key_path.read_bytes())
    key.ensure_kid()
    return key


def jwks() -> dict[str, Any]:
    return {"keys": [{**signing_key().as_dict(private=False), "use": "sig", "alg": "RS256"}]}


def sign_id_token(claims: dict[str, Any], key: RSAKey | None = None) -> str:
    key = key or signing_key()
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    description: str
    claims: dict[str, Any]


def _pseudonym(value: uuid.UUID) -> str:
    return str(uuid.uuid5(_PSEUDONYM_NAMESPACE, str(value)))


def personas(provider: str, municipality_code: str) -> list[Persona]:
    """The demo people this provider knows in one municipality, the demo logins first."""
    found: list[Persona] = []
    names = DEFAULT_CLAIMS
    if provider == UNILOGIN:
        pupils = (
            YoungPerson.objects.filter(municipality__code=municipality_code)
            .exclude(uni_id="")
            .select_related("school_class", "school")
            .order_by("user", "last_name")[:8]
        )
        for p in pupils:
            where = f"{p.school_class.name}, {p.school}" if p.school_class else ""
            found.append(
                Persona(
                    f"elev:{p.uuid}",
                    p.full_name,
                    f"Elev {where} (UNI-ID {p.uni_id})",
                    {
                        "sub": p.uni_id,
                        names[UNILOGIN]["uni_id"]: p.uni_id,
                        names[UNILOGIN]["group"]: "Elev",
                        "name": p.full_name,
                    },
                )
            )
        staff = User.objects.filter(
            municipality__code=municipality_code, role__in=UNILOGIN_STAFF_ROLES
        ).exclude(uni_id="")[:8]
        for u in staff:
            found.append(
                Persona(
                    f"medarbejder:{u.uuid}",
                    u.get_full_name() or u.username,
                    f"{u.role_label} (UNI-ID {u.uni_id})",
                    {
                        "sub": u.uni_id,
                        names[UNILOGIN]["uni_id"]: u.uni_id,
                        names[UNILOGIN]["group"]: "Medarbejder",
                        "name": u.get_full_name(),
                    },
                )
            )
    elif provider == MITID:
        today = timezone.localdate()
        born_by = add_years(today, -MITID_MIN_AGE)
        people = YoungPerson.objects.filter(
            municipality__code=municipality_code, birth_date__lte=born_by
        ).exclude(user=None)[:6]
        for p in people:
            found.append(
                Persona(
                    f"ung:{p.uuid}",
                    p.full_name,
                    f"Ung, {p.age} år",
                    {
                        "sub": _pseudonym(p.uuid),
                        names[MITID]["cpr"]: p.cpr.digits,
                        "name": p.full_name,
                    },
                )
            )
        guardians = (
            Guardian.objects.filter(municipality__code=municipality_code)
            .exclude(cpr_digest="")
            .prefetch_related("children")
            .order_by("user", "name")[:6]
        )
        for g in guardians:
            children = ", ".join(c.first_name for c in g.children.all())
            found.append(
                Persona(
                    f"foraelder:{g.uuid}",
                    g.name,
                    f"Forælder til {children}",
                    {
                        "sub": _pseudonym(g.uuid),
                        names[MITID]["cpr"]: g.cpr.digits if g.cpr else "",
                        "name": g.name,
                    },
                )
            )
    elif provider == MITID_ERHVERV:
        contacts = (
            PartnerContact.objects.filter(municipality__code=municipality_code)
            .select_related("partner")
            .order_by("user", "name")[:8]
        )
        for c in contacts:
            found.append(
                Persona(
                    f"kontakt:{c.uuid}",
                    c.name,
                    f"{c.partner.name} (CVR {c.partner.cvr})",
                    {
                        "sub": _pseudonym(c.uuid),
                        names[MITID_ERHVERV]["cvr"]: c.partner.cvr,
                        names[MITID_ERHVERV]["email"]: c.email,
                        "name": c.name,
                    },
                )
            )
    return found


def persona_by_cpr(value: str) -> Persona | None:
    """Anyone by CPR, as the MitID test tools allow: for trying a person the platform does not
    know. None if it is no valid CPR."""
    try:
        cpr = parse_cpr(value)
    except CPRError:
        return None
    subject = str(uuid.uuid5(_PSEUDONYM_NAMESPACE, hashlib.sha256(cpr.digits.encode()).hexdigest()))
    return Persona("cpr", "", "", {"sub": subject, DEFAULT_CLAIMS[MITID]["cpr"]: cpr.digits})


def code_issue(
    *, client_id: str, redirect_uri: str, challenge: str, nonce: str, claims: dict[str, Any]
) -> str:
    code = secrets.token_urlsafe(32)
    cache.set(
        f"local-oidc-code:{code}",
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "challenge": challenge,
            "nonce": nonce,
            "claims": claims,
        },
        CODE_SECONDS,
    )
    return code


def s256(verifier: str) -> str:
    return urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def code_redeem(
    *, issuer: str, code: str, client_id: str, redirect_uri: str, verifier: str
) -> dict[str, Any] | None:
    """The token response for a code, once; None if anything does not match."""
    grant = cache.get(f"local-oidc-code:{code}")
    cache.delete(f"local-oidc-code:{code}")
    if (
        grant is None
        or grant["client_id"] != client_id
        or grant["redirect_uri"] != redirect_uri
        or not verifier
        or not secrets.compare_digest(s256(verifier), grant["challenge"])
    ):
        return None
    now = int(time.time())
    claims = {
        **grant["claims"],
        "iss": issuer,
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "nonce": grant["nonce"],
        "auth_time": now,
    }
    return {
        "access_token": secrets.token_urlsafe(24),
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "id_token": sign_id_token(claims),
    }
