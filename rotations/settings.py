"""Settings, all read from the environment (see README, "Configuration").

One module for every deployment; `settings_test` overrides a few values for pytest.
"""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from rotations.env import envbool, envint, envlist, envstr
from rotations.logfilters import install as install_log_masking

# Lets classes like admin.ModelAdmin[Site] be subscripted at run time, as the stubs type them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", default=False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off")
    # Development only: a fresh key per process, so nothing secret lives in the repository.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", default=("localhost", "127.0.0.1", "[::1]") if DEBUG else ()
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rotations",
    "api",
    "calendars",
    "web",
    "program",
    "axes",  # login throttling (see "web pages" below)
]

MIDDLEWARE = [
    # First: it sees responses last (CSP on every answer; 304s without body headers).
    "rotations.middleware.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Shows the pages' times in the viewer's site zone (needs the signed-in user).
    "web.middleware.ViewerTimezoneMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rotations.urls"
WSGI_APPLICATION = "rotations.wsgi.application"

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
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------

DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES: dict[str, dict[str, Any]] = {"default": environ.Env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- time ---------------------------------------------------------------------------------

USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")
LANGUAGE_CODE = "en-us"
USE_I18N = True

# New plans are counted in this zone unless HR picks another one.
ROTATIONS_DEFAULT_TIMEZONE = envstr("DEFAULT_PLAN_TIMEZONE", "UTC")
try:
    zoneinfo.ZoneInfo(ROTATIONS_DEFAULT_TIMEZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"DEFAULT_PLAN_TIMEZONE {ROTATIONS_DEFAULT_TIMEZONE!r} is not an IANA time zone"
    ) from None

# --- e-mail -------------------------------------------------------------------------------

# smtp+tls://user:password@host:587, consolemail://, filemail:///path, dummymail://
_EMAIL: dict[str, Any] = environ.Env.email_url_config(envstr("EMAIL_URL", "consolemail://"))
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_EMAIL.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_EMAIL.get("EMAIL_USE_SSL"))
EMAIL_FILE_PATH = _EMAIL.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "rotations@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------

CELERY_BROKER_URL = envstr("CELERY_BROKER_URL") or "memory://"
# No broker configured: jobs run in-process, synchronously, through the same task code.
CELERY_TASK_ALWAYS_EAGER = not envstr("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND") or None
CELERY_RESULT_EXPIRES = 86_400
# A job is acknowledged when it ends; a worker killed mid-job gives it back (FIELD_NOTES).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_QUEUE", "celery")

# Solves: the defaults of a job, the longest one allowed, and how often a job may be
# delivered (a worker that dies on it gives it back) before its run is failed.
ROTATIONS_SOLVE_TIME_LIMIT_S = envint("SOLVE_TIME_LIMIT_S", 20)
ROTATIONS_SOLVE_MAX_TIME_LIMIT_S = envint("SOLVE_MAX_TIME_LIMIT_S", 600)
ROTATIONS_SOLVE_WORKERS = envint("SOLVE_WORKERS", 2)
ROTATIONS_REPLAN_TIME_LIMIT_S = envint("REPLAN_TIME_LIMIT_S", 20)
ROTATIONS_SOLVE_MAX_DELIVERIES = envint("SOLVE_MAX_DELIVERIES", 3)
# Solve a plan in parts (optimizer.partition): "auto" when it is large, "always", "never".
ROTATIONS_SOLVE_PARTITION = envstr("SOLVE_PARTITION", "auto")
if ROTATIONS_SOLVE_PARTITION not in ("auto", "always", "never"):
    raise ImproperlyConfigured(
        f"SOLVE_PARTITION must be auto, always or never, not {ROTATIONS_SOLVE_PARTITION!r}"
    )
# A running job writes a heartbeat every second; the reaper (every minute) re-queues a run
# silent for this long. A job waits this long for the database to start, and this long to
# write its result (a restart mid-solve), before it gives the run back and retries later.
ROTATIONS_RUN_STALE_S = envint("RUN_STALE_S", 120)
ROTATIONS_DB_RETRY_START_S = envint("DB_RETRY_START_S", 10)
ROTATIONS_DB_RETRY_FINISH_S = envint("DB_RETRY_FINISH_S", 120)

# Redis hands an unacknowledged job to another worker after the visibility timeout: it must
# exceed the longest job, or a running solve starts a second time (FIELD_NOTES). A dead
# worker's job comes back after the timeout plus about interval x throttle seconds.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", 3600)
if CELERY_VISIBILITY_TIMEOUT <= ROTATIONS_SOLVE_MAX_TIME_LIMIT_S:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({CELERY_VISIBILITY_TIMEOUT} s) must exceed "
        f"SOLVE_MAX_TIME_LIMIT_S ({ROTATIONS_SOLVE_MAX_TIME_LIMIT_S} s), the longest solve"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": envint("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": envint("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}

# Reminders (days before a session) and the release of sessions still unconfirmed.
ROTATIONS_REMINDER_DAYS = envint("REMINDER_DAYS", 2)
ROTATIONS_UNCONFIRMED_REMINDER_DAYS = envint("UNCONFIRMED_REMINDER_DAYS", 7)
ROTATIONS_RELEASE_DAYS = envint("RELEASE_UNCONFIRMED_DAYS", 3)
_SCHEDULE_S = envint("REMINDER_SCHEDULE_S", 3600)
CELERY_BEAT_SCHEDULE: dict[str, Any] = {
    # Releases then reminders, in one task: nobody is reminded of a session just released.
    "send-notices": {"task": "rotations.send_notices", "schedule": _SCHEDULE_S},
    # Invitations still unsent (a failed send, a slot moved by an import), hosts' digests.
    "invitations": {"task": "calendars.invitations_catch_up", "schedule": _SCHEDULE_S},
    "host-digests": {"task": "web.host_digests_catch_up", "schedule": _SCHEDULE_S},
    "reap-lost-runs": {
        "task": "rotations.reap_lost_runs",
        "schedule": envint("REAP_SCHEDULE_S", 60),
    },
    "program-draft-next-period": {"task": "program.draft_next_period", "schedule": 6 * 3600},
}

# --- static files -------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- security (on by default outside DEBUG; HTTPS=false only behind plain-HTTP trials) -----

HTTPS = envbool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=True)
# TLS ends at the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check comes over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
X_FRAME_OPTIONS = "DENY"
# The pages load scripts and styles from this site only and run no inline script or style.
_CSP_STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY = envstr("CONTENT_SECURITY_POLICY", _CSP_STRICT)
# Swagger UI (its own script is served as a file) and the admin set inline styles.
CONTENT_SECURITY_POLICY_PATHS = {
    prefix: _CSP_STRICT.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    for prefix in ("/api/docs/", "/admin/")
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Feed and one-click tokens are masked in every log record (rotations.logfilters): by the
# record factory in this process, and by a filter on the handler as a second line.
install_log_masking()
_LOG_LEVEL = envstr("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "rotations.logfilters.SecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secrets"]}},
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    # Django's own handlers (mail_admins, django.server's) replaced by the filtered one.
    "loggers": {
        "django": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
    },
}

# --- web pages ----------------------------------------------------------------------------

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
# One-click confirm/decline links in e-mails stop working after this many seconds.
WEB_ACTION_LINK_MAX_AGE_S = envint("WEB_ACTION_LINK_MAX_AGE_S", 14 * 86_400)
# Sign-in: django-axes locks a username from one client address after LOGIN_FAILURE_LIMIT
# wrong passwords, for LOGIN_LOCKOUT_MINUTES (the login page, the admin and the API's
# password checks all go through it); e-mailed sign-in links (django-sesame) are one-time
# and live SIGNIN_LINK_MAX_AGE_S; at most SIGNIN_LINK_RATE_PER_HOUR are sent to an address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
SESAME_MAX_AGE = envint("SIGNIN_LINK_MAX_AGE_S", 15 * 60)
SESAME_ONE_TIME = True
SIGNIN_LINK_RATE = (envint("SIGNIN_LINK_RATE_PER_HOUR", 5), 3600)
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT_S", 3 * 86_400)
# Single sign-on (OpenID Connect, mozilla-django-oidc), on when OIDC_CLIENT_ID is set: the
# provider's e-mail is matched to an employee (web.oidc). Callback: WEB_BASE_URL/oidc/callback/.
OIDC_RP_CLIENT_ID = envstr("OIDC_CLIENT_ID")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("web.oidc.EmployeeOIDCBackend")
    OIDC_RP_CLIENT_SECRET = envstr("OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = envstr("OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = envstr("OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    OIDC_TIMEOUT = 10
OIDC_PROVIDER_NAME = envstr("OIDC_PROVIDER_NAME", "your company account")
# Where people reach the pages: e-mailed links are absolute.
WEB_BASE_URL = envstr("WEB_BASE_URL", "http://localhost:8000").rstrip("/")

# --- REST API -----------------------------------------------------------------------------

# Throttle counters live in this cache: shared by every worker only when it is Redis
# (a per-process memory cache lets workers x rate through, FIELD_NOTES).
REDIS_URL = envstr("REDIS_URL")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis out of reach fails fast: throttling then lets requests through (logged).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}


def _rate(name: str, default: str) -> str:
    """A DRF rate like 100/min (s, m, h or d); a typo would otherwise fail on a request."""
    value = envstr(name, default).strip()
    count, _, period = value.partition("/")
    if not (count.isdigit() and period[:1] in ("s", "m", "h", "d")):
        raise ImproperlyConfigured(f"{name} must be a rate like 100/min, not {value!r}")
    return value


REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes "not signed in" a 401, not a 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.AnonThrottle", "api.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _rate("API_RATE_ANON", "60/min"),
        "user": _rate("API_RATE_USER", "1000/min"),
        "solve": _rate("API_RATE_SOLVE", "10/hour"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "rotations API",
    "DESCRIPTION": "Peer-shadowing plans: HR plans and solves, reps confirm, employees see "
    "their own. Sign in (session) or send `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssignmentStatusEnum": "rotations.models.AssignmentStatus",
        "PlanStatusEnum": "rotations.models.PlanStatus",
        "RunStatusEnum": "rotations.models.RunStatus",
        "SlotStatusEnum": "rotations.models.SlotStatus",
    },
}

# CSV uploads larger than this answer 413 before they are read; Django's own limits back it.
API_UPLOAD_MAX_BYTES = envint("API_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_UPLOAD_MAX_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = API_UPLOAD_MAX_BYTES + 64 * 1024
# Test hook: seconds a booking waits between its capacity check and its write (0 in use).
ROTATIONS_BOOKING_RACE_DELAY_S = 0.0

# --- calendars ----------------------------------------------------------------------------

# The mailbox that organizes every session: replies to invitations go there.
CALENDAR_ORGANIZER_EMAIL = envstr("CALENDAR_ORGANIZER_EMAIL", DEFAULT_FROM_EMAIL)
CALENDAR_ORGANIZER_NAME = envstr("CALENDAR_ORGANIZER_NAME", "Rotations")
# Feeds keep this many days of past sessions (a rolling window).
CALENDAR_FEED_PAST_DAYS = envint("CALENDAR_FEED_PAST_DAYS", 60)
