"""Local development: debug pages, static files served from the apps, plain HTTP."""

from webapp.settings.base import *  # noqa: F403
from webapp.settings.env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
