# mypy: disallow-subclassing-any=False
from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "webapp.feeds"
    label = "feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from webapp.core.signals import signed_in
        from webapp.feeds.receivers import refresh_feed_token

        signed_in.connect(refresh_feed_token, dispatch_uid="feeds.refresh_feed_token")
