"""A local SAML 2.0 IdP standing in for KOMBIT's Context Handler (development and tests only):
pysaml2's own IdP server, signing with a test key made on first run, answering the platform's
signed AuthnRequest with a signed assertion that carries an OIOSAML privilege list."""

import base64
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .keys import key_and_cert

AUTHN_CONTEXT = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


def _settings(request: HttpRequest) -> dict[str, Any]:
    key, cert = (str(p) for p in key_and_cert("saml-idp"))
    sso = request.build_absolute_uri(reverse("identity_local:saml_sso"))
    return {
        "entityid": request.build_absolute_uri(reverse("identity_local:saml_metadata")),
        "xmlsec_binary": getattr(settings, "XMLSEC_BINARY", "/usr/bin/xmlsec1"),
        "key_file": key,
        "cert_file": cert,
        "allow_unknown_attributes": True,
        "service": {
            "idp": {
                "name": "Lokal KOMBIT-test-IdP",
                "endpoints": {"single_sign_on_service": [(sso, BINDING_HTTP_REDIRECT)]},
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": True,
                "sign_assertion": True,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
                "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
            }
        },
    }


def idp_metadata_xml(request: HttpRequest) -> str:
    config = IdPConfig()
    config.load(_settings(request))
    return create_metadata_string(None, config=config, valid=24, sign=False).decode()


def idp_server(request: HttpRequest, sp_metadata: list[str]) -> Server:
    config = IdPConfig()
    config.load({**_settings(request), "metadata": {"inline": sp_metadata}})
    return Server(config=config)


def authn_response(
    server: Server,
    *,
    authn_request: Any,
    subject: str,
    attributes: dict[str, list[str]],
    level_uri: str = AUTHN_CONTEXT,
) -> tuple[str, str]:
    """(base64 SAMLResponse, ACS URL) answering `authn_request` for this persona."""
    binding, destination = server.pick_binding(
        "assertion_consumer_service", bindings=[BINDING_HTTP_POST], request=authn_request
    )
    response = server.create_authn_response(
        identity=attributes,
        in_response_to=authn_request.id,
        destination=destination,
        sp_entity_id=authn_request.issuer.text,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
        authn={"class_ref": level_uri, "authn_auth": server.config.entityid},
        sign_assertion=True,
        sign_response=False,
    )
    return base64.b64encode(str(response).encode()).decode(), destination
