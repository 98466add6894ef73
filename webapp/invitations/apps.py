# mypy: disallow-subclassing-any=False
from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "webapp.invitations"
    label = "invitations"
