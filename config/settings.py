"""Settings for Maturité 4.0, read from the environment only.

With nothing set, the app runs on a laptop: SQLite in ``var/``, Celery tasks
in-process, DEBUG on. Production sets ``DEBUG=false``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL`` (see ``.env.example``).
"""

import datetime
import re
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from backups.retention import parse_keep

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of 50 characters or more.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver serves static files as production does
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "rest_framework",
    "knox",  # API tokens, stored hashed
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules",
    "diagnostics",
    "assessments",
    "reports",
    "backups",
    "guide",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",  # first: every later log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files, after the security headers and the CSP so that they carry them too.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "config.middleware.ApiBodyLimitMiddleware",  # before anything reads the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "diagnostics.middleware.FrameworkReadOnceMiddleware",  # a page reads the framework once
    # django-axes last: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",  # the apps' rules.py: who may do what
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing: 5 failures for a username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.monitoring.context_processors.se_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English dates day-first, 24-hour clock
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("guide", BASE_DIR / "docs" / "guide" / "img")]
# Production serves what `collectstatic` gathered in STATIC_ROOT (WhiteNoise): names carry
# a hash of the content, so browsers keep them forever. Development serves the source files.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.staticfiles.CompressedManifestStorage"
    },
}
# Decided here, not from DEBUG at run time (the test runner turns DEBUG off): the suite
# runs the development configuration.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG
# Backups (`manage.py backup`, beat's `backup-daily`): one archive of the database and the
# stored files, in BACKUP_DIR, or in an S3-compatible bucket when BACKUP_STORAGE_BUCKET is set
# (needs django-storages: pip install -e '.[s3]'). BACKUP_KEEP: a count (14) or days (30d).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(DATA_DIR / "backups")))
BACKUP_KEEP = env.str("BACKUP_KEEP", default="14")
try:
    parse_keep(BACKUP_KEEP)
except ValueError as exc:
    raise ImproperlyConfigured(f"BACKUP_KEEP={exc}") from exc
if env.str("BACKUP_STORAGE_BUCKET", default=""):
    STORAGES["backups"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("BACKUP_STORAGE_BUCKET"),
            "location": env.str("BACKUP_STORAGE_PREFIX", default="backups"),
            "endpoint_url": env.str("BACKUP_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("BACKUP_STORAGE_REGION", default="") or None,
            "access_key": env.str("BACKUP_STORAGE_ACCESS_KEY", default="") or None,
            "secret_key": env.str("BACKUP_STORAGE_SECRET_KEY", default="") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
else:
    STORAGES["backups"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": BACKUP_DIR,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# Evidence files live outside any web root and are served by permission-checked views.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# What a device may keep of evidence files chosen without a network, all diagnostics together.
OFFLINE_FILES_MAX_BYTES = env.int("OFFLINE_FILES_MAX_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The API (/api/v1/): tokens for scripts, the session (with CSRF) for the browser.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api.throttling.UserThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# A token lasts this many days; its owner makes a new one on their "API access" page.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=180)
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS)}
# Requests per user (token or session), e.g. "1200/min"; "off" switches the limit off.
_user_rate = env.str("API_THROTTLE_USER", default="1200/min").strip()
if _user_rate.lower() not in ("", "off", "none") and not re.fullmatch(
    r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", _user_rate
):
    raise ImproperlyConfigured(f"API_THROTTLE_USER={_user_rate!r}: use e.g. 1200/min, or off.")
API_THROTTLE_RATES: dict[str, str | None] = {
    "user": None if _user_rate.lower() in ("", "off", "none") else _user_rate
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Maturité 4.0 API",
    "DESCRIPTION": (
        "PMEs, diagnostics, roadmaps, accompaniment plans, PDF documents and the S&E "
        "indicators, values and activities, scoped like the app."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AssessmentKindEnum": "assessments.models.Assessment.Kind",
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "PlanStatusEnum": "assessments.accompaniment.models.Plan.Status",
        "SlotKindEnum": "assessments.accompaniment.models.PlanSlot.Kind",
        "DayOutcomeEnum": "assessments.accompaniment.models.PlanDay.Outcome",
        "LoggedOutcomeEnum": "assessments.accompaniment.serializers.LOGGED_OUTCOMES",
        "FrameworkVersionStatusEnum": "diagnostics.models.FrameworkVersion.Status",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Plotly's modebar injects inline styles; we hide it so style-src can stay strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# /healthz fails below this much free space in DATA_DIR; a probe of the local port speaks
# plain HTTP, so it is not sent to HTTPS.
HEALTHZ_MIN_FREE_MB = env.int("HEALTHZ_MIN_FREE_MB", default=500)
# ... and when no worker (of each queue) wrote its heartbeat (every 15 s) for this long.
HEALTHZ_HEARTBEAT_SECONDS = env.int("HEALTHZ_HEARTBEAT_SECONDS", default=120)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # Only a benchmark on plain-HTTP loopback turns these off.
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# E-mail: the console in the embedded default (DEBUG), SMTP in production. EMAIL_URL says it
# all in one variable (smtp+tls://user:password@smtp.example.org:587, smtp+ssl://…:465 for implicit
# TLS, consolemail://); else MAIL_BACKEND and SMTP_HOST/PORT/USER/PASSWORD/TLS.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url_config(EMAIL_URL)
    MAIL_BACKEND = _email["EMAIL_BACKEND"]
else:
    MAIL_BACKEND = env.str(
        "MAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
MAIL_OPTIONS: dict[str, object] = {}
if MAIL_BACKEND.endswith("filebased.EmailBackend"):
    MAIL_OPTIONS["file_path"] = env.str("MAIL_FILE_PATH", default=str(DATA_DIR / "mail"))
if MAIL_BACKEND.endswith("smtp.EmailBackend") and EMAIL_URL:
    MAIL_OPTIONS |= {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": int(_email.get("EMAIL_PORT") or 587),
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS", False)),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL", False)),
        "timeout": env.int("SMTP_TIMEOUT", default=20),
    }
elif MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAIL_OPTIONS |= {
        "host": env.str("SMTP_HOST", default="localhost"),
        "port": env.int("SMTP_PORT", default=587),
        "username": env.str("SMTP_USER", default=""),
        "password": env.str("SMTP_PASSWORD", default=""),
        "use_tls": env.bool("SMTP_TLS", default=True),
        "timeout": env.int("SMTP_TIMEOUT", default=20),
    }
MAILERS = {"default": {"BACKEND": MAIL_BACKEND, "OPTIONS": MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default='"Maturité 4.0" <noreply@localhost>')
# E-mails link to the app at this address (no request to take it from in a worker).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# A day of accompaniment in the calendar invitations, in TIME_ZONE's hours.
PLAN_DAY_START = env.str("PLAN_DAY_START", default="09:00")
PLAN_DAY_END = env.str("PLAN_DAY_END", default="17:00")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no REDIS_URL the tasks run in-process, so a first run needs no server.
REDIS_URL = env.str("REDIS_URL", default="")

# The cache holds the API's request counts: shared by every process through Redis when
# there is one, in each process's memory otherwise.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maturite40",
            # Redis down or frozen: the API's throttles give up quickly and let requests in.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a hostname: kombu warns without
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# PDF rendering has workers of its own (the Procfile's `pdf`): a long render never holds up
# an e-mail or a recheck.
# S&E rechecks: a burst of changes within SE_RECHECK_DELAY seconds costs one recheck per
# scope; a mark older than SE_RECHECK_RESEND seconds sends its task again (a lost message).
SE_RECHECK_DELAY = env.float("SE_RECHECK_DELAY", default=1.0)
SE_RECHECK_RESEND = env.int("SE_RECHECK_RESEND", default=300)
CELERY_TASK_ROUTES = {
    "reports.tasks.report_render": {"queue": env.str("CELERY_PDF_QUEUE", default="pdf")},
}

# Scheduled work, sent by Celery beat (the Procfile's `beat`) at TIME_ZONE's hours. Each
# entry runs unless its variable switches it off (e.g. BEAT_REFRESH_INDICATORS=off); a
# message nobody took before the next run expires.
# The programme and its funder, named on the cover of the funder's workbook.
SE_PROGRAMME = env.str(
    "SE_PROGRAMME", default="Maturité 4.0 — accompagnement Industrie 4.0 des PME"
)
SE_FUNDER = env.str("SE_FUNDER", default="")

BEAT_ENTRIES = {
    # Reports waiting more than 10 minutes (a broker restarted without its queue).
    "requeue-stuck-reports": {
        "variable": "BEAT_REQUEUE_STUCK_REPORTS",
        "task": "reports.documents.tasks.reports_requeue_stuck",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # The indicator values of every open period, stored for the programme and each cluster.
    "refresh-indicators": {
        "variable": "BEAT_REFRESH_INDICATORS",
        "task": "reports.monitoring.tasks.indicator_tables_refresh",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 3600},
    },
    # Reported values whose data changed, should the recheck on change have been lost.
    # API tokens expired for a month (until then a script is told "expired on …").
    "purge-expired-tokens": {
        "variable": "BEAT_PURGE_EXPIRED_TOKENS",
        "task": "assessments.tasks.api_tokens_purge_expired",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 3600},
    },
    "recheck-stale-values": {
        "variable": "BEAT_RECHECK_STALE_VALUES",
        "task": "reports.monitoring.tasks.reported_values_recheck_all",
        "schedule": crontab(minute=45),
        "options": {"expires": 50 * 60},
    },
    # Tomorrow's days of accompaniment: a reminder with a calendar invitation, sent once.
    "day-reminders": {
        "variable": "BEAT_DAY_REMINDERS",
        "task": "assessments.notifications.tasks.day_reminders_send",
        "schedule": crontab(hour=16, minute=0),
        "options": {"expires": 6 * 3600},
    },
    # The database and every stored file, to BACKUP_DIR or the bucket (manage.py backup).
    "backup-daily": {
        "variable": "BEAT_BACKUP_DAILY",
        "task": "backups.tasks.backup_daily",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 3600},
    },
}


def _beat_schedule(entry: dict[str, object]) -> object | None:
    """Each entry's variable: on (its schedule), off, or a number of seconds between runs
    (to see a scheduled task run now, e.g. in the production check)."""
    variable = str(entry["variable"])
    raw = env.str(variable, default="on").strip().lower()
    if raw in {"on", "true", "yes", "1", ""}:
        return entry["schedule"]
    if raw in {"off", "false", "no", "0"}:
        return None
    if raw.isdigit():
        return datetime.timedelta(seconds=int(raw))
    raise ImproperlyConfigured(f"{variable}={raw!r}: use on, off or a number of seconds")


CELERY_BEAT_SCHEDULE = {
    name: {
        **{key: value for key, value in entry.items() if key != "variable"},
        "schedule": schedule,
    }
    for name, entry in BEAT_ENTRIES.items()
    if (schedule := _beat_schedule(entry)) is not None
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE

# One JSON object per line in production (LOG_FORMAT=json), with the request's (or task's)
# id; plain text on a laptop. Celery's processes use this configuration too (config/celery.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # In-process tasks would log every success in the web server's console.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}

# Errors to Sentry (or a compatible service) only when SENTRY_DSN is set; nothing is sent
# otherwise, and never the users' personal data.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "config.staticfiles.PlotlyFinder",
]
