# mypy: disallow-subclassing-any=False
from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "webapp.feeds"
    label = "feeds"
    default_auto_field = "django.db.models.BigAutoField"
