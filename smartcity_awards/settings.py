"""Settings for Smart City Awards.

This module is the one reader of the environment. Every value that differs between a laptop,
CI and production comes from an environment variable; everything else is fixed here.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Debug is off unless asked for, so a server started without configuration is a production server
# and refuses to run without a secret key and host names rather than running insecurely.
DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not DEBUG:
    missing = [
        name
        for name, value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG unset or false) needs "
            + " and ".join(missing)
            + ". Set them, or set DJANGO_DEBUG=1 for local development."
        )
else:
    # A fixed development key: never used with DEBUG off, where the check above demands a real one.
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, with the committee's order of work (common/admin_site.py).
    "common.admin_site.CommitteeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "import_export",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    # Django's task framework (the backport of django.tasks) and its database queue (TASKS below).
    "django_tasks",
    "django_tasks_db",
    # No tables: its system checks, signal receivers and commands (common/apps.py).
    "common",
    "offices",
    "awards",
    "results",
    "judging",
]

# The admin's home and sidebar in the committee's order of work (common/admin_site.py): a section
# per step, with its help; each model in the first section naming it.
ADMIN_SECTIONS = [
    (
        _("1. Events, awards and places"),
        _("An event, its awards (copied from last year's or new), their categories and places; publishing."),
        ["awards.evaluationevent", "awards.award", "awards.ranking", "awards.signatory"],
    ),
    (
        _("2. Who takes part"),
        _("The offices and their kinds (Kapanewon, Kalurahan, …), channels and accounts."),
        ["offices.office", "offices.officekind", "offices.channel", "offices.officeaccount"],
    ),
    (
        _("3. Judging in the application"),
        _("Only when the committee scores here: criteria, judges, metrics and scores."),
        [
            "judging.judging",
            "judging.criterion",
            "judging.judgeassignment",
            "judging.accountmetrics",
            "judging.score",
        ],
    ),
    (
        _("4. Accounts and sign-in"),
        _("For the administrator: users, groups, two-factor devices, sign-in attempts."),
        [
            "auth.user",
            "auth.group",
            "otp_totp.totpdevice",
            "otp_static.staticdevice",
            "axes.accessattempt",
            "axes.accessfailurelog",
            "axes.accesslog",
        ],
    ),
    (
        _("5. This installation"),
        _(
            "Set once: your government's name, heading, time zone, emblem and public address; "
            "the background work's results."
        ),
        ["offices.government", "django_tasks_database.dbtaskresult"],
    ),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers a public page this worker served under the current generation (common/pagecache.py)
    # before the sessions, language, URL resolving and view: below the security headers and CSP,
    # which it keeps on every answer; above everything whose headers it replays.
    "common.pagecache.WorkerCopyMiddleware",
    # Times on the pages drawn below follow the government's zone (WIB, WITA or WIT).
    "offices.middleware.GovernmentTimeZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.LocaleMiddleware",
    # After the language is chosen, so that its 400 speaks the page's language.
    "common.middleware.BadQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A request whose If-None-Match / If-Modified-Since still holds gets 304 (public pages set
    # ETag and Last-Modified from their published version).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A superuser, or whoever has set up an authenticator, confirms the sign-in with a code
    # before any admin page (common/otp.py).
    "common.otp.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made a change, for the history records written while this request runs.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartcity_awards.urls"


def _public_url(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


# An event's and an office's public pages are results' (the published record): named here, so
# awards and offices, which stand below results, never name its URLs.
ABSOLUTE_URL_OVERRIDES = {
    "awards.evaluationevent": lambda event: _public_url("results:event-detail", slug=event.slug),
    "offices.office": lambda office: _public_url("results:office-detail", slug=office.slug),
}

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
                "common.context_processors.language_links",
                "offices.context_processors.government_context",
            ],
        },
    },
]

WSGI_APPLICATION = "smartcity_awards.wsgi.application"

# SQLite in the project folder is the embedded default so that `make run` needs no server;
# production and CI point DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every worker and every server must share one cache: the page cache's invalidation goes through
# it (DESIGN.md), and a cache of one worker's own would go on serving a page the others unpublished.
# Redis when REDIS_URL is set; otherwise, in production, the database's cache table (created by
# `manage.py createcachetable`, deploy/manage.sh); local memory only while developing (one process).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "sca")
# A Redis on the same network answers in about a millisecond, a 100 kB page included; one that
# has not answered in 0.1 s is hung, and waiting longer only holds a worker. After a timeout or
# a refused connection each worker skips the cache for CACHE_BREAKER_SECONDS and renders from the
# database (common/circuit.py), so a hung Redis costs one timeout per worker per pause, not one
# per request.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.1"))
CACHE_BREAKER_SECONDS = float(os.environ.get("CACHE_BREAKER_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Bounded: past this many entries the backend culls a third of them.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background work (drawing an event's certificates) runs as tasks of Django's task framework, in a
# worker beside the app servers, never in a thread of a web worker. DJANGO_TASKS_BACKEND chooses
# the queue: "database" (the default) keeps the tasks in a table of the app's database, run by
# `manage.py db_worker` (`make run` starts one; deploy/smartcity-awards-worker.service in
# production); "rq" keeps them in Redis (TASKS_REDIS_URL, by default REDIS_URL), run by
# `manage.py rqworker --job-class django_tasks_rq.Job` on as many machines as needed. RQ needs
# django-tasks-rq and django-rq, which are not installed by default (docs/deploy.md).
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "database").strip().lower() or "database"
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "rq":
    import importlib.util

    if not all(importlib.util.find_spec(name) for name in ("django_tasks_rq", "django_rq")):
        raise ImproperlyConfigured(
            "DJANGO_TASKS_BACKEND=rq needs the packages django-tasks-rq and django-rq: "
            "pip install -r deploy/requirements-rq.txt (docs/deploy.md)."
        )
    TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", "") or REDIS_URL
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("DJANGO_TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # A job may take as long as drawing a large event's certificates (minutes, not seconds).
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 60 * 60}}
else:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND is {TASKS_BACKEND!r}; it must be “database” (the default) or “rq”."
    )

# Sessions stay in the database, not in Redis: the database is the one part the site cannot serve
# without anyway, so sessions add no new way to fail, and a hung Redis never stops the committee
# from signing in. A session read is one query by primary key, made only for requests that carry
# a session cookie (public pages are served without it: common/pagecache.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How long a public page stays cached. Changes never wait for this: they replace the cache
# generation (common/pagecache.py); the limit bounds what old pages hold and how long a page
# cached before a cache outage can outlive a change made during it.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(10 * 60)))
# How long a shared cache in front of the app (nginx's microcache, docs/deploy.md) may serve a
# public page or file before it asks again (with its ETag: a 304 when nothing was published).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "5"))
# How long nginx may serve a public page's last good copy while the app servers fail
# (Cache-Control stale-if-error); past it, visitors see the error rather than an old record.
PUBLIC_STALE_IF_ERROR_SECONDS = int(os.environ.get("PUBLIC_STALE_IF_ERROR_SECONDS", "60"))
# /verify/<code>/: an address that tries this many codes no certificate has, within the window
# (seconds), is refused until the window ends; codes are 8 of 31 characters, so only a guesser
# meets it.
VERIFY_MISSES_LIMIT = int(os.environ.get("VERIFY_MISSES_LIMIT", "20"))
VERIFY_MISSES_WINDOW = int(os.environ.get("VERIFY_MISSES_WINDOW", str(10 * 60)))
# The public address printed on certificates for their verification code (/verify/<code>/):
# printed, so it must not depend on the request. Defaults to the first allowed host.
PUBLIC_BASE_URL = os.environ.get("DJANGO_PUBLIC_URL", "") or (
    "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}"
)
PAGE_GENERATION_SECONDS = int(os.environ.get("PAGE_GENERATION_SECONDS", "60"))
# django-axes first: it refuses a locked-out username and address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each request shows times in the government's own zone (offices.Government, edited in the admin,
# activated by offices.middleware); this is only the zone of work outside a request that does not
# ask for it, and Banjarmasin's, the government a fresh installation starts with.
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
IMPORT_TMP_ROOT = Path(os.environ.get("DJANGO_IMPORT_TMP_ROOT", BASE_DIR / "import-tmp"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files waiting between an import's preview and its confirmation: outside MEDIA_ROOT, which
    # nginx serves, with no address; removed on confirmation, or after a day by
    # `manage.py clean_import_files` (deploy/). With several app servers, on the shared volume.
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(IMPORT_TMP_ROOT), "base_url": None},
    },
    "staticfiles": {
        # Hashed, compressed files in production; the plain backend under DEBUG so that a fresh
        # checkout serves without running collectstatic first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Uploads larger than this are refused before they reach a form (logos are at most 2 MB,
# spreadsheets at most 5 MB; the margin leaves room for the multipart envelope). nginx refuses
# bodies over 7 MB before they reach the app (docs/deploy.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# The event page is the largest form: about 20 event fields, signatories, and up to 300 place rows
# of 9 fields each (3 channels x 2 kinds x up to 50 places) come to under 2,800; 5,000 leaves room
# and still refuses a request built to exhaust the server with fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# django-import-export: importing and exporting each need their own permission, not merely the
# view permission the library would otherwise accept.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Between the preview and the confirmation the uploaded file waits in the storage "import_export"
# (STORAGES above; the library's own hook), which all app servers share, not in one server's
# temporary folder, and never under the public media.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

# Guessing admin passwords: five failures for one username from one address lock that pair out
# for half an hour (also with the right password). Locking the pair, never the username alone,
# means nobody can lock a committee member out from their own addresses: the right person signs
# in from any other address. Attempts refused while locked are not counted and do not move the
# lock's end. The attempts live in the database, so every app server sees them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)  # templates/registration/lockout.html says 30 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Guesses spread over many addresses (a botnet) meet a slow path, not a lock: once a username has
# LOGIN_SLOW_AFTER failures in the cool-off from all addresses together, the addresses that have
# failed for it share one password check per LOGIN_SLOW_SECONDS; an address new to the name is
# checked at once (common.security.login_wait_seconds).
LOGIN_SLOW_AFTER = 20
LOGIN_SLOW_SECONDS = 30
# Two-factor sign-in (django-otp, common/otp.py): the name authenticator apps show, and the
# admin's device pages (where the administrator resets a lost phone) never show a secret key.
OTP_TOTP_ISSUER = "Smart City Awards"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# How many reverse proxies stand in front of the app and append to X-Forwarded-For (docs/deploy.md:
# one nginx). The client address is the one the outermost of them appended; anything left of it
# was sent by the client and is not believed. 0 (the default) believes no header: gunicorn reached
# directly would otherwise take a client's forged header for its address. deploy/env.example sets 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp): everything from this site only, nothing inline. Public
# pages are cached, so no nonces; base.html and the pages ship no inline script or style. The
# Django admin works under the same policy; under /admin/ four inline attributes of
# simple-history's and django-import-export's templates (three styles, one event handler) are
# allowed by their exact hashes (common/csp.py), never a <script> block
# (tests/browser/test_csp_admin.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# History (django-simple-history): reverting from the history page would write past the services
# and their rules, so the history is for reading only.
SIMPLE_HISTORY_REVERT_DISABLED = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The load balancer probes over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The admin sends the form's CSRF token, so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

# Logs go to standard error, one JSON object per line in production (a log shipper reads them
# without parsing prose); plain lines while developing. Errors carry the request's path, method and
# status, never the request's body or cookies.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "common.logs.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
            # An ISO 8601 time in UTC, whatever the server's time zone.
            "timestamp": True,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handler mails admins; here every error goes to the console as one line.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes announces its configuration at every start of every command; its lockouts
        # and failed logins (other loggers of it) still reach the console.
        "axes.apps": {"level": "WARNING"},
    },
}
