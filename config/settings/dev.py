"""Local development: the demo municipality, console e-mail, debug on unless told otherwise."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-6f1c0b6e0d1f4a3c9a7e2b8d5c4f3a21"
CPR_ENCRYPTION_KEY = os.environ.get("CPR_ENCRYPTION_KEY") or "dev-only-cpr-key"
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY") or "dev-only-pseudonym-key"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEMO_DATA_ALLOWED = True
DEMO_PERSONAS_ON_LOGIN_PAGE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# The local stand-in brokers (ungegaranti.identity.local) serve every route of the demo
# municipalities, so a newcomer can click through a real OIDC and SAML login.
IDENTITY_LOCAL_PROVIDERS = True
# The demo's password logins stand in for logins that would come through MitID or KOMBIT.
LOCAL_LOGIN_NSIS_LEVEL = "SUBSTANTIAL"
# The demo personas log in with a password at once; TOTP is offered (and, once set up, asked).
LOCAL_LOGIN_TOTP_REQUIRED = env_bool("LOCAL_LOGIN_TOTP_REQUIRED", False)


def _local_routes(code: str) -> dict:
    oidc = {"issuer": "local", "client_secret": "local-dev-secret"}  # noqa: S105  (dev only)
    return {
        "unilogin": {**oidc, "client_id": f"ungegaranti-{code}-unilogin"},
        "mitid": {**oidc, "client_id": f"ungegaranti-{code}-mitid"},
        "mitid_erhverv": {**oidc, "client_id": f"ungegaranti-{code}-mitid-erhverv"},
        "kombit": {"idp_metadata": "local", "cvr": f"29189{code}"},
    }


IDENTITY_ROUTES = {code: _local_routes(code) for code in ("860", "813", "707")}
