from django.urls import path

from webapp.live import views

app_name = "live"
urlpatterns = [
    path("stream", views.stream, name="stream"),
    path("pending", views.pending_count, name="pending"),
]
