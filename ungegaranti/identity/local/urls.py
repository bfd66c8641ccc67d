from django.urls import path

from . import views

app_name = "identity_local"
urlpatterns = [
    path(
        "lokal-idp/<str:provider>/.well-known/openid-configuration",
        views.discovery,
        name="oidc_discovery",
    ),
    path("lokal-idp/<str:provider>/authorize", views.authorize, name="oidc_authorize"),
    path("lokal-idp/<str:provider>/token", views.token, name="oidc_token"),
    path("lokal-idp/<str:provider>/jwks", views.jwks, name="oidc_jwks"),
    path("lokal-idp/saml/metadata", views.saml_metadata, name="saml_metadata"),
    path("lokal-idp/saml/sso", views.saml_sso, name="saml_sso"),
]
