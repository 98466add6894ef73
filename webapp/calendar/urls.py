from django.urls import path

from webapp.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.month, name="month"),
    path("week/", views.week, name="week"),
    path("day/", views.day, name="day"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/panel/", views.agenda_panel, name="agenda_panel"),
]
