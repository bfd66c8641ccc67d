"""Settings shared by every environment; everything site-specific comes from the environment."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("UNGEGARANTI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

# CPR numbers are encrypted at rest with this key and looked up by a keyed HMAC; keep it apart
# from database backups. Research pseudonyms use their own key (see docs/decisions).
CPR_ENCRYPTION_KEY = os.environ.get("CPR_ENCRYPTION_KEY", "")
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ungegaranti.core",
    "ungegaranti.people",
    "ungegaranti.partners",
    "ungegaranti.plans",
    "ungegaranti.destinations",
    "ungegaranti.marketplace",
    "ungegaranti.placement",
    "ungegaranti.calendar",
    "ungegaranti.notifications",
    "ungegaranti.insights",
    "ungegaranti.portal",
    "ungegaranti.demo",
    "ungegaranti.identity",
]

MIDDLEWARE = [
    "ungegaranti.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ungegaranti.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after authentication: a logged-in user's refused write is an entry in the access log
    "ungegaranti.core.middleware.RefusedWriteLogMiddleware",
    "ungegaranti.identity.middleware.IdleTimeoutMiddleware",
    "ungegaranti.identity.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last, so that it sees the login view's refused attempt and answers with the lockout page
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ungegaranti.portal.context_processors.navigation",
                "ungegaranti.demo.tour.demo_personas",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ungegaranti.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short: starting parallel workers costs more than it saves
    # (benchmarks/marketplace.py: p95 fell from 96 to 57 ms). See docs/decisions/0004.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c max_parallel_workers_per_gather=0")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while pages are read. IMMEDIATE takes the write lock when a
    # transaction begins, so two writers wait for each other (up to the timeout) instead of
    # one failing at once with "database is locked" when its read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The address people reach the site at: links in e-mails must be absolute.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Ungegarantien <noreply@ungegaranti.invalid>"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links to other sites carry no path (a young person's page address names them by UUID).
SECURE_REFERRER_POLICY = "same-origin"
# Everything a page uses comes from the site itself, and no inline script, style or handler
# runs (templates keep behaviour in static/*.js and looks in static/*.css), so injected markup
# cannot act. Forms post only here; no site may frame the pages. The logins leave for the
# brokers by redirect, which the policy does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The platform uses none of the browser's powerful features: switched off for every frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Login routes per municipality (UNI-Login, MitID, MitID Erhverv, KOMBIT), read from a JSON
# file so that client secrets stay out of the code; see ungegaranti/identity/config.py and
# docs/identity.md. The local stand-in brokers exist only in development and tests.
IDENTITY_ROUTES: dict = {}
if os.environ.get("IDENTITY_ROUTES_FILE"):
    IDENTITY_ROUTES = json.loads(Path(os.environ["IDENTITY_ROUTES_FILE"]).read_text("utf-8"))
IDENTITY_LOCAL_PROVIDERS = False
XMLSEC_BINARY = os.environ.get("XMLSEC_BINARY", "/usr/bin/xmlsec1")
# NSIS level of a session from the local password login (demo and break-glass accounts).
LOCAL_LOGIN_NSIS_LEVEL = "LOW"

# Local accounts (demo and break-glass; docs/identity.md "Lokale konti"). A password session
# needs a TOTP code before any page when LOCAL_LOGIN_TOTP_REQUIRED (production), and always
# for a superuser or a user who has set up TOTP; the demo only offers it.
LOCAL_LOGIN_TOTP_REQUIRED = env_bool("LOCAL_LOGIN_TOTP_REQUIRED", True)
OTP_TOTP_ISSUER = "Ungegarantien"
# Five wrong passwords for one username lock it for 15 minutes (django-axes). By username, not
# by address: behind the load balancer every request comes from the same address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address too; here it would be the load balancer's, and one bad
# password spree would lock everyone out. Local accounts are few, so a username lock suffices.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "ungegaranti.identity.views.locked_out"
AXES_VERBOSE = False
# Idle sessions end: staff (who read other people's data) after 30 minutes, others after two
# hours. The session cookie's own age (SESSION_COOKIE_AGE) still caps a busy day.
SESSION_IDLE_SECONDS_STAFF = 30 * 60
SESSION_IDLE_SECONDS = 2 * 60 * 60

# Long work runs in a separate worker process (`manage.py worker`); tests run it inline.
# A worker renews the lease of its job every third of JOBS_LEASE_SECONDS; a job whose lease
# ran out lost its worker and is run again. See docs/decisions/0011-durable-background-jobs.md.
JOBS_RUN_INLINE = False
JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "30"))
JOBS_RETRY_BASE_SECONDS = float(os.environ.get("JOBS_RETRY_BASE_SECONDS", "5"))
JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", "90"))
# How often a worker looks at the schedule (core/schedule.py) for a slot that has come.
SCHEDULE_LOOK_SECONDS = float(os.environ.get("SCHEDULE_LOOK_SECONDS", "15"))

# Demo logins must never reach a real deployment: only dev and test allow the demo builder.
DEMO_DATA_ALLOWED = False
# The login page lists the demo personas (dev and demo only; never in production).
DEMO_PERSONAS_ON_LOGIN_PAGE = False

# Logs carry no CPR number and no name (core/logs.py). JSON lines for the log collector in
# production (LOG_FORMAT=json, its default there); plain lines to read in a terminal otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "ungegaranti.core.logs.PersonalDataFilter"}},
    "formatters": {
        "json": {"()": "ungegaranti.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["personal_data"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pysaml2 logs whole assertions (names, identifiers) at INFO, xmlschema every schema it loads.
    "loggers": {
        "xmlschema": {"level": "WARNING"},
        "saml2": {"level": "WARNING"},
        # axes logs every login at INFO, with the username; the access log has what matters.
        "axes": {"level": "WARNING"},
    },
}

# /metrics/ answers only a request with "Authorization: Bearer <METRICS_TOKEN>" when it is set.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
