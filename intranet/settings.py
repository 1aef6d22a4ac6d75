"""Settings for the Rathaus intranet, all from the environment (README: Configuration).

One module for every environment: development only differs by DEBUG and the defaults it allows.
Any variable can also be read from a file by appending _FILE (e.g. SECRET_KEY_FILE=/run/secrets/key).
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.FileAwareEnv()

DEBUG = env.bool("DEBUG", default=False)

# No secret has a working default: outside DEBUG a missing key stops the start.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",  # the backport of Django 6's tasks API; drop it with Django 6
    "django_tasks_db",
    "intranet",
    "directory",
    "intranet.approvals",
    "intranet.help",
    "timekeeping",  # the tables' history (migrations); before its three apps
    "timekeeping.leave",
    "timekeeping.worktime",
    "timekeeping.travel",
    "reservations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "intranet.core.site.SiteAddressMiddleware",  # after CommonMiddleware: the host is checked by then
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.sso.SsoRemoteUserMiddleware",
    "intranet.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "intranet.core.middleware.HtmxLoginRedirectMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intranet.urls"
WSGI_APPLICATION = "intranet.wsgi.application"
ASGI_APPLICATION = "intranet.asgi.application"

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
                "intranet.context_processors.intranet",
            ],
            "builtins": ["intranet.templatetags.ui"],  # {% icon %}, |state_tone on every page
        },
    },
    {   # only the booking grid's cells, asked for by name (using="jinja2"): see intranet/core/jinja.py
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "intranet.core.jinja.environment"},
    },
]
# Every select's empty choice reads "— please choose —" (intranet/core/widgets.py).
FORM_RENDERER = "intranet.core.widgets.FormRenderer"

# --- Database ---
# SQLite is the embedded default; production sets DATABASE_URL=postgres://user:pass@host:5432/name.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'intranet.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked";
    # IMMEDIATE takes the write lock at BEGIN, so read-then-write checks are serialised.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a connection the database dropped is replaced
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # A database host that does not answer is reported within seconds rather than hanging a worker.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---
AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: counts failures, refuses locked-out attempts
    "directory.backends.DirectoryBackend",  # directory accounts (when LDAP_SERVER_URI is set)
    "directory.backends.LocalAccountBackend",  # local accounts: the demo, the emergency administrator
    "directory.sso.SsoBackend",  # REMOTE_USER from a Kerberos proxy (when SSO_REMOTE_USER is on)
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
CSRF_FAILURE_VIEW = "intranet.views.csrf_failure"

# --- Language and time ---
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
HOLIDAY_STATE = env.str("HOLIDAY_STATE", default="HE")

# --- Static files (WhiteNoise serves them in production too) ---
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "intranet.core.storage.UploadStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads (attachments, receipts) live outside the web root and are served only through views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# --- Security ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # "preload" only takes effect once someone submits the domain to the browsers' preload list.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: everything from our own origin; htmx is configured (base.html)
# not to inject inline styles, so no 'unsafe-inline' is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Mail ---
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="intranet@stadt.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

# --- Background tasks (mail delivery): queued in the database, run by `manage.py db_worker` ---
# The django-tasks backport's API on Django 5.2; on Django 6 the same setting configures django.tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Cache (shared between app servers when REDIS_URL / CACHE_URL points at one) ---
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", default="")
SSO_REMOTE_USER = env.bool("SSO_REMOTE_USER", default=False)

# --- Modules ---
# Each module can be switched off, e.g. until the staff council has agreed to time recording
# (HPVG co-determination, domain.md 9.4).
ALL_MODULES = ("time", "leave", "trips", "rooms", "cars", "addressbook")
MODULES = env.list("MODULES", default=list(ALL_MODULES))
if unknown := set(MODULES) - set(ALL_MODULES):
    raise ImproperlyConfigured(f"MODULES names unknown modules: {', '.join(sorted(unknown))}")

# --- Accessibility statement and privacy notice contacts ---
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="barrierefreiheit@stadt.example")
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="datenschutz@stadt.example")
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Stadtverwaltung Musterstadt")

# --- API ---
REST_FRAMEWORK = {
    # Token first, so an anonymous caller gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # A view's `module` switched off: 404 (intranet.core.modules.ModuleEnabled).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "intranet.core.modules.ModuleEnabled"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "intranet.core.api.AutoSchema",
    "EXCEPTION_HANDLER": "intranet.core.api.exception_handler",
    # ?format= belongs to the views (the HR export's csv/xlsx); DRF's renderer override answered 404 to it.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rathaus-Intranet API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums", "intranet.core.api.document_error_answers",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Approvals and notifications ---
# The address people reach the intranet at, for links in e-mails, feed addresses and the door display.
# Unset: links follow the address of the request; outside a request (scheduled mails) and in UIDs the
# fallback, http://127.0.0.1:$PORT (`make run PORT=…` passes PORT). See intranet/site.py.
SITE_URL = env.str("SITE_URL", default="")
SITE_URL_FALLBACK = f"http://127.0.0.1:{env.int('PORT', default=8000)}"
# Remind the approver after this many working days without a decision; escalate after the second number.
APPROVAL_REMINDER_WORKING_DAYS = env.int("APPROVAL_REMINDER_WORKING_DAYS", default=3)
APPROVAL_ESCALATION_WORKING_DAYS = env.int("APPROVAL_ESCALATION_WORKING_DAYS", default=7)
# A travel-cost claim above the approved estimate by more than this share (and at least the amount in €)
# goes to the second level before the travel-cost office, which sees the difference.
TRAVEL_CLAIM_MARGIN_PERCENT = env.int("TRAVEL_CLAIM_MARGIN_PERCENT", default=20)
TRAVEL_CLAIM_MARGIN_EUR = env.int("TRAVEL_CLAIM_MARGIN_EUR", default=50)
# Local hour from which the daily digest goes out.
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
# Attachments: at most this many bytes, and only these types (checked by content, not by name).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- Directory (LDAP / Active Directory) ---
# Without LDAP_SERVER_URI only local accounts sign in (the demo). See README: Directory sign-in.
LDAP_FLAVOUR = env.str("LDAP_FLAVOUR", default="openldap")
if LDAP_FLAVOUR not in ("openldap", "ad"):
    raise ImproperlyConfigured("LDAP_FLAVOUR must be 'openldap' or 'ad'.")
LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
LDAP_USER_BASE = env.str("LDAP_USER_BASE", default="")
LDAP_USER_FILTER = env.str("LDAP_USER_FILTER", default="")
LDAP_GROUP_BASE = env.str("LDAP_GROUP_BASE", default="")
LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_CA_FILE = env.str("LDAP_CA_FILE", default="")
LDAP_TIMEOUT = env.float("LDAP_TIMEOUT", default=3.0)
LDAP_PAGE_SIZE = env.int("LDAP_PAGE_SIZE", default=500)
LDAP_UNIT_SOURCE = env.str("LDAP_UNIT_SOURCE", default="ou")
if LDAP_UNIT_SOURCE not in ("ou", "department"):
    raise ImproperlyConfigured("LDAP_UNIT_SOURCE must be 'ou' or 'department'.")
LDAP_WRITEBACK = env.bool("LDAP_WRITEBACK", default=False)
# AD: the NetBIOS domain name people may type before their name (STADT\agross); empty accepts any.
LDAP_AD_DOMAIN = env.str("LDAP_AD_DOMAIN", default="")
# role=group DN pairs separated by ';', e.g. "hr=cn=personal,ou=groups,dc=stadt,dc=de;admin=cn=it,..."
LDAP_ROLE_GROUPS = {
    role.strip(): dn.strip()
    for role, _, dn in (pair.partition("=") for pair in env.str("LDAP_ROLE_GROUPS", default="").split(";"))
    if role.strip() and dn.strip()
}
if unknown_roles := set(LDAP_ROLE_GROUPS) - {"hr", "fleet", "facility", "admin", "council"}:
    raise ImproperlyConfigured(f"LDAP_ROLE_GROUPS names unknown roles: {', '.join(sorted(unknown_roles))}")
# LDAP_ATTR_<NAME>=attribute overrides a preset attribute, e.g. LDAP_ATTR_ROOM=roomNumber.
LDAP_ATTR_OVERRIDES = {
    key.removeprefix("LDAP_ATTR_").lower(): value for key, value in os.environ.items() if key.startswith("LDAP_ATTR_")
}
# The work schedule a person gets when they first come from the directory, until HR enters theirs (or the
# directory's LDAP_ATTR_WEEKLY_HOURS / LDAP_ATTR_WORKING_WEEKDAYS say otherwise): weekly hours per status
# group (domain.md 1.13: TVöD VKA 39 h; Hessian civil servants 41 h, HAZVO) and the working weekdays.
DEFAULT_WEEKLY_HOURS = {"tarif": "39", "beamte": "41", "azubi": "39",
                        **env.dict("DEFAULT_WEEKLY_HOURS", default={})}
DEFAULT_WORKING_WEEKDAYS = env.str("DEFAULT_WORKING_WEEKDAYS", default="12345")
# Single sign-on behind a Kerberos/Negotiate reverse proxy: trust REMOTE_USER (or SSO_HEADER) only when on.
SSO_HEADER = env.str("SSO_HEADER", default="REMOTE_USER")
# Fields staff may edit on their own address-book entry (shown over the directory's value).
ADDRESSBOOK_EDITABLE_FIELDS = env.list("ADDRESSBOOK_EDITABLE_FIELDS", default=["mobile", "room", "about"])

# --- Sign-in protection (django-axes): lock a user name from one address after repeated failures, and an
# address after more failures whatever the names; names counted as the directory matches them
# (case-insensitively), see directory/lockout.py ---
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
if AXES_IP_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_IP_FAILURE_LIMIT must not be below AXES_FAILURE_LIMIT.")
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # in this order (directory/lockout.py)
AXES_USERNAME_CALLABLE = "directory.lockout.signin_username"
AXES_HANDLER = "directory.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_LOCKOUT_CALLABLE = "directory.views.signin_locked"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Rooms and pool cars ---
# A driver's licence check is good for this many months (domain.md 6.2: twice a year is the common rule).
LICENCE_CHECK_MONTHS = env.int("LICENCE_CHECK_MONTHS", default=6)
LICENCE_REMINDER_DAYS = env.int("LICENCE_REMINDER_DAYS", default=21)  # remind drivers this long before it lapses
# Series are created at most this many days ahead.
SERIES_HORIZON_DAYS = env.int("SERIES_HORIZON_DAYS", default=365)

# --- Leave and sickness ---
# How far back and ahead staff may report their own sickness (domain.md 3.19: "without delay", with the
# expected end; a first sick note covers at most about two weeks ahead). Older cases HR enters.
SICKNESS_REPORT_DAYS_BACK = env.int("SICKNESS_REPORT_DAYS_BACK", default=7)
SICKNESS_REPORT_DAYS_AHEAD = env.int("SICKNESS_REPORT_DAYS_AHEAD", default=14)

# --- Working time ---
# Working-time records are kept this many years after the month was signed off (ArbZG § 16(2): at least 2).
TIME_RETENTION_YEARS = env.int("TIME_RETENTION_YEARS", default=2)
if TIME_RETENTION_YEARS < 2:
    raise ImproperlyConfigured("TIME_RETENTION_YEARS must be at least 2 (ArbZG § 16(2)).")
# The HR export's layout, to match what the payroll system imports: the columns in order, each a field
# of timekeeping/worktime/export.py FIELDS, optionally renamed ("personnel_number:PNR,date,worked:Stunden,...");
# empty means the default layout. Absence codes map leave types to payroll codes ("krankheit=KR,...").
TIME_EXPORT_COLUMNS = env.list("TIME_EXPORT_COLUMNS", default=[])
# The staff council's report merges units with fewer people than this into the unit above (k-anonymity:
# a head alone in their unit, or a team of two, would be recognisable behind a pseudonym).
COUNCIL_REPORT_MIN_GROUP = env.int("COUNCIL_REPORT_MIN_GROUP", default=5)
if COUNCIL_REPORT_MIN_GROUP < 1:
    raise ImproperlyConfigured("COUNCIL_REPORT_MIN_GROUP must be at least 1.")
TIME_EXPORT_ABSENCE_CODES = env.dict("TIME_EXPORT_ABSENCE_CODES", default={})
