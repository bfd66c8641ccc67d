from django.urls import path

from . import views

app_name = "identity"
urlpatterns = [
    path("log-ind/<str:municipality_code>/<str:route>/", views.start, name="start"),
    path(
        "log-ind/<str:municipality_code>/<str:route>/svar/",
        views.oidc_callback,
        name="oidc_callback",
    ),
    path("saml/<str:municipality_code>/acs/", views.saml_acs, name="saml_acs"),
    path("saml/<str:municipality_code>/metadata/", views.saml_metadata, name="saml_metadata"),
    path("konto/sikkerhed/", views.account_security, name="account_security"),
    path("konto/totp/opret/", views.totp_enrol, name="totp_enrol"),
    path("konto/totp/", views.totp_verify, name="totp_verify"),
    path("konto/log-ud-overalt/", views.logout_everywhere, name="logout_everywhere"),
]
