from django.urls import path

from webapp.feeds import views

app_name = "feeds"
urlpatterns = [
    path("", views.feed_settings, name="settings"),
    path("regenerate/", views.regenerate, name="regenerate"),
    path("<str:secret>.ics", views.ics, name="ics"),
]
