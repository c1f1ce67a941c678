"""Kandinsky Studio settings: one module, every knob from the environment, safe defaults.

With no environment at all you get SQLite under var/, a local Redis, the tiny model backend
and DEBUG off. See README.md for the variables.
"""

import math
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .redis_urls import celery_broker_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


# Every typed helper refuses a value it cannot read (DEBUG=ture, a port of "80a"): a typo must
# stop the process at start-up with the variable's name, not silently mean the default or False.
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _env_value(name):
    """The variable's stripped text, or None when unset or empty (then the default applies)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _invalid(name, value, expected):
    return ImproperlyConfigured(f"Environment variable {name}={value!r} is not {expected}.")


def env_bool(name, default=False):
    value = _env_value(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise _invalid(name, value, "a boolean (1/0, true/false, yes/no, on/off)")


def env_int(name, default, minimum=None):
    value = _env_value(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _invalid(name, value, "an integer") from None
    if minimum is not None and number < minimum:
        raise _invalid(name, value, f"an integer of at least {minimum}")
    return number


def env_float(name, default, minimum=None):
    value = _env_value(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _invalid(name, value, "a number") from None
    if not math.isfinite(number):
        raise _invalid(name, value, "a finite number")
    if minimum is not None and number < minimum:
        raise _invalid(name, value, f"a number of at least {minimum}")
    return number


def env_choice(name, default, choices):
    value = _env_value(name)
    if value is None:
        return default
    if value not in choices:
        raise _invalid(name, value, "one of " + ", ".join(choices))
    return value


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Runtime files (database, media, secret key, private redis) live here, outside git.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))


def _secret_key():
    """SECRET_KEY from the environment, else one generated once into var/secret_key."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",  # must come first: it takes over runserver with the ASGI server
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "accounts",
    "editor",
    "generation",
    "telegram_bot",
]

MIDDLEWARE = [
    "config.security.ContentSecurityPolicyMiddleware",  # first: static files get it too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.language.UserLanguageMiddleware",  # a user's saved language (needs request.user)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "generation.api.unavailable.RedisUnavailableMiddleware",  # coded 503 while Redis is away
]

# Sent on every response (config/security.py). 'self' covers the same-origin websocket.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],  # socket previews, editor canvases
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],  # the editor's PNG encoder
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web, consumers and workers write concurrently. IMMEDIATE takes the write lock at BEGIN,
    # so a transaction that reads then writes waits its turn instead of failing at once with
    # "database is locked"; the timeout is how long it waits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language choice outlives the browser session
CSRF_FAILURE_VIEW = "editor.views.errors.csrf_failure"  # a translated page in the layout
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from the finders too, so a missing collectstatic never breaks the page.
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kandinsky Studio <noreply@localhost>")

# --- Redis: channel layer, Celery broker and result backend share one server. ---
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")


def channel_layers(redis_url, prefix):
    """channels-redis on `redis_url`.

    socket_timeout: channels-redis waits for messages with BZPOPMIN for 5 s; redis-py 8's
    default socket timeout is also 5 s, so after 5 quiet seconds the read timed out first and
    the consumer's receive died (a socket then heard nothing more). Above 5 s avoids the race.
    capacity: a group_send to a full channel is dropped silently; a busy queue sends every
    waiting user a position update per start, so the default 100 lost messages under load.
    max_connections: redis-py's async pool raises MaxConnectionsError past it (default 100),
    and a reconnect storm after a deploy opens one connection per concurrent handshake.
    """
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": redis_url, "socket_timeout": 30,
                           "max_connections": env_int("CHANNELS_MAX_CONNECTIONS", 4000)}],
                "prefix": prefix,
                "capacity": 1000,
            },
        }
    }


CHANNEL_LAYERS = channel_layers(REDIS_URL, env_str("CHANNELS_PREFIX", "asgi"))


CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", celery_broker_url(REDIS_URL))
CELERY_RESULT_BACKEND = None  # the Job row is the result; nothing to keep in Redis
CELERY_TASK_ROUTES = {
    # The sweep is housekeeping: any worker may run it, not only a GPU one.
    "generation.tasks.sweep_stale_jobs": {"queue": "default"},
    "generation.tasks.*": {"queue": "gpu"},
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("JOB_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = env_int("JOB_TIME_LIMIT", 660)
# Redelivery of an unacked task must come after the hard limit, or a long job runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Generation ---
KANDINSKY_MODEL = env_str("KANDINSKY_MODEL", "nano")  # the embedded trained backend (weights/nano/)
KANDINSKY_MODELS_DIR = env_str("KANDINSKY_MODELS_DIR", str(BASE_DIR / "models"))
KANDINSKY_DEVICE = env_str("KANDINSKY_DEVICE", "")  # empty: CUDA when present, else CPU

# --- Jobs (generation app: limits, queue, worker health) ---
JOB_MAX_ACTIVE_PER_USER = env_int("JOB_MAX_ACTIVE_PER_USER", 5)  # queued + running
JOB_RATE_PER_MINUTE = env_int("JOB_RATE_PER_MINUTE", 20)  # submissions per user per minute
JOB_RETRY_AFTER_ACTIVE = env_int("JOB_RETRY_AFTER_ACTIVE", 10)  # Retry-After for too_many_jobs
JOB_PROGRESS_INTERVAL = env_float("JOB_PROGRESS_INTERVAL", 0.25, minimum=0)  # ≤ 4 progress events/s/job
JOB_HEARTBEAT_INTERVAL = env_int("JOB_HEARTBEAT_INTERVAL", 10)  # worker beats while a job runs
JOB_HEARTBEAT_TIMEOUT = env_int("JOB_HEARTBEAT_TIMEOUT", 90)  # silent this long → worker_lost
JOB_SWEEP_INTERVAL = env_int("JOB_SWEEP_INTERVAL", 30)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)  # redeliveries after a worker died mid-job
JOB_REDIS_PREFIX = env_str("JOB_REDIS_PREFIX", "kstudio")
# Workers re-announce their model every ENGINE_INFO_TTL / 3 s; silent this long → model_unavailable.
ENGINE_INFO_TTL = env_int("ENGINE_INFO_TTL", 30)
# A queued job sent to the broker this long ago whose message is no longer there (Redis lost
# it) is sent again by the sweep.
JOB_REDISPATCH_AFTER = env_int("JOB_REDISPATCH_AFTER", 60)
# Queue moves are sent to the users at most this often (generation.queue); 0 = on every change.
JOB_QUEUE_BROADCAST_INTERVAL = env_float("JOB_QUEUE_BROADCAST_INTERVAL", 1.0, minimum=0)
# Tests only (config.test_settings): a job may be held at a step until released (generation.holds).
JOB_TEST_HOLDS = False
# Pillow's own decompression-bomb limit, for web and worker (set in GenerationConfig.ready).
# Telegram bot (docs/telegram.md): no token, no bot. The API root serves methods at
# <root>/bot<token>/<method> and files at <root>/file/bot<token>/<path>.
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_URL = env_str("TELEGRAM_API_URL", "https://api.telegram.org")
TELEGRAM_BOT_USERNAME = env_str("TELEGRAM_BOT_USERNAME")
TELEGRAM_EDIT_INTERVAL = env_float("TELEGRAM_EDIT_INTERVAL", 2.0, minimum=0)  # seconds between edits per chat
TELEGRAM_LINK_CODE_MINUTES = env_int("TELEGRAM_LINK_CODE_MINUTES", 10)

PIL_MAX_IMAGE_PIXELS = env_int("PIL_MAX_IMAGE_PIXELS", 4096 * 4096)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {"task": "generation.tasks.sweep_stale_jobs", "schedule": JOB_SWEEP_INTERVAL},
}

# --- Galleries, uploads and moderation (editor app) ---
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 4096 * 4096)
# Django refuses a non-file body over this before any view runs. A JSON job carries its picture
# as a base64 data URL (4/3 of the file's bytes), so room for one UPLOAD_MAX_BYTES picture plus
# the rest of the request; multipart files (the canvas PNG) do not count towards it.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", UPLOAD_MAX_BYTES * 4 // 3 + 1024 * 1024, minimum=1)
GALLERY_THUMBNAIL_SIZE = env_int("GALLERY_THUMBNAIL_SIZE", 384)
GALLERY_PAGE_SIZE = env_int("GALLERY_PAGE_SIZE", 24)
# This many open reports send a public image back to the review queue.
GALLERY_REPORTS_TO_REVIEW = env_int("GALLERY_REPORTS_TO_REVIEW", 3)
# Production: e.g. "/protected/" and nginx serves MEDIA_ROOT there (internal); empty = Django streams.
FILES_X_ACCEL_REDIRECT_PREFIX = env_str("FILES_X_ACCEL_REDIRECT_PREFIX", "")

# --- REST API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.tokens.StrictTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "generation.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 20,
    # Every API error as {"error": {"code", "message", "fields"}} (core/api.py, all apps).
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kandinsky Studio API",
    "DESCRIPTION": "Text-to-image, inpainting, outpainting, fusion, mixing and variations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",  # the default
        "generation.api.schema.paginated_lists_404",
    ],
}

# --- Canvas editor (autosave limits of /api/v1/canvas/) ---
CANVAS_MAX_SIDE = env_int("CANVAS_MAX_SIDE", 8192)  # pixels on the longer side of the picture
# PNG upload size: a 4096² picture that does not compress (noise, a busy photo) is its raw
# 64 MiB of RGBA plus a little; the room above that is for the PNG's own overhead.
CANVAS_MAX_BYTES = env_int("CANVAS_MAX_BYTES", 72 * 1024 * 1024)
CANVAS_STATE_MAX_BYTES = env_int("CANVAS_STATE_MAX_BYTES", 64 * 1024)  # window, prompt, settings

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))},
}
