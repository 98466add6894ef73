from django.urls import path

from webapp.events import views

app_name = "events"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("public/", views.public, name="public"),
    path("repeat-summary/", views.repeat_summary, name="repeat_summary"),
    path("<str:event_id>/", views.detail, name="detail"),
    path("<str:event_id>/edit/", views.edit, name="edit"),
    path("<str:event_id>/delete/", views.delete, name="delete"),
    path("<str:event_id>/participants/", views.participants, name="participants"),
    path("<str:event_id>/join/", views.join, name="join"),
    path("<str:event_id>/leave/", views.leave, name="leave"),
]
