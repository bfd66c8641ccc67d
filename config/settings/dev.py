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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
