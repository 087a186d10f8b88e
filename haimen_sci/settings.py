"""Settings, all read from the environment (README "Settings").

Nothing set: DEBUG on, a SQLite file, Celery eager, local-memory cache — the portal runs on
a fresh machine with no services. DATABASE_URL and REDIS_URL switch to PostgreSQL and to
Redis as Celery broker, result backend and cache.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "import_export",
    "auditlog",
    "axes",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "core",
    "accounts",
    "enterprises",
    "carriers",
    "investment",
    "cooperation",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Login everywhere but the views marked @login_not_required (login, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user as the actor of every change-log entry.
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haimen_sci.urls"
WSGI_APPLICATION = "haimen_sci.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: a page's aggregates are many small plans (the dashboard's UNION of every KPI), where
    # compiling hundreds of functions costs seconds and saves nothing (docs/decisions.md, issue 14).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(url):
    """The cache on Redis. The cache only saves work: with Redis down every read is a miss and
    every write is dropped (IGNORE_EXCEPTIONS, logged), so pages compute instead of answering 500."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "haimen"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2, "IGNORE_EXCEPTIONS": True},
        }
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker and result backend; eager when there is no Redis.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task must learn within ~2 s that the queue is down (and say so),
# not retry for 20 s: one connection attempt of 1 s to the broker, none again on publish, and
# the same for the result store (Celery subscribes to the task's result as it sends it).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
}
# Task modules outside `<app>/tasks.py` (the reports' builds live in reports/summary/).
CELERY_IMPORTS = ["reports.summary.tasks"]
CELERY_BEAT_SCHEDULE = {
    # The monthly KPI brief (月报) of the month just ended, on the 1st.
    "report-monthly-brief": {
        "task": "reports.summary.tasks.report_monthly_task",
        "schedule": crontab(day_of_month=1, hour=7, minute=0),
    },
    # Report builds whose worker died are marked failed (not left "running" for ever).
    "report-sweep": {"task": "reports.summary.tasks.report_sweep_task", "schedule": crontab(minute="*/5")},
    # Before office hours: this year's 强基 pool diagnosed into the cache (the ranking page reads it).
    "diagnosis-ranking-warm": {
        "task": "enterprises.tasks.diagnosis_ranking_warm_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # The dashboard's default periods recomputed into the cache, so leaders never wait (issue 14).
    "dashboard-refresh": {
        "task": "reports.dashboard.tasks.dashboard_refresh_task",
        "schedule": timedelta(minutes=int(os.environ.get("DASHBOARD_REFRESH_MINUTES", "5"))),
    },
    # Early on the 1st: last month's value of every snapshot-kind KPI, for the trend charts.
    "kpi-monthly-snapshot": {
        "task": "reports.dashboard.tasks.kpi_snapshot_task",
        "schedule": crontab(day_of_month=1, hour=0, minute=20),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # One address failing with many usernames is locked out too (core/security.py).
    "core.security.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 8 working hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Lockout after repeated failed logins (django-axes logs each attempt in AccessAttempt).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# Username + IP together: an intranet behind one NAT address must not lock everyone out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# ...and one address that fails with this many different usernames within the cool-off time is
# locked out as a whole (password spraying), however few tries each username got.
AXES_ADDRESS_USERNAME_LIMIT = int(os.environ.get("AXES_ADDRESS_USERNAME_LIMIT", "10"))

# The page that answers a failed CSRF check: Chinese, in the portal's layout.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# Content-Security-Policy: scripts only from our own origin (no inline scripts or handlers;
# page data reaches scripts through data-* attributes and <script type="application/json">
# blocks, which are data and not run). Styles allow 'unsafe-inline' because Bootstrap's and
# ECharts' JavaScript set style attributes on elements they position (dropdowns, tooltips,
# the chart canvas), which CSP counts as inline style; style injection cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Production hardening; behind an HTTP-only intranet proxy set SECURE_SSL_REDIRECT=0 etc.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from package-lock.json (npm ci at set-up) and are served from
# node_modules under /static/vendor/ — nothing third-party is committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
]
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The bureau's own copy of the work summary's wording (default: reports/summary/wording.toml).
REPORT_WORDING_FILE = os.environ.get("REPORT_WORDING_FILE", "")
# The period the KPI pages, the dashboard and a leader's home open on ("2023-H1"); unset: the
# current half-year. `make run` sets the demo's 2023-H1 (reports/periods.py::default_period).
KPI_DEFAULT_PERIOD = os.environ.get("KPI_DEFAULT_PERIOD", "")
# How many queries a cold dashboard's figures may run at the same time, each on its own database
# connection (reports/dashboard/figures.py::parts); 1 runs them as one query. About the number of
# cores PostgreSQL may give one page.
FIGURE_CONNECTIONS = int(os.environ.get("FIGURE_CONNECTIONS", "2"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

FORM_RENDERER = "core.perf.renderers.PortalFormRenderer"  # Django's, plain widgets written in Python
DJANGO_TABLES2_TEMPLATE = "django_tables2/portal.html"  # bootstrap5-responsive, rows in Python (core.perf.tables)
# A filter's dropdown starts at 全部 (no filter), not at Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = "全部"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover table-sm align-middle"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The schema needs a login like every page but login and /healthz (drf-spectacular serves it to
# anyone by default).
SPECTACULAR_SETTINGS = {
    "TITLE": "海门区科技创新工作平台 API",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
}

# The folder of real-world spreadsheets some importer tests also run on (.ci/run points it at a
# sibling checkout's copy). Unset: those tests skip, saying so; files built in the tests cover
# the same behaviour.
REALDATA_DIR = os.environ.get("REALDATA_DIR", "")

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "INFO"}},
}
