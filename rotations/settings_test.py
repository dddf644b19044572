"""Settings for pytest: the real settings, on PostgreSQL, with a few fast, quiet overrides."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-key-not-for-deployment-" + "x" * 32)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rotations")

from rotations.settings import *  # noqa: F403  (the test settings are the real ones)

ALLOWED_HOSTS = ["testserver", "localhost"]
HTTPS = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run in-process under pytest; a worker subprocess that a test starts (tests/workers.py)
# takes its broker from its environment instead.
if not os.environ.get("ROTATIONS_TEST_WORKER"):
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# No collected static files in tests: WhiteNoise would warn on every request.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
