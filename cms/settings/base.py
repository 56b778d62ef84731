"""Settings shared by every profile.

The base is secure by default: ``DEBUG`` is off and the secret key and allowed hosts
come only from the environment. ``dev`` and ``test`` relax that for local work;
``production`` adds the HTTPS hardening that ``check --deploy`` expects.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from cms.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First-party apps first so their templates override Wagtail's where they must.
    "cms",
    "themes",
    "sites",
    "procedure_pages",
    "forms_library",
    "dossiers",
    "dashboards",
    "search",
    # The notifications outbox's task queue (dossiers.tasks), in the database.
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    # API v3's interactive docs from its own static files (no CDN).
    "ninja",
    # CORS for the headless API (CORS_ALLOWED_ORIGINS).
    "corsheaders",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # /healthz and /readyz for probes: before HTTPS redirects and host checks.
    "cms.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer: a preflight is answered here.
    "corsheaders.middleware.CorsMiddleware",
    # Static files (compressed, fingerprinted in production) before anything else.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache did not (it stores gzip and br itself).
    "django.middleware.gzip.GZipMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "sites.middleware.UnknownHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.PortalLanguageMiddleware",
    "cms.middleware.RequestSizeLimitMiddleware",
    "cms.middleware.QueryParameterMiddleware",
    # Anonymous pages from the shared cache, before sessions, CSRF and users.
    "cms.middleware.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
# DATABASE_URL selects the engine; without it the portal runs on an SQLite file.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")


def database_from_url(url: str, conn_max_age: int = 0) -> dj_database_url.DBConfig:
    """Build one ``DATABASES`` entry, tuned per engine.

    Connections live ``DB_CONN_MAX_AGE`` seconds (``conn_max_age`` by default:
    0 here, persistent in production), checked before reuse.

    SQLite gets WAL journaling (readers don't block the writer) and IMMEDIATE
    transactions (a writer takes the lock when its transaction starts, so two
    concurrent writers queue behind ``timeout`` instead of failing with
    "database is locked" half way through).
    """
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("DB_CONN_MAX_AGE", conn_max_age),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # var/ is not in git: a fresh clone must still start.
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    return config


DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# One cache shared by every process: Redis when REDIS_URL is set (production, see
# README), else files under VAR_DIR/cache, so `make demo` needs no server. Rate
# limits, the visitor counter, synonyms and the site lookup use "default"; the
# page cache (cms.core.cache) its own "pages" alias, which fails open: without
# Redis pages are rendered, never refused.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX") or "cms"


def caches_from_env(redis_url: str | None, prefix: str, var_dir: Path) -> dict:
    """The two cache aliases, on Redis or on files."""
    if redis_url:
        options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
        return {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": prefix,
                "OPTIONS": options,
            },
            "pages": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"{prefix}-pages",
                "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
            },
        }
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "cache" / alias),
            "KEY_PREFIX": prefix,
        }
        for alias in ("default", "pages")
    }


CACHES = caches_from_env(REDIS_URL, CACHE_KEY_PREFIX, VAR_DIR)

# --- Page cache (cms.core.cache, cms.middleware.PageCacheMiddleware) -------------
# Anonymous pages are kept PAGE_CACHE_SECONDS at most and purged on publish; a
# front-end cache (nginx, Varnish, CDN) may keep them PAGE_CACHE_SHARED_MAX_AGE.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 60)
# Parts of pages kept in the shared cache (cms.core.fragments): the menu, the
# home panels, a catalogue's or a procedure's body; purged on any page save, at
# most FRAGMENT_CACHE_SECONDS old (what no purge follows: "most used").
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# Never stored nor served from the cache (regular expressions on the path): the
# admin, dossier tracking, online-service forms, writes and health checks.
PAGE_CACHE_EXCLUDED_PATHS = [
    r"^/admin/",
    r"^/django-admin/",
    r"^/tra-cuu-ho-so/",
    r"/nop-truc-tuyen/",
    r"^/api/v3/",
    r"^/documents/",
    r"^/ngon-ngu/",
    r"^/i18n/",
    r"^/luot-truy-cap/",
    r"^/(healthz|readyz)$",
]
# A change to one of these (app_label.Model or app_label.*) purges every page.
PAGE_CACHE_PURGE_MODELS = [
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtaildocs.Document",
    "wagtailimages.Image",
    "portal_sites.*",
    "procedure_pages.*",
    "forms_library.*",
    "themes.*",
    "portal_search.Synonym",
    "portal_search.PromotedResult",
]
# …except these, which change no page a visitor sees (or change all the time).
PAGE_CACHE_IGNORED_MODELS = [
    "portal_sites.VisitCounter",
    "forms_library.FormDownloadCount",
    "forms_library.OnlineDraft",
    "forms_library.DraftFile",
    # Citizens' questions: a moderated one purges its procedure's sites only
    # (procedure_pages.questions), a new one changes no page.
    "procedure_pages.ProcedureQuestion",
]
# Tasks (by module) whose end means the search index changed.
PAGE_CACHE_SEARCH_TASKS = ["search."]
# A front-end cache that accepts HTTP PURGE (nginx, Varnish): Wagtail's
# frontend_cache sends it the changed pages (README, production notes).
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

# --- Passwords ------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The online services' catalogue lives in their package (forms_library/online),
# apart from the forms library's own (both are translated per app).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "forms_library" / "online" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

# --- Files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Citizens' uploads live outside MEDIA_ROOT and have no URL: they are only ever
# served by views that check permissions.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Imports (cms.core.tabular): an XLSX is inflated once under these limits before
# it is read (a 100,000-procedure sheet is 224 MB; a cell holds at most 32,767
# characters). The admin's import keeps a checked file this many hours at most
# when its dry run is never confirmed (purge_import_uploads).
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 512 * 1024 * 1024)
IMPORT_MAX_TEXT_BYTES = env_int("IMPORT_MAX_TEXT_BYTES", 1024 * 1024)
IMPORT_UPLOAD_MAX_AGE_HOURS = env_int("IMPORT_UPLOAD_MAX_AGE_HOURS", 24)
# A request body declared larger than this is refused with 413 before it is read
# (cms.middleware.RequestSizeLimitMiddleware): one upload plus the form around it.
# The reverse proxy enforces the same limit (README, production notes).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", UPLOAD_MAX_BYTES + 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Virus scanning -------------------------------------------------------------
# clamd's address: tcp://host:port or unix:///run/clamav/clamd.ctl. Unset: no
# scanner; uploads are checked by content only and `manage.py check` warns
# (forms_library.W001). With one, a stored form file is served once it is clean.
CLAMD_URL = env_str("CLAMD_URL")
CLAMD_TIMEOUT = float(env_str("CLAMD_TIMEOUT", "30"))
VIRUS_SCANNER = (
    {
        "BACKEND": "forms_library.validation.scanners.ClamdScanner",
        "OPTIONS": {"url": CLAMD_URL, "timeout": CLAMD_TIMEOUT},
    }
    if CLAMD_URL
    else None
)

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Cổng dịch vụ công <noreply@localhost>"
)

# --- Security defaults (production tightens further) ---------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The visitor counter's cookies (sites.visits); production sends them over HTTPS only.
VISIT_COOKIE_SECURE = False
# Avatars come from the portal, never from a third party told the editors' emails.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor do editors' browsers ask wagtail.org for new releases (the admin's CSP
# allows no outside connection; upgrades go through requirements.txt).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp, cms.middleware.SecurityHeadersMiddleware):
# public pages run only the portal's own scripts; the one inline style (a site's
# colour) carries the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin relies on inline scripts and styles: its own, looser policy.
CONTENT_SECURITY_POLICY_ADMIN = {
    # API v3's interactive docs (Swagger UI) style elements inline too.
    "PATH_PREFIXES": ["/admin/", "/api/v3/docs/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Browser features no page of the portal uses (empty list: allowed nowhere).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# --- Login throttling (django-axes; cms.throttling) ------------------------------
# Failed logins count per account and per client address; either reaching the
# limit blocks logging in (any password) for the cool-off time. Unknown user
# names count like real ones, so a lockout reveals no account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "cms.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.throttling.client_ip"

# --- Search ---------------------------------------------------------------------
# Unset: the portal's own search uses the database fallback.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "cms")
ELASTICSEARCH_TIMEOUT = float(env_str("ELASTICSEARCH_TIMEOUT", "2.0"))
# Wagtail's admin search stays on the database: the public search has its own
# elasticsearch-dsl index (search/ app) and must never block editors.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background tasks (Wagtail 8 uses django-tasks) -----------------------------
# The default queue (search sync, virus scans, Wagtail's own tasks): run inside
# the request here and in tests; in the database for a worker in production
# (`manage.py db_worker`, started by scripts/run-production.sh). TASKS_BACKEND
# picks another (django_tasks_db.DatabaseBackend for a worker anywhere).
TASKS_BACKEND = env_str(
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)
# /readyz turns red when a ready task has waited longer than this (no worker),
# and when Elasticsearch does not answer only if READYZ_REQUIRE_SEARCH (the
# search falls back to the database meanwhile).
TASKS_MAX_WAIT_SECONDS = env_int("TASKS_MAX_WAIT_SECONDS", 120)
READYZ_REQUIRE_SEARCH = env_bool("READYZ_REQUIRE_SEARCH", False)
TASKS = {
    "default": {"BACKEND": TASKS_BACKEND},
    # Notices to applicants (dossiers.outbox): a queue in the database, so it
    # works on the embedded SQLite default too; `manage.py db_worker --backend
    # notifications --queue-name notifications` delivers them.
    "notifications": {
        "BACKEND": env_str(
            "DOSSIERS_NOTIFY_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["notifications"],
    },
}

# --- Demo content ---------------------------------------------------------------
# Share of the plan's generated sample procedures that `seed_demo` creates (1.0 =
# the plan's 1,006). Tests use a small share: seeding the whole plan per test
# would dominate the suite's run time.
DEMO_SAMPLE_SCALE = float(env_str("DEMO_SAMPLE_SCALE", "1.0"))

# --- Online services and dossiers (forms_library.online, dossiers) --------------
# A draft of an online application is kept this many days after its last change;
# then it and its files are purged (``manage.py purge_online_drafts``).
ONLINE_DRAFT_TTL_DAYS = env_int("ONLINE_DRAFT_TTL_DAYS", 30)
# The province the address picker opens on (code of the vietnam-provinces data).
ONLINE_DEFAULT_PROVINCE_CODE = env_int("ONLINE_DEFAULT_PROVINCE_CODE", 4)
# Submissions per client (honeypot aside), per django-ratelimit's rate syntax.
ONLINE_SUBMIT_RATE = env_str("ONLINE_SUBMIT_RATE", "30/h")
# Questions about procedures (hỏi đáp) recorded per client.
PROCEDURE_QUESTION_RATE = env_str("PROCEDURE_QUESTION_RATE", "10/h")
# Citizens' feedback on service quality (phản ánh, kiến nghị) goes to the desk of
# the unit of this site (host name), else of the department of this name.
FEEDBACK_UNIT_HOSTNAME = env_str("FEEDBACK_UNIT_HOSTNAME", "")
FEEDBACK_UNIT_NAME = env_str("FEEDBACK_UNIT_NAME", "Sở Nội vụ")
FEEDBACK_SUBMIT_RATE = env_str("FEEDBACK_SUBMIT_RATE", ONLINE_SUBMIT_RATE)
# Dossiers received after this local time count from the next working day.
DOSSIERS_DAILY_CUTOFF = env_str("DOSSIERS_DAILY_CUTOFF", "16:30")
# Tracking lookups (code + second factor, resume codes) per client.
DOSSIERS_TRACK_RATE = env_str("DOSSIERS_TRACK_RATE", "10/m")
# A tracking lookup answers no sooner than this, found or not (no timing oracle).
DOSSIERS_TRACK_MIN_SECONDS = float(env_str("DOSSIERS_TRACK_MIN_SECONDS", "0.1"))
# Fallback for units without a national agency code (ReceivingAgencyCode rows).
DOSSIERS_AGENCY_CODE_PREFIX = env_str("DOSSIERS_AGENCY_CODE_PREFIX", "")
# django-ratelimit reads the client address from this header (the proxy's one in
# production, e.g. HTTP_X_REAL_IP); its counters need a cache shared by workers.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
# The desk (issue 12): "due soon" means within this many working days; an
# opinion request is due after this many working days unless staff set a date.
DOSSIERS_DUE_SOON_DAYS = env_int("DOSSIERS_DUE_SOON_DAYS", 3)
DOSSIERS_OPINION_DAYS = env_int("DOSSIERS_OPINION_DAYS", 5)
# The outbox: a failed notice is retried after 1, 2, 4… minutes (at most
# DOSSIERS_NOTIFY_MAX_DELAY seconds apart), then marked failed, never dropped,
# after DOSSIERS_NOTIFY_MAX_ATTEMPTS tries. A worker owns a notice it took for
# DOSSIERS_NOTIFY_LEASE seconds (then another may take it over).
DOSSIERS_NOTIFY_MAX_ATTEMPTS = env_int("DOSSIERS_NOTIFY_MAX_ATTEMPTS", 15)
DOSSIERS_NOTIFY_MAX_DELAY = env_int("DOSSIERS_NOTIFY_MAX_DELAY", 3600)
DOSSIERS_NOTIFY_LEASE = env_int("DOSSIERS_NOTIFY_LEASE", 300)
# SMS to applicants behind one interface; the default only logs the message.
DOSSIERS_SMS_BACKEND = env_str("DOSSIERS_SMS_BACKEND", "dossiers.sms.LoggingSmsBackend")

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cổng dịch vụ công"
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", "http://caobang.localhost:8000"
)
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "rtf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document upload goes through the portal's one upload validator.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "forms_library.forms.SafeDocumentForm"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

# --- Headless API v3 (cms.core.api) ------------------------------------------------
# Front ends on other origins that may call /api/v3/ from a browser (CORS), e.g.
# https://app.caobang.gov.vn; none by default.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/v3/.*$"
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-none-match",
    "if-modified-since",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 3600
# Requests per client address (django-ratelimit syntax): reads, and writes on
# top of the dossiers' own limits; answered 429 with Retry-After beyond them.
API_READ_RATE = env_str("API_READ_RATE", "300/m")
API_WRITE_RATE = env_str("API_WRITE_RATE", "60/m")
# Cache-Control max-age of public API answers (seconds).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# Headless previews (cms.previews): the front end that previews a site's drafts,
# "host=url" pairs separated by commas ("default=url" for every other site), and
# how long a preview link stays valid (seconds).
HEADLESS_PREVIEW_URLS = dict(
    item.split("=", 1) for item in env_list("HEADLESS_PREVIEW_URLS") if "=" in item
)
HEADLESS_PREVIEW_TTL = env_int("HEADLESS_PREVIEW_TTL", 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # ISO 8601 local time with its offset (TIME_ZONE): 2026-12-01T09:41:32+0700.
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Lockouts and repeated failures are warnings; not every attempt.
        "axes": {"level": "WARNING"},
    },
}
