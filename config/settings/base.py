"""The one settings file: every value comes from the environment, with safe embedded defaults."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from otklik.core.client_address import parse_trusted_proxies

# Generic admin, form and queryset classes (ModelAdmin[Model]) are subscriptable at run time, as mypy --strict wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG", False)
# The embedded default is for one machine; production must set its own key (see production.py).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "embedded-only-insecure-key-change-me")
# Earlier keys, still accepted for signatures and for opening anonymous answers sealed before a rotation.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # before our rooms: its failed-login receiver runs before the one that audits the attempt
    "otklik.core",
    "otklik.orgs",
    "otklik.calendars",
    "otklik.notifications",
    "otklik.touchpoints",
    "otklik.appeals",
    "otklik.assignments",
    "otklik.channels",
    "otklik.text",
    "otklik.reports",
    "otklik.knowledge",
    "otklik.clients",
    "otklik.feedback",
    "otklik.portal",
    "otklik.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "otklik.orgs.middleware.CurrentOrganisationMiddleware",
    # Last: turns a staff sign-in refused by the lock-out into the login page with the time to try again.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "otklik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "otklik.orgs.context_processors.shell",
                "otklik.notifications.context_processors.mail_mode",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("OTKLIK_DATA_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'otklik.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the sweep process and the web server write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes refuses a locked account before the password is checked, then Django's own backend signs in.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "shell:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "otklik@localhost")
# Seconds to wait for the mail server: a silent one must not hold a delivery run (or a request, when eager) forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Where the file-based backend writes each message: `make run` uses it when no EMAIL_HOST is given.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
# The outbox (otklik.notifications): retries after 1, 2, 4… minutes, at most an hour apart, then «не доставлено».
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "12"))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", "3600"))
# Messages other than e-mail (otklik.notifications.transports). Tokens are read at send time from the environment
# variable whose NAME a message carries as its sender, else from OTKLIK_SMS_GATEWAY_TOKEN, OTKLIK_TELEGRAM_BOT_TOKEN
# or OTKLIK_VK_ACCESS_TOKEN; the database never holds a token.
OTKLIK_SMS_GATEWAY_URL = os.environ.get("OTKLIK_SMS_GATEWAY_URL", "")
OTKLIK_SMS_SENDER_NAME = os.environ.get("OTKLIK_SMS_SENDER_NAME", "")
OTKLIK_TELEGRAM_API_URL = os.environ.get("OTKLIK_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
OTKLIK_VK_API_URL = os.environ.get("OTKLIK_VK_API_URL", "https://api.vk.com/method").rstrip("/")
# Seconds to wait for a gateway or platform API before the attempt counts as failed and is retried.
OTKLIK_NOTIFY_HTTP_TIMEOUT = int(os.environ.get("OTKLIK_NOTIFY_HTTP_TIMEOUT", "15"))

# Celery: Redis in production; without a broker URL the embedded default runs tasks eagerly.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died is put back on the queue instead of being acknowledged as done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task a killed worker had not acknowledged (a retry waiting for its countdown included) to another
# worker after the visibility timeout: minutes, not Redis's default hour. A task running longer than that is
# delivered twice, so tasks stay short and idempotent (the sweeps acknowledge early; see core.tasks).
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 10,  # look for such tasks every 10 s …
    "unacked_restore_throttle": 1,  # … each time, not every tenth time
    # A worker killed while it restores such tasks leaves their lock behind: it expires in a tenth of the visibility
    # timeout (30 s), not kombu's 5 minutes, so the other workers take over in time.
    "unacked_mutex_expire": max(5, CELERY_VISIBILITY_TIMEOUT // 10),
    "socket_connect_timeout": 3,
    "socket_timeout": 30,
}
# A broker that is down fails a publish within seconds; the caller then leaves the work to the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TIMEZONE = TIME_ZONE
# Every periodic sweep, in Celery beat's format; `manage.py sweep` runs the same list without a broker.
CELERY_BEAT_SCHEDULE = {
    "sweep-every-five-minutes": {"task": "otklik.core.tasks.run_sweeps", "schedule": 300.0},
}
SWEEP_INTERVAL_SECONDS = int(os.environ.get("SWEEP_INTERVAL_SECONDS", "300"))
# Anonymous answers wait sealed and are written in shuffled batches: those of earlier days at the first sweep of a
# day, today's once this many answers to one survey wait (0: only the next day). The batch is the anonymity set.
FEEDBACK_ANONYMOUS_BATCH = int(os.environ.get("FEEDBACK_ANONYMOUS_BATCH", "25"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "otklik.api.errors.exception_handler",
    # JSON only: a browser gets the documented error body too, never the browsable API's HTML (docs: /api/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Every throttle counts the address from otklik.core.client_address (trusted proxies only); NUM_PROXIES=0 keeps
    # DRF's own get_ident from ever reading a client-supplied X-Forwarded-For.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_CLASSES": [
        "otklik.api.throttling.AnonRateThrottle",
        "otklik.api.throttling.UserRateThrottle",
        "otklik.api.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "6000/min"),
        # Guessing access codes must stay slow: per client address.
        "status": os.environ.get("API_THROTTLE_STATUS", "600/min"),
        # Each client application's key has its own budget; registering applications is slow on purpose.
        "api_key": os.environ.get("API_THROTTLE_KEY", "120/min"),
        "key_issue": os.environ.get("API_THROTTLE_KEY_ISSUE", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Otklik API",
    "DESCRIPTION": "Client API of Otklik (003 §6.1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc are served from the sidecar package: nothing loads from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation declares its 400/403/404 answers in the common error body.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "otklik.api.schema.declare_error_responses",
    ],
    # One named enum per closed list, so that every field using it points at the same schema component.
    "ENUM_NAME_OVERRIDES": {
        "AppealKindEnum": "otklik.appeals.choices.AppealKind",
        "AppealFormEnum": "otklik.appeals.choices.AppealForm",
        "AppealKindCodeEnum": ["appeal", "request"],
        "AppealFormCodeEnum": ["proposal", "application", "complaint"],
    },
}

# The cache holds every rate-limit counter: in production it must be shared by all workers (production.py insists on
# CACHE_URL); the embedded default and the tests count in each process's memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions last a working day (absolute, from sign-in) and end when the browser closes: a cookie left on a shared
# computer or stolen from one stops working the same evening.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The client's address: REMOTE_ADDR, unless the peer is one of these proxies (addresses or CIDRs, comma-separated);
# then X-Forwarded-For is read from the right, skipping them. Empty (the default): no proxy is trusted.
OTKLIK_TRUSTED_PROXIES = [str(network) for network in parse_trusted_proxies(env_list("OTKLIK_TRUSTED_PROXIES", ""))]

# Anonymous submissions per client address and per e-mail within `seconds`; once an address has sent
# `challenge_from` in the window its forms ask a question first (None: never). 0 means no limit of that kind.
OTKLIK_SUBMISSION_LIMITS: dict[str, dict[str, int | None]] = {
    "appeal": {  # portal appeals; the per-e-mail budget also covers appeals sent through client applications
        "per_address": env_int("OTKLIK_APPEALS_PER_ADDRESS", 20),
        "per_email": env_int("OTKLIK_APPEALS_PER_EMAIL", 10),
        "challenge_from": env_int("OTKLIK_APPEALS_CHALLENGE_FROM", 5),
        "seconds": env_int("OTKLIK_APPEALS_WINDOW_SECONDS", 3600),
    },
    "sign_up": {
        "per_address": env_int("OTKLIK_SIGN_UPS_PER_ADDRESS", 10),
        "per_email": 0,  # the confirmation mails below are the per-e-mail budget
        "challenge_from": env_int("OTKLIK_SIGN_UPS_CHALLENGE_FROM", 3),
        "seconds": env_int("OTKLIK_SIGN_UPS_WINDOW_SECONDS", 3600),
    },
    "confirmation_mail": {
        "per_address": 0,
        "per_email": env_int("OTKLIK_CONFIRMATION_MAILS_PER_EMAIL", 3),
        "challenge_from": None,
        "seconds": 24 * 3600,
    },
}

# Sign-in lock-out (django-axes) for staff and, through the same handler, citizens' accounts: after
# OTKLIK_LOGIN_FAILURE_LIMIT failures the login is refused for OTKLIK_LOGIN_COOLOFF_MINUTES. Counted per login and
# address ("username_address", the default: a stranger's flood cannot lock a colleague out, and axes' security check
# passes) or per login alone ("username": the account locks whoever guesses, which also lets anyone lock it).
# Attempts during a lock neither count nor move its end.
lockout_by: dict[str, list[str | list[str]]] = {
    "username": ["username"],
    "username_address": [["username", "ip_address"]],
}
if os.environ.get("OTKLIK_LOGIN_LOCKOUT_BY", "username_address") not in lockout_by:
    raise ImproperlyConfigured("OTKLIK_LOGIN_LOCKOUT_BY is username_address or username")
AXES_ENABLED = env_bool("OTKLIK_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("OTKLIK_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("OTKLIK_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = lockout_by[os.environ.get("OTKLIK_LOGIN_LOCKOUT_BY", "username_address")]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no banner on every start of a process
# The same address as every other limit (never django-ipware's own reading of the headers).
AXES_CLIENT_IP_CALLABLE = "otklik.core.client_address.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_LOCKOUT_CALLABLE = "otklik.orgs.sign_in.lockout_response"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF cookie ends with the browser too (Django's default is a year). It stays a cookie rather than moving into
# the session (CSRF_USE_SESSIONS), which would write a session row for every anonymous visitor of a portal form.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# A link out of Otklik never tells the other site which page it came from (rating tokens live in paths).
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles and images only from our own files (django-csp), in every settings file, so that tests and
# `make run` see the policy production has: a script slipped into a page never runs. No page needs inline script
# or style (the browser test test_threat_csp_in_the_browser checks that Chromium reports no violation).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# A CSRF failure under /api/ answers the API's JSON body; elsewhere Django's page.
CSRF_FAILURE_VIEW = "otklik.api.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # urllib3 logs each request line at DEBUG, and the Telegram Bot API carries the bot's token in the path;
    # pymorphy3 says where it loads its dictionaries from at INFO in every process.
    "loggers": {"urllib3": {"level": "WARNING"}, "pymorphy3": {"level": "WARNING"}},
}

# Where to report a vulnerability, shown on /.well-known/security.txt: e-mail addresses or https:// pages,
# comma-separated. The operator sets it; unset, the page answers 404 and `check --deploy` warns.
SECURITY_CONTACT = env_list("SECURITY_CONTACT", "")

PRESETS_DIR = BASE_DIR / "presets"
# The public address of the portal, for links in e-mails (no trailing slash); `make run` sets it from HOST and PORT.
PUBLIC_BASE_URL = os.environ.get("OTKLIK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
