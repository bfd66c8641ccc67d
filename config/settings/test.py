"""Test settings: fast hashing, in-memory mail, jobs run inline so tests see their results."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
JOBS_RUN_INLINE = True
CPR_ENCRYPTION_KEY = "test-cpr-key"
PSEUDONYM_KEY = "test-pseudonym-key"
