# mypy: disallow-subclassing-any=False
"""Forms of the invitation actions."""

from django import forms

from webapp.core.forms import Form

ANSWERS = [("ACCEPTED", "Accept"), ("TENTATIVE", "Maybe"), ("DECLINED", "Decline")]


class RespondForm(Form):
    status = forms.ChoiceField(choices=ANSWERS)
    origin = forms.ChoiceField(choices=[("inbox", "inbox"), ("event", "event")], required=False)


class InviteForm(Form):
    invitee_id = forms.CharField(max_length=64)


class UserSearchForm(Form):
    # The users subgraph's type-ahead starts at 2 characters (fewer lists everyone).
    q = forms.CharField(min_length=2, max_length=64, label="Find people to invite", strip=True)
