from django.urls import path

from webapp.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.index, name="index"),
    path("revoke/", views.revoke, name="revoke"),
    path("people/", views.suggestions, name="suggestions"),
    path("calendar/<str:owner_id>/<str:layout>/", views.shared_calendar, name="calendar"),
]
