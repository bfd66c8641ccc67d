"""The login routes each municipality has configured (settings.IDENTITY_ROUTES).

    IDENTITY_ROUTES = {
        "860": {
            "unilogin": {"issuer": "https://broker.unilogin.dk/auth/realms/broker",
                         "client_id": "...", "client_secret": "..."},
            "mitid": {"issuer": "...", "client_id": "...", "client_secret": "..."},
            "mitid_erhverv": {"issuer": "...", "client_id": "...", "client_secret": "..."},
            "kombit": {"idp_metadata": "/etc/ungegaranti/kombit-idp.xml", "cvr": "29189919",
                       "sp_key": "...pem", "sp_cert": "...pem"},
        },
    }

A route that is not configured for a municipality is simply not offered. "issuer": "local"
points an OIDC route at the local provider of ungegaranti.identity.local (development, tests);
"idp_metadata": "local" does the same for the SAML route. See docs/identity.md.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.models import Municipality

UNILOGIN = "unilogin"
MITID = "mitid"
MITID_ERHVERV = "mitid_erhverv"
KOMBIT = "kombit"
OIDC_ROUTES = (UNILOGIN, MITID, MITID_ERHVERV)
ROUTES = (*OIDC_ROUTES, KOMBIT)

ROUTE_LABELS = {
    UNILOGIN: _("UNI-Login"),
    MITID: _("MitID"),
    MITID_ERHVERV: _("MitID Erhverv"),
    KOMBIT: _("Kommunalt login (KOMBIT)"),
}
ROUTE_AUDIENCE = {
    UNILOGIN: _("Elever og skolens ansatte"),
    MITID: _("Unge fra 15 år og forældre"),
    MITID_ERHVERV: _("Kontaktpersoner hos garantipartnere"),
    KOMBIT: _("Kommunens medarbejdere"),
}

# Claim names as the real brokers send them; a route's "claims" setting may override each.
DEFAULT_CLAIMS = {
    UNILOGIN: {"uni_id": "uniid", "group": "aktoer_gruppe", "loa": "loa"},
    MITID: {
        "cpr": "https://data.gov.dk/model/core/eid/cprNumber",
        "loa": "https://data.gov.dk/concept/core/nsis/loa",
    },
    MITID_ERHVERV: {
        "cvr": "https://data.gov.dk/model/core/eid/professional/cvr",
        "email": "https://data.gov.dk/model/core/eid/email",
        "loa": "https://data.gov.dk/concept/core/nsis/loa",
    },
}


@dataclass(frozen=True)
class Route:
    municipality_code: str
    kind: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(ROUTE_LABELS[self.kind])

    @property
    def audience(self) -> str:
        return str(ROUTE_AUDIENCE[self.kind])

    @property
    def is_local(self) -> bool:
        return "local" in (self.options.get("issuer"), self.options.get("idp_metadata"))

    def claim(self, name: str) -> str:
        return str(self.options.get("claims", {}).get(name, DEFAULT_CLAIMS[self.kind][name]))

    @property
    def contact(self) -> str:
        """Whom a person with no match should contact (Danish, set by the municipality)."""
        return str(self.options.get("contact", ""))


def routes_for(municipality_code: str) -> list[Route]:
    configured = getattr(settings, "IDENTITY_ROUTES", {}).get(municipality_code, {})
    return [
        Route(municipality_code, kind, dict(configured[kind]))
        for kind in ROUTES
        if kind in configured
    ]


def route_for(municipality_code: str, kind: str) -> Route | None:
    return next((r for r in routes_for(municipality_code) if r.kind == kind), None)


def municipalities_with_routes() -> list[tuple[Municipality, list[Route]]]:
    codes = list(getattr(settings, "IDENTITY_ROUTES", {}))
    return [
        (municipality, routes_for(municipality.code))
        for municipality in Municipality.objects.filter(code__in=codes).order_by("name")
        if routes_for(municipality.code)
    ]
