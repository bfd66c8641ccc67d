"""Pages of the local identity providers: each shows the demo personas to log in as, then
answers the platform as the real broker would (development and tests only)."""

import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from saml2 import BINDING_HTTP_REDIRECT

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role

from ..config import DEFAULT_CLAIMS, KOMBIT, MITID, OIDC_ROUTES, ROUTE_LABELS, Route, routes_for
from ..kombit import CVR_SCOPE_PREFIX, DEFAULT_ROLES, Privilege, privileges_encode
from ..oidc import issuer_for, redirect_uri
from ..saml import LOA_ATTRIBUTE, NAME_ATTRIBUTES, sp_entity_id, sp_metadata_xml
from . import oidc_provider
from .saml_idp import authn_response, idp_metadata_xml, idp_server

LEVEL_LABELS = {"Low": "Lav", "Substantial": "Betydelig", "High": "Høj"}


def _local_routes(kind: str) -> list[Route]:
    return [
        route
        for code in getattr(settings, "IDENTITY_ROUTES", {})
        for route in routes_for(code)
        if route.kind == kind and route.is_local
    ]


def _oidc_route(provider: str, client_id: str) -> Route:
    if provider not in OIDC_ROUTES:
        raise Http404
    for route in _local_routes(provider):
        if route.options.get("client_id") == client_id:
            return route
    raise Http404


def discovery(request: HttpRequest, provider: str) -> JsonResponse:
    if provider not in OIDC_ROUTES:
        raise Http404
    base = request.build_absolute_uri(
        reverse("identity_local:oidc_discovery", kwargs={"provider": provider})
    )
    issuer = base.removesuffix("/.well-known/openid-configuration")
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": request.build_absolute_uri(
                reverse("identity_local:oidc_authorize", kwargs={"provider": provider})
            ),
            "token_endpoint": request.build_absolute_uri(
                reverse("identity_local:oidc_token", kwargs={"provider": provider})
            ),
            "jwks_uri": request.build_absolute_uri(
                reverse("identity_local:oidc_jwks", kwargs={"provider": provider})
            ),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "scopes_supported": ["openid"],
        }
    )


def jwks(request: HttpRequest, provider: str) -> JsonResponse:
    if provider not in OIDC_ROUTES:
        raise Http404
    return JsonResponse(oidc_provider.jwks())


def authorize(request: HttpRequest, provider: str) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    route = _oidc_route(provider, params.get("client_id", ""))
    expected = redirect_uri(route, request)
    if params.get("redirect_uri") != expected:
        return HttpResponseBadRequest("redirect_uri er ikke registreret for klienten.")
    if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256":
        return HttpResponseBadRequest("Kun authorization code med PKCE (S256) understøttes.")
    personas = oidc_provider.personas(provider, route.municipality_code)
    if request.method == "POST":
        chosen = next((p for p in personas if p.key == params.get("persona")), None)
        if provider == MITID and params.get("persona") == "cpr":
            chosen = oidc_provider.persona_by_cpr(params.get("cpr", ""))
        level = params.get("level", "Substantial")
        if chosen is None or level not in oidc_provider.LEVELS:
            return HttpResponseBadRequest("Vælg en person og et sikringsniveau.")
        loa_claim = DEFAULT_CLAIMS[provider]["loa"]
        loa = (
            f"https://data.gov.dk/concept/core/nsis/loa/{level}"
            if provider != "unilogin"
            else level
        )
        code = oidc_provider.code_issue(
            client_id=route.options["client_id"],
            redirect_uri=expected,
            challenge=params.get("code_challenge", ""),
            nonce=params.get("nonce", ""),
            claims={**chosen.claims, loa_claim: loa},
        )
        query = {"code": code, "state": params.get("state", "")}
        return redirect(f"{expected}?{urlencode(query)}")
    return render(
        request,
        "identity/local/authorize.html",
        {
            "provider_label": ROUTE_LABELS[provider],
            "personas": personas,
            "params": {
                k: params.get(k, "")
                for k in (
                    "client_id",
                    "redirect_uri",
                    "response_type",
                    "scope",
                    "state",
                    "nonce",
                    "code_challenge",
                    "code_challenge_method",
                )
            },
            "levels": [(level, LEVEL_LABELS[level]) for level in oidc_provider.LEVELS],
            "free_cpr": provider == MITID,
        },
    )


@csrf_exempt  # a back-channel call from the relying party, authenticated by its client secret
@require_POST
def token(request: HttpRequest, provider: str) -> JsonResponse:
    route = _oidc_route(provider, request.POST.get("client_id", ""))
    if not secrets.compare_digest(
        request.POST.get("client_secret", ""), str(route.options.get("client_secret", ""))
    ):
        return JsonResponse({"error": "invalid_client"}, status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return JsonResponse({"error": "unsupported_grant_type"}, status=400)
    answer = oidc_provider.code_redeem(
        issuer=issuer_for(route, request),
        code=request.POST.get("code", ""),
        client_id=route.options["client_id"],
        redirect_uri=request.POST.get("redirect_uri", ""),
        verifier=request.POST.get("code_verifier", ""),
    )
    if answer is None:
        return JsonResponse({"error": "invalid_grant"}, status=400)
    return JsonResponse(answer)


def saml_metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(idp_metadata_xml(request), content_type="application/samlmetadata+xml")


KOMBIT_PERSONA_ROLES = {role: uri for uri, role in DEFAULT_ROLES.items()}


@dataclass
class StaffPersona:
    key: str
    name: str
    description: str
    subject: str
    privileges: list[Privilege]
    user: User


def _kombit_personas(route: Route) -> list[StaffPersona]:
    """The municipality's staff demo logins, each with the KOMBIT role and data restriction
    their scope would have in FK Administration."""
    users = (
        User.objects.filter(
            municipality__code=route.municipality_code, role__in=list(KOMBIT_PERSONA_ROLES)
        )
        .select_related("school", "district")
        .order_by("role", "username")[:10]
    )
    scope = f"{CVR_SCOPE_PREFIX}{route.options.get('cvr', '')}"
    found = []
    for user in users:
        organisations = tuple(str(o.uuid) for o in (user.school, user.district) if o is not None)
        found.append(
            StaffPersona(
                key=str(user.uuid),
                name=user.get_full_name() or user.username,
                description=f"{user.role_label}"
                + (f" – {user.school or user.district}" if organisations else ""),
                subject=f"urn:uuid:{user.uuid}",
                privileges=[Privilege(KOMBIT_PERSONA_ROLES[Role(user.role)], scope, organisations)],
                user=user,
            )
        )
    return found


def saml_sso(request: HttpRequest) -> HttpResponse:
    routes = _local_routes(KOMBIT)
    if not routes:
        raise Http404
    server = idp_server(request, [sp_metadata_xml(route, request) for route in routes])
    # The persona form carries the original signed redirect query back to us.
    query = (
        json.loads(request.POST.get("query", "{}"))
        if request.method == "POST"
        else request.GET.dict()
    )
    try:
        parsed = server.parse_authn_request(
            query.get("SAMLRequest", ""),
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
    except Exception:  # noqa: BLE001  (pysaml2 raises many kinds on a bad request)
        return HttpResponseBadRequest("AuthnRequest kunne ikke læses eller er ikke signeret.")
    authn_request = parsed.message
    route = next(
        (r for r in routes if authn_request.issuer.text == sp_entity_id(r, request)),
        None,
    )
    if route is None:
        raise Http404
    personas = _kombit_personas(route)
    if request.method == "POST":
        chosen = next((p for p in personas if p.key == request.POST.get("persona")), None)
        if chosen is None:
            return HttpResponseBadRequest("Vælg en medarbejder.")
        user = chosen.user
        attributes = {
            NAME_ATTRIBUTES["first_name"]: [user.first_name],
            NAME_ATTRIBUTES["last_name"]: [user.last_name],
            NAME_ATTRIBUTES["email"]: [user.email],
            LOA_ATTRIBUTE: ["Substantial"],
            "https://data.gov.dk/model/core/eid/privilegesIntermediate": [
                privileges_encode(chosen.privileges)
            ],
        }
        response, destination = authn_response(
            server,
            authn_request=authn_request,
            subject=chosen.subject,
            attributes=attributes,
        )
        return render(
            request,
            "identity/local/saml_post.html",
            {
                "destination": destination,
                "saml_response": response,
                "relay_state": query.get("RelayState", ""),
            },
        )
    return render(
        request,
        "identity/local/saml_sso.html",
        {
            "personas": personas,
            "query": json.dumps(query),
            "municipality_code": route.municipality_code,
        },
    )
