"""Top-level URL map: one include per app."""

from django.urls import include, path

urlpatterns = [
    path("", include("webapp.calendar.urls")),
    path("accounts/", include("webapp.accounts.urls")),
    path("events/", include("webapp.events.urls")),
    path("invitations/", include("webapp.invitations.urls")),
    path("sharing/", include("webapp.sharing.urls")),
    path("feeds/", include("webapp.feeds.urls")),
    path("live/", include("webapp.live.urls")),
    path("import/", include("webapp.imports.urls")),
    path("", include("webapp.core.urls")),
]
