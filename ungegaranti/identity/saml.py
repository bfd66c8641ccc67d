"""The SAML 2.0 service provider for KOMBIT's Context Handler (OIOSAML), built on pysaml2:
signed AuthnRequests (HTTP-Redirect), signed assertions required (HTTP-POST), the answer must
reply to a request this session made (InResponseTo; each is used once, so a replayed response
is refused) and be inside its validity window."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from ungegaranti.core.assurance import Level, level_from_claim

from .config import Route
from .kombit import PRIVILEGES_ATTRIBUTES, Privilege, privileges_parse

OUTSTANDING_KEY = "saml_outstanding"
LOA_ATTRIBUTE = "https://data.gov.dk/concept/core/nsis/loa"
NAME_ATTRIBUTES = {
    "first_name": "https://data.gov.dk/model/core/eid/firstName",
    "last_name": "https://data.gov.dk/model/core/eid/lastName",
    "email": "https://data.gov.dk/model/core/eid/email",
}


def _absolute(request: HttpRequest, name: str, code: str) -> str:
    return request.build_absolute_uri(reverse(name, kwargs={"municipality_code": code}))


def sp_entity_id(route: Route, request: HttpRequest) -> str:
    return str(
        route.options.get("entity_id")
        or _absolute(request, "identity:saml_metadata", route.municipality_code)
    )


def sp_settings(route: Route, request: HttpRequest) -> dict[str, Any]:
    if route.is_local or not route.options.get("sp_key"):
        from .local.keys import key_and_cert

        key, cert = (str(p) for p in key_and_cert("saml-sp"))
    else:
        key, cert = str(route.options["sp_key"]), str(route.options["sp_cert"])
    acs = _absolute(request, "identity:saml_acs", route.municipality_code)
    return {
        "entityid": sp_entity_id(route, request),
        "xmlsec_binary": getattr(settings, "XMLSEC_BINARY", "/usr/bin/xmlsec1"),
        "key_file": key,
        "cert_file": cert,
        "encryption_keypairs": [{"key_file": key, "cert_file": cert}],
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "name": "Ungegarantien",
                "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                "authn_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }


def _idp_metadata(route: Route, request: HttpRequest) -> dict[str, Any]:
    source = str(route.options["idp_metadata"])
    if source == "local":
        from .local.saml_idp import idp_metadata_xml

        return {"inline": [idp_metadata_xml(request)]}
    if source.startswith("https://"):
        return {"remote": [{"url": source}]}
    return {"local": [source]}


def sp_client(route: Route, request: HttpRequest) -> Saml2Client:
    config = SPConfig()
    config.load({**sp_settings(route, request), "metadata": _idp_metadata(route, request)})
    return Saml2Client(config=config)


def sp_metadata_xml(route: Route, request: HttpRequest) -> str:
    config = SPConfig()
    config.load(sp_settings(route, request))
    return create_metadata_string(None, config=config, valid=24 * 7, sign=False).decode()


def saml_start_url(route: Route, request: HttpRequest, relay_state: str) -> str:
    client = sp_client(route, request)
    idps = list(client.metadata.with_descriptor("idpsso"))
    request_id, info = client.prepare_for_authenticate(
        entityid=idps[0],
        relay_state=relay_state,
        binding=BINDING_HTTP_REDIRECT,
        sigalg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    outstanding = dict(request.session.get(OUTSTANDING_KEY, {}))
    outstanding[request_id] = route.municipality_code
    request.session[OUTSTANDING_KEY] = outstanding
    return str(dict(info["headers"])["Location"])


def saml_identity(
    route: Route, request: HttpRequest
) -> tuple[str, list[Privilege], dict[str, str], Level]:
    """Validate the posted SAMLResponse; return (subject, privileges, names, level). Any flaw
    raises. The request it answers is struck off first, so it can never be answered twice."""
    outstanding = dict(request.session.get(OUTSTANDING_KEY, {}))
    client = sp_client(route, request)
    response = client.parse_authn_request_response(
        request.POST.get("SAMLResponse", ""), BINDING_HTTP_POST, outstanding=outstanding
    )
    if response is None or response.in_response_to not in outstanding:
        raise ValueError("no answer to a request of this session")
    outstanding.pop(response.in_response_to)
    request.session[OUTSTANDING_KEY] = outstanding
    identity = response.get_identity()
    subject = str(response.get_subject().text or "")
    if not subject:
        raise ValueError("no NameID")
    privileges: list[Privilege] = []
    for name in PRIVILEGES_ATTRIBUTES:
        for value in identity.get(name, []):
            privileges.extend(privileges_parse(value))
    names = {key: (identity.get(attr) or [""])[0] for key, attr in NAME_ATTRIBUTES.items()}
    level = level_from_claim((identity.get(LOA_ATTRIBUTE) or [""])[0]) or Level.LOW
    return subject, privileges, names, level
