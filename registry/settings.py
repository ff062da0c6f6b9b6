"""Django settings for Markaz, read from the environment (see README and .env.example)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    """Return the variable as a string, or the default when unset."""
    return os.environ.get(name, default)


def env_bool(name, default=False):
    """Return the variable as a boolean; anything but yes/no words is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def env_int(name, default, minimum=None, maximum=None):
    """Return the variable as an integer, refusing one outside the minimum and maximum."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {number}")
    return number


def env_list(name, default=""):
    """Return a comma-separated variable as a list of non-empty items."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# The default key is only for development; `check --deploy` flags it (security.W009).
SECRET_KEY = env_str(
    "SECRET_KEY", "django-insecure-markaz-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The admin's path; moving it off the well-known /admin/ spares it most password-guessing bots.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(f"ADMIN_URL must look like 'office/', got {ADMIN_URL!r}")
# The deployed version (e.g. a commit); part of every page's ETag, so a deploy revalidates pages.
RELEASE = env_str("RELEASE", "")

INSTALLED_APPS = [
    "registry.apps.MarkazAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "import_export",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "registry",
    "centres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the Content-Security-Policy header too.
    "csp.middleware.CSPMiddleware",
    # Before anything that answers: the API's CORS headers and preflights (/api/ only, below).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and downloads compressed for clients that ask (static files come compressed from
    # WhiteNoise, above). Django's GZip pads each response against BREACH; public pages hold no
    # secret, and the admin's CSRF token is masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "registry.web.middleware.AbortedStreamLogMiddleware",
    "registry.web.middleware.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English at the plain paths, Urdu under /ur/ (registry.urls); never guessed from headers.
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body: wrong methods (405), oversized bodies (413), NULs (400);
    # after the locale, so the 400 page speaks the request's language.
    "registry.web.guards.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "registry.web.middleware.PublicPageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "registry.admin.auth.IdleSessionMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

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
                "registry.web.context_processors.demo_notice",
                "registry.web.context_processors.registry_changed",
            ],
        },
    },
]


def database(url, **options):
    """Return the settings of a database URL, with persistent, health-checked connections."""
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
        **options,
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Give up on an unreachable server quickly, so a lost database answers 503 in ~2 s.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2))
        # No JIT: the exports' per-row subqueries cost enough for PostgreSQL to compile them,
        # and compiling took much of the companies CSV's query, every time.
        # Random reads priced as cached ones: the registry fits in memory. At the default 4, a
        # companies page hashed every facility to join its few tenancies to theirs, where index
        # lookups cost a fraction of that.

        options.setdefault("options", "-c jit=off -c random_page_cost=1.1")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Write-ahead logging: readers never wait for a writer, so a long import leaves every
        # page readable. One writer at a time still: a transaction takes the write lock when
        # it begins (no upgrade from reader to writer to deadlock on), and another writer
        # waits for it up to the busy timeout before "database is locked".
        options = config.setdefault("OPTIONS", {})
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", env_int("SQLITE_BUSY_TIMEOUT", 60))
    return config


DATABASES = {"default": database(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Public pages read from a replica when there is one (registry/web/routers.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(
        env_str("DATABASE_REPLICA_URL"), test_options={"MIRROR": "default"}
    )
DATABASE_ROUTERS = ["registry.web.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; on SQLite they are plain indexes, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Five failed logins lock that username from that address for 15 minutes (SPEC §5): only that
# pair, so a stranger's failures never refuse the owner's password sent from another address, and
# nobody locks a whole address that many centres share. The address is the one the reverse proxy
# reports (registry.web.clients.client_address, BEHIND_PROXY and TRUSTED_PROXY_COUNT below).
AUTHENTICATION_BACKENDS = [
    "registry.admin.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "registry.web.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# An admin session ends after 30 minutes without a request
# (registry.admin.auth.IdleSessionMiddleware).
SESSION_COOKIE_AGE = 30 * 60
# Where a login goes when its `next` is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"

# History is read-only: no reverting from the history page; clerks' reasons may be long.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ur", "اردو")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Pakistan Standard Time: "today", fiscal years and overdue reports follow the local calendar.
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["registry.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content hashes in their names, served by WhiteNoise for a year.
    "staticfiles": {"BACKEND": "registry.web.storage.StaticFilesStorage"},
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Admin imports (README "Imports"): uploads of at most IMPORT_MAX_UPLOAD_MB, and XLSX workbooks
# that unpack to at most IMPORT_MAX_XLSX_INFLATED_MB, are accepted and kept in the database for
# IMPORT_UPLOAD_HOURS; those above IMPORT_INLINE_MAX_KB are checked and imported by the task
# worker (`manage.py db_worker`), the rest within the request.
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 50, minimum=1)
IMPORT_MAX_XLSX_INFLATED_MB = env_int("IMPORT_MAX_XLSX_INFLATED_MB", 500)
IMPORT_INLINE_MAX_KB = env_int("IMPORT_INLINE_MAX_KB", 256)
IMPORT_UPLOAD_HOURS = env_int("IMPORT_UPLOAD_HOURS", 24)
# Monthly returns (SPEC §2.5): the return for a month is due on this day of the next month; at
# most 28, so every month has the day.
REPORT_DUE_DAY = env_int("REPORT_DUE_DAY", 15, minimum=1, maximum=28)
# Reports flagged for review (SPEC §5): workers more than REPORT_FLAG_FACTOR times, or less than
# 1/REPORT_FLAG_FACTOR of, the previous report's when it had at least REPORT_FLAG_MIN_WORKERS;
# the women's share moving by more than REPORT_FLAG_SHARE_POINTS percentage points.
REPORT_FLAG_FACTOR = env_int("REPORT_FLAG_FACTOR", 3, minimum=2)
REPORT_FLAG_MIN_WORKERS = env_int("REPORT_FLAG_MIN_WORKERS", 10, minimum=1)
REPORT_FLAG_SHARE_POINTS = env_int("REPORT_FLAG_SHARE_POINTS", 30, minimum=1, maximum=100)
# E-mail (return reminders, README "Monthly returns"): SMTP from the environment; without
# EMAIL_HOST, messages are written to the console, as development wants.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Markaz <markaz@localhost>")
# The site's address as people reach it, for links in e-mails (no request to build them from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Background tasks (django-tasks) live in the database, so every app server and the worker
# share them whatever the database: no other service to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Security (SPEC §6). Production serves HTTPS only and sets HTTPS=1; development and tests
# run over plain HTTP. With the production variables of .env.example, `check --deploy` is clean.
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
# A load balancer may probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto and X-Forwarded-For
# (README "Deploying"). Each trusted proxy appends the address it saw to X-Forwarded-For, so the
# client's is the TRUSTED_PROXY_COUNT-th from the right; anything left of it is the client's own
# claim. Without BEHIND_PROXY both headers are ignored: the client is REMOTE_ADDR.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1) if BEHIND_PROXY else 0
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Request bodies (SPEC §6, registry.web.guards): larger than REQUEST_BODY_MAX_MB answers 413 unread;
# the admin's import pages take IMPORT_MAX_UPLOAD_MB more for the file. The proxy's
# client_max_body_size is their sum (README "gunicorn behind a reverse proxy").
REQUEST_BODY_MAX_MB = env_int("REQUEST_BODY_MAX_MB", 5, minimum=1)
# The form fields of any request, files aside (Django answers 400 above it).
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_MB * 1024 * 1024
# An uploaded file up to this size is kept in memory, a larger one in a temporary file: Django's
# default, stated beside the caps it is not one of.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page is plain HTML and CSS from our own origin: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# A shared cache (Redis) for rendered public pages, keyed by the registry's version so an edit
# is visible at once (registry/web/middleware.py); without REDIS_URL, a per-process cache only.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "markaz",
            # An unreachable Redis must cost a page at most a second, never hang it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)

# The JSON API (SPEC §4.4, registry/api/, centres/api/): read-only, public, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "registry.api.negotiation.OneFormat",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.AddressRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.ListPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
}
# Requests per client address (the one the reverse proxy reports, registry/web/clients.py), as
# DRF writes a rate ("120/minute"); empty for no limit. Counted in the default cache: Redis when
# REDIS_URL is set, so every app server shares the count; else each process counts its own.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "120/minute") or None
SPECTACULAR_SETTINGS = {
    "TITLE": "Markaz open data API",
    # The rest of the API's description is each operation's (registry/api/, centres/api/).
    "DESCRIPTION": "Read-only JSON of Markaz's public lists, details, progress and returns.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.error_responses",
    ],
}
# Any site may read the API from a browser: GET (and HEAD, OPTIONS for preflights), no cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "filters": {"one_line_warning": {"()": "registry.web.logs.OneLineWarning"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
        # A request Django refuses as suspicious (a disallowed Host, a NUL, too many fields) is
        # the client's doing: one line at WARNING, not a traceback at ERROR.
        "security": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["one_line_warning"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.security": {"handlers": ["security"], "propagate": False}},
}
