# mypy: disallow-subclassing-any=False
from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "webapp.calendar"
    label = "calendar"
    verbose_name = "Calendar views"
