"""The OpenID Connect relying party (UNI-Login, MitID through NemLog-in, MitID Erhverv), built
on Authlib: authorization code flow with PKCE (S256), state and nonce kept in the session, the
ID token's signature checked against the provider's JWKS, and its issuer, audience, expiry and
nonce validated."""

from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from joserfc.errors import JoseError
from requests import RequestException

from .config import Route

# Everything that means "this answer from the provider cannot be trusted".
OIDC_ERRORS = (AuthlibBaseError, JoseError, RequestException, KeyError, ValueError)

_oauth = OAuth()


def issuer_for(route: Route, request: HttpRequest) -> str:
    issuer = str(route.options["issuer"])
    if issuer == "local":
        path = reverse("identity_local:oidc_discovery", kwargs={"provider": route.kind})
        return request.build_absolute_uri(path).removesuffix("/.well-known/openid-configuration")
    return issuer.rstrip("/")


def _client(route: Route, request: HttpRequest) -> DjangoOAuth2App:
    issuer = issuer_for(route, request)
    name = f"{route.municipality_code}-{route.kind}-{issuer}"
    client = _oauth.create_client(name)
    if client is None:
        client = _oauth.register(
            name=name,
            client_id=route.options["client_id"],
            client_secret=route.options.get("client_secret", ""),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": route.options.get("scope", "openid"),
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_post",
                "timeout": 10,
            },
        )
    return client


def redirect_uri(route: Route, request: HttpRequest) -> str:
    return request.build_absolute_uri(
        reverse(
            "identity:oidc_callback",
            kwargs={"municipality_code": route.municipality_code, "route": route.kind},
        )
    )


def oidc_start(route: Route, request: HttpRequest) -> HttpResponse:
    return _client(route, request).authorize_redirect(request, redirect_uri(route, request))


def oidc_claims(route: Route, request: HttpRequest) -> dict[str, Any]:
    """The validated ID token's claims; raises one of OIDC_ERRORS on any flaw."""
    client = _client(route, request)
    token = client.authorize_access_token(
        request,
        # Authlib checks the audience only when told to: a token issued to another client that
        # names us as its authorised party (azp) would pass otherwise.
        claims_options={
            "iss": {"essential": True, "values": [client.load_server_metadata()["issuer"]]},
            "aud": {"essential": True, "values": [route.options["client_id"]]},
        },
    )
    if "userinfo" not in token:  # no ID token, or no nonce kept: never accept
        raise ValueError("no validated id_token")
    return dict(token["userinfo"])
