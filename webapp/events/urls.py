from django.urls import path

from webapp.events import grid_edits, guest_views, views

app_name = "events"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("public/", views.public, name="public"),
    path("repeat-summary/", views.repeat_summary, name="repeat_summary"),
    path("quick/", grid_edits.quick_create, name="quick_create"),
    path("<str:event_id>/quick-delete/", grid_edits.quick_delete, name="quick_delete"),
    path("<str:event_id>/move/", grid_edits.move, name="move"),
    path("<str:event_id>/", views.detail, name="detail"),
    path("<str:event_id>/edit/", views.edit, name="edit"),
    path("<str:event_id>/delete/", views.delete, name="delete"),
    path("<str:event_id>/participants/", guest_views.guests, name="participants"),
    path(
        "<str:event_id>/guests/<str:user_id>/remove/",
        guest_views.remove_guest,
        name="remove_guest",
    ),
    path(
        "<str:event_id>/guests/<str:invitation_id>/reinvite/",
        guest_views.reinvite,
        name="reinvite",
    ),
    path("<str:event_id>/join/", views.join, name="join"),
    path("<str:event_id>/leave/", views.leave, name="leave"),
]
