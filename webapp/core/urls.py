from django.urls import path

from webapp.core import views

app_name = "core"
urlpatterns = [
    path("health", views.health, name="health"),
    path("ready", views.ready, name="ready"),
]
