"""Settings shared by every environment; environment modules override what differs."""

import hashlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "apps.org",
    "apps.catalog",
    "apps.customers",
    "apps.channels",
    "apps.orders",
    "apps.service",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.shell",
            ],
        },
    }
]

SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the task worker read while one writes; IMMEDIATE avoids
        # "database is locked" upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.access_cache.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm (package.json + lock) and are served straight from node_modules.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/tabler", NODE_MODULES / "@tabler/core/dist"),
    ("vendor/tabler-icons", NODE_MODULES / "@tabler/icons-webfont/dist"),
    ("vendor/echarts", NODE_MODULES / "echarts/dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call answers 401 with a WWW-Authenticate header rather than 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "2000/minute", "auth": "20/minute"},
    "COERCE_DECIMAL_TO_STRING": True,
}
SCHEMA_ENUMS = {
    "OrderStatusEnum": "apps.orders.choices.OrderStatus",
    "HoldKindEnum": "apps.orders.choices.HoldKind",
    "PaymentModeEnum": "apps.orders.choices.PaymentMode",
    "OrderChannelEnum": "apps.orders.choices.OrderChannel",
    "DeliveryRuleEnum": "apps.orders.choices.DeliveryRule",
    "PriceExceptionStatusEnum": "apps.orders.choices.PriceExceptionStatus",
    "ARDocumentKindEnum": "apps.orders.choices.ARDocumentKind",
    "CreditNoteKindEnum": "apps.orders.choices.CreditNoteKind",
    "PaymentMethodEnum": "apps.orders.choices.PaymentMethod",
    "PlanPeriodEnum": "apps.orders.choices.PlanPeriod",
    "PlanStatusEnum": "apps.orders.choices.PlanStatus",
    "StatementStatusEnum": "apps.orders.choices.StatementStatus",
    "StatementLineKindEnum": "apps.orders.choices.StatementLineKind",
    "RebateStatusEnum": "apps.orders.choices.RebateStatus",
    "ReturnKindEnum": "apps.orders.choices.ReturnKind",
    "ReturnReasonEnum": "apps.orders.choices.ReturnReason",
    "ReturnStatusEnum": "apps.orders.choices.ReturnStatus",
    "ReturnOutcomeEnum": "apps.orders.choices.ReturnOutcome",
    "ShipmentStatusEnum": "apps.orders.choices_fulfilment.ShipmentStatus",
    "ExceptionKindEnum": "apps.orders.choices_fulfilment.ExceptionKind",
    "ExceptionStatusEnum": "apps.orders.choices_fulfilment.ExceptionStatus",
    "ClaimStatusEnum": "apps.orders.choices_fulfilment.ClaimStatus",
    "BranchRequestStatusEnum": "apps.orders.choices_fulfilment.BranchRequestStatus",
    "FlagSourceEnum": "apps.orders.choices_fulfilment.FlagSource",
    "FlagOutcomeEnum": "apps.orders.choices_fulfilment.FlagOutcome",
    "ActivityKindEnum": "apps.customers.choices.ActivityKind",
    "AdjustmentTypeEnum": "apps.catalog.choices.AdjustmentType",
    "ApplicationStatusEnum": "apps.channels.choices.ApplicationStatus",
    "ApprovalStepKindEnum": "apps.channels.choices.ApprovalStepKind",
    "ArticleKindEnum": "apps.service.choices.ArticleKind",
    "ArticleStatusEnum": "apps.service.choices.ArticleStatus",
    "AssignmentModeEnum": "apps.service.choices.AssignmentMode",
    "AuditActionEnum": "core.models.audit.AuditAction",
    "ComplaintSubtypeEnum": "apps.service.choices.ComplaintSubtype",
    "ComplaintTypeEnum": "apps.service.choices.ComplaintType",
    "CreditStatusEnum": "apps.customers.choices.CreditStatus",
    "CustomerKindEnum": "apps.customers.choices.CustomerKind",
    "CustomerSourceEnum": "apps.customers.choices.CustomerSource",
    "DataScopeEnum": "core.scopes.DataScope",
    "DecisionEnum": "apps.channels.choices.Decision",
    "EmployeeStatusEnum": "apps.org.choices.EmployeeStatus",
    "EscalationLevelEnum": "apps.service.choices.EscalationLevel",
    "EventKindEnum": "apps.service.choices.EventKind",
    "EvidenceKindEnum": "apps.channels.choices.EvidenceKind",
    "FollowUpEnum": "apps.channels.choices.FollowUp",
    "InboundMailOutcomeEnum": "apps.service.choices.InboundMailOutcome",
    "CustomerGradeEnum": "apps.customers.choices.Grade",
    "JobStatusEnum": "core.models.jobs.JobStatus",
    "LeadStatusEnum": "apps.customers.choices.LeadStatus",
    "MajorReasonEnum": "apps.service.choices.MajorReason",
    "MessageKindEnum": "apps.service.choices.MessageKind",
    "MovementKindEnum": "apps.catalog.choices.MovementKind",
    "OpportunityStageEnum": "apps.customers.choices.OpportunityStage",
    "OrgUnitKindEnum": "apps.org.choices.OrgUnitKind",
    "PartnerStageEnum": "apps.channels.choices.PartnerStage",
    "PartnerStatusEnum": "apps.channels.choices.PartnerStatus",
    "PartnerTierEnum": "apps.channels.choices.PartnerTier",
    "PoolEventKindEnum": "apps.customers.choices.PoolEventKind",
    "PriceTierEnum": "apps.catalog.choices.PriceTier",
    "ProductStatusEnum": "apps.catalog.choices.ProductStatus",
    "ScorecardStatusEnum": "apps.channels.choices.ScorecardStatus",
    "SlaClockEnum": "apps.service.choices.SlaClock",
    "SlaStatusEnum": "apps.service.choices.SlaStatus",
    "StockCountStatusEnum": "apps.catalog.choices.StockCountStatus",
    "TargetUnitEnum": "apps.service.choices.TargetUnit",
    "TicketChannelEnum": "apps.service.choices.TicketChannel",
    "TicketKindEnum": "apps.service.choices.TicketKind",
    "TicketPriorityEnum": "apps.service.choices.TicketPriority",
    "QAEvaluationStatusEnum": "apps.service.choices.QAEvaluationStatus",
    "FeedbackDepartmentEnum": "apps.service.choices.FeedbackDepartment",
    "TicketStatusEnum": "apps.service.choices.TicketStatus",
    "ReturnVisitSourceEnum": "apps.service.visits.choices.ReturnVisitSource",
    "ReturnVisitStatusEnum": "apps.service.visits.choices.ReturnVisitStatus",
    "AnswerChannelEnum": "apps.service.visits.choices.AnswerChannel",
    "FindingStepKindEnum": "apps.service.visits.choices.FindingStepKind",
    "FindingStepStatusEnum": "apps.service.visits.choices.FindingStepStatus",
    "FindingStatusEnum": "apps.service.visits.choices.FindingStatus",
    "UnitEnum": "apps.catalog.choices.Unit",
    "WarehouseKindEnum": "apps.catalog.choices.WarehouseKind",
    "WindowKindEnum": "apps.catalog.choices.WindowKind",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketing Center API",
    "DESCRIPTION": "营销中心 REST API. Conventions: pagination, errors, actions and idempotency as in docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every choice set gets its own schema name, so integrators see TicketStatusEnum, not Status7e2Enum.
    "ENUM_NAME_OVERRIDES": SCHEMA_ENUMS,
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def caches_for(database: dict, directory: Path = VAR_DIR / "cache") -> dict:
    """The "access" cache holds what each request needs about its user (session, permission set, data scope;
    core.access_cache) and is shared by every worker process: files in `directory`, or the Redis server REDIS_URL
    names (needs the `redis` package). Its keys carry the database's identity, so the demo and bench databases of one
    checkout never read each other's entries. "default" (API throttles, form rate limits) uses Redis too when
    there is one, else it stays in each process: a file write costs a millisecond or more, and the API's throttle
    writes on every request. "jobs" holds running jobs' progress (core.jobs), shared the same way."""
    identity = "|".join(str(database.get(key, "")) for key in ("ENGINE", "HOST", "PORT", "NAME"))
    prefix = hashlib.sha256(identity.encode()).hexdigest()[:12]
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        return {"default": {**redis, "KEY_PREFIX": prefix}, "access": {**redis, "KEY_PREFIX": f"{prefix}.access"},
                "jobs": {**redis, "KEY_PREFIX": f"{prefix}.jobs"}}
    files = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "KEY_PREFIX": prefix}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "access": {**files, "LOCATION": str(directory), "OPTIONS": {"MAX_ENTRIES": 5000}},
        "jobs": {**files, "LOCATION": str(directory / "jobs")},
    }


CACHES = caches_for(DATABASES["default"])
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "access"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "marketing-center@localhost")
# SMTP, used with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
# The service desk's mailbox: customers write to ADDRESS (From/Reply-To of mailed replies); IMAP polling turns its
# unseen mail into tickets (apps/service/intake/email_poll.py), off while SERVICE_IMAP_HOST is empty.
SERVICE_MAIL = {
    "ADDRESS": os.environ.get("SERVICE_MAIL_ADDRESS", DEFAULT_FROM_EMAIL),
    "IMAP_HOST": os.environ.get("SERVICE_IMAP_HOST", ""),
    "IMAP_PORT": int(os.environ.get("SERVICE_IMAP_PORT", "993")),
    "IMAP_USER": os.environ.get("SERVICE_IMAP_USER", ""),
    "IMAP_PASSWORD": os.environ.get("SERVICE_IMAP_PASSWORD", ""),
    "IMAP_SSL": os.environ.get("SERVICE_IMAP_SSL", "1") == "1",
    "IMAP_FOLDER": os.environ.get("SERVICE_IMAP_FOLDER", "INBOX"),
    # e.g. https://mc.example.com: mailed replies link to the public status page there.
    "PUBLIC_URL": os.environ.get("SERVICE_PUBLIC_URL", ""),
}
# Reverse proxies in front of the app that append to X-Forwarded-For (public-form rate limits count per client IP).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default-compatible
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

DEMO_DATA_ALLOWED = True  # `manage.py seed_demo` refuses when False (production)

# Where business modules add their settings of cross-app plumbing.
SCOPE_CONTEXT_RESOLVER = "apps.org.access.scope_context_for"
