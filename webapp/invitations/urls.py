from django.urls import path

from webapp.events import guest_views
from webapp.invitations import views

app_name = "invitations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("list/", views.inbox_list, name="inbox_list"),
    path("<str:invitation_id>/respond/", views.respond, name="respond"),
    path("event/<str:event_id>/", guest_views.guests, name="event_invitations"),  # one list
    path("event/<str:event_id>/invite/", views.invite, name="invite"),
    path("event/<str:event_id>/people/", views.user_search, name="user_search"),
    path("event/<str:event_id>/find-time/", views.find_time, name="find_time"),
]
