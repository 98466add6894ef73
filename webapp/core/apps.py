# mypy: disallow-subclassing-any=False
"""App config of the shared plumbing (templates, static files, template tags)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "webapp.core"
    label = "core"
