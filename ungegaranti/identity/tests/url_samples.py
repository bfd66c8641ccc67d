"""Sample URL arguments for the authorization-matrix test (see docs/permissions.md)."""

URL_SAMPLES = {
    # KOMBIT: its start needs no back-channel call to a provider.
    "identity:start": lambda world: {"municipality_code": "860", "route": "kombit"},
    "identity:oidc_callback": lambda world: {"municipality_code": "860", "route": "unilogin"},
    "identity:saml_acs": lambda world: {"municipality_code": "860"},
    "identity:saml_metadata": lambda world: {"municipality_code": "860"},
    "identity_local:oidc_discovery": lambda world: {"provider": "unilogin"},
    "identity_local:oidc_authorize": lambda world: {"provider": "unilogin"},
    "identity_local:oidc_token": lambda world: {"provider": "unilogin"},
    "identity_local:oidc_jwks": lambda world: {"provider": "unilogin"},
}
