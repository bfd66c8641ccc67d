"""Test settings: fast hashing, in-memory mail, jobs run inline so tests see their results."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
JOBS_RUN_INLINE = True
CPR_ENCRYPTION_KEY = "test-cpr-key"
PSEUDONYM_KEY = "test-pseudonym-key"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in shared memory: in shared memory SQLite answers a
    # second connection (the worker's heartbeat thread) with "table is locked" at once,
    # ignoring the busy timeout, so threaded worker tests failed at random. In a file, WAL
    # and the timeout behave as in `make run`. pytest-xdist adds a suffix per worker.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
