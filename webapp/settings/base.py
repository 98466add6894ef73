"""Settings shared by every profile; everything deployment-specific comes from the environment.

Environment variables:
  ROUTER_URL            GraphQL router endpoint (default http://127.0.0.1:4000/graphql)
  ROUTER_TIMEOUT        seconds per router call (default 10)
  WEBAPP_SEND_DOCUMENT_IDS  send trusted-document ids instead of operation text (default off;
                        the router must load webapp/trusted-documents.json)
  WEBAPP_TOKEN_REFRESH_MARGIN_SECONDS  renew the access token this close to its expiry (30)
  DATA_DIR              where the web app keeps its SQLite DB (sessions, tokens, feeds) and
                        collected static files (default <project>/.data); WEBAPP_DATA_DIR wins
  DJANGO_SECRET_KEY     signing key (required in production)
  DJANGO_ALLOWED_HOSTS  comma-separated host names
  WEBAPP_PUBLIC_URL     absolute base URL used in feed links (default: from the request)
  WEBAPP_TRUSTED_PROXIES  addresses/CIDRs (comma-separated) of the proxies in front of the web
                        app (a TLS proxy) whose X-Forwarded-For names the browser (default none)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plumbing.client_address import trusted_networks
from webapp.settings.env import env_bool, env_float, env_list, env_str
from webapp.settings.logs import webapp_logging

WEBAPP_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = WEBAPP_DIR.parent
DATA_DIR = Path(env_str("WEBAPP_DATA_DIR") or env_str("DATA_DIR") or PROJECT_ROOT / ".data")
(DATA_DIR / "webapp").mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghij")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

ROUTER_URL = env_str("ROUTER_URL", "http://127.0.0.1:4000/graphql")
ROUTER_TIMEOUT = env_float("ROUTER_TIMEOUT", 10.0)
ROUTER_SEND_DOCUMENT_IDS = env_bool("WEBAPP_SEND_DOCUMENT_IDS", False)
# Renew the access token when it expires within this many seconds (0: only once refused).
TOKEN_REFRESH_MARGIN_SECONDS = env_float("WEBAPP_TOKEN_REFRESH_MARGIN_SECONDS", 30.0)
WEBAPP_PUBLIC_URL = env_str("WEBAPP_PUBLIC_URL").rstrip("/")
# The browser's address goes to the router (X-Forwarded-For) for per-client throttling: the
# TCP peer, or the rightmost X-Forwarded-For hop not added by one of these proxies.
TRUSTED_PROXIES = trusted_networks(env_list("WEBAPP_TRUSTED_PROXIES", []))

INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "webapp.core",
    "webapp.accounts",
    "webapp.calendar",
    "webapp.events",
    "webapp.invitations",
    "webapp.sharing",
    "webapp.feeds",
    "webapp.live",
    "webapp.imports",
]

MIDDLEWARE = [
    "webapp.core.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "webapp.core.middleware.ViewerMiddleware",
    "webapp.core.middleware.RouterErrorMiddleware",
]

ROOT_URLCONF = "webapp.urls"
WSGI_APPLICATION = "webapp.wsgi.application"
ASGI_APPLICATION = "webapp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "webapp.core.context_processors.fedcal",
            ],
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "webapp" / "db.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "webapp" / "static"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}

LOGGING = webapp_logging(production=False)  # LOG_FORMAT=json|text, WEBAPP_LOG_LEVEL
