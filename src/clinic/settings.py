"""Django settings, driven by environment variables (see .env.example).

Defaults give a working single-machine install: SQLite, the database task backend,
console e-mail. A clinic's production install sets DATABASE_URL (PostgreSQL),
REDIS_URL (RQ workers on several machines), SECRET_KEY and DEBUG=false.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets Model/QuerySet/Form classes be subscripted at run time, as django-stubs types them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}"
        ) from exc


def env_secret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (container secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name) or None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


# Off unless switched on: a debug page shows settings and the request to anyone.
# `make run` switches it on for the demo.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Needed when a proxy in front changes scheme or host (https://tractus.example.org).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The local emergency number and wording the symptom check shows beside its
# emergency advice, e.g. "Call 192 (SAMU) or 112". Empty: "your local emergency
# number". The advice itself names no country's services.
TRIAGE_EMERGENCY_CONTACT = os.environ.get("TRIAGE_EMERGENCY_CONTACT", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "clinic.lib",
    "clinic.jobs",
    "clinic.dispatch",
    "clinic.accounts",
    "clinic.clinics",
    "clinic.runners",
    "clinic.triage",
    "clinic.training",
    "clinic.motionlab",
    "clinic.coach",
    "clinic.audit",
    "clinic.workspace",
    "clinic.bookings",
    "clinic.programmes",
    # Django's widget templates, for the project's form renderer (clinic.lib.forms).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, so static files keep their long cache; every page is no-store.
    "clinic.lib.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which would read (and spool to disk) the whole body.
    "clinic.lib.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A runner reads times in their own zone, not the server's (UTC).
    "clinic.workspace.zones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Someone asked at log-in to agree to a new privacy notice sees that page first.
    "clinic.accounts.privacy.ConsentMiddleware",
    # Logs each request in which staff entered a runner's record (clinic.audit).
    "clinic.audit.recorder.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.lib.context_processors.nav",
            ],
        },
    },
]

FORM_RENDERER = "clinic.lib.forms.FormRenderer"

DATA_DIR = Path(os.environ.get("TRACTUS_DATA_DIR", PROJECT_DIR / "var"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'tractus.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first: the OWASP-recommended hash for passwords.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lock-out: 5 failed log-ins for one account from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The log-in form posts the e-mail as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Sign-ups from one address (as django-axes sees it) per hour; each sends an e-mail.
SIGNUP_LIMIT_PER_HOUR = env_int("SIGNUP_LIMIT_PER_HOUR", 5)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tractus@localhost")
# The privacy notice (templates/accounts/privacy.html): change the version with the
# text, and every runner is asked to agree again at their next log-in.
PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12-07")
# Where a runner writes about their data (the clinic's data-protection contact).
PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", DEFAULT_FROM_EMAIL)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    INSTALLED_APPS += ["django_rq"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Imports and video analyses take turns on the workers (clinic.dispatch): a turn
# stops at the first file past this many seconds and the job queues again behind
# other runners' jobs, so nobody's small upload waits behind another's export.
TASK_TURN_S = env_int("TASK_TURN_S", 3)

# A clinic with a single admin: clinical access the admin confirms alone starts
# after this many hours, in which the runners sharing with the clinic are told and
# may withdraw (clinic.clinics.services.confirm_alone; docs/decisions.md).
SOLE_ADMIN_WAIT_H = env_int("SOLE_ADMIN_WAIT_H", 72)

# Dead-job detection (clinic.jobs; docs/decisions.md). A running job writes a
# heartbeat every JOB_HEARTBEAT_S from a thread of its own: one UPDATE of one row,
# nothing next to a file import or a pose model. It is taken as dead when its
# heartbeat is older than JOB_STALE_AFTER_S: twelve beats, because a live worker's
# beat can be held up for seconds at a time (a C parser holding the GIL on a large
# file, SQLite's write lock, a machine swapping) and re-queuing a live job wastes
# its work, while two minutes is short next to the "stuck for ever" it replaces.
# Each worker sweeps on start and every JOB_SWEEP_EVERY_S, so a dead job is
# picked up within about three minutes. An upload or a video with no live job is
# deleted once older than JOB_ORPHAN_AFTER_S: a request writes its files before its
# job row is committed, and a quarter of an hour is far past any such write.
JOB_HEARTBEAT_S = env_int("JOB_HEARTBEAT_S", 10)
JOB_STALE_AFTER_S = env_int("JOB_STALE_AFTER_S", 120)
JOB_SWEEP_EVERY_S = env_int("JOB_SWEEP_EVERY_S", 60)
JOB_ORPHAN_AFTER_S = env_int("JOB_ORPHAN_AFTER_S", 900)

# The load page's computation per runner (clinic.training.load_cache): kept in the
# database, so it is shared by every web process and the task worker, and goes with
# the data (a reset database never shows another runner's cached page).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "load_page": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "training_load_cache",
        "TIMEOUT": 2 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
if REDIS_URL:
    # Shared by every web process, so throttles (sign-up) count across machines.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# Serve app static files without collectstatic in development and tests.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
# The largest request body a view takes unless it declares more with
# @accepts_upload (the activity and video uploads do); refused unread.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 10 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A runner stays logged in for Django's two weeks; anyone who can see other
# people's records (clinic staff, site staff) for one working day.
STAFF_SESSION_AGE_S = env_int("STAFF_SESSION_AGE_S", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# TLS, set for a clinic's install (README, "Running it for a clinic"). Off by default
# so the demo and the tests run over plain HTTP on this machine.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Passwords inside URL settings (REDIS_URL, DATABASE_URL) are masked on error pages
# and in error reports, as Django masks settings named *PASSWORD* or *KEY*.
# Preloading HSTS is the domain owner's lasting decision (SECURE_HSTS_PRELOAD=true
# once the domain is submitted), not something an install should do by itself.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
DEFAULT_EXCEPTION_REPORTER_FILTER = "clinic.lib.reporting.UrlSecretsReporterFilter"

# Scripts and styles only from our own static files: no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The motion lab previews the chosen video from the phone (blob:).
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs a device sensor; a file input for video does not need the camera.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
