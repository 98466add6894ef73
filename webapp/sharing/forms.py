# mypy: disallow-subclassing-any=False
"""The grant form: whom (by username) and how much they see."""

from django import forms

from webapp.core.forms import Form

LEVELS = [
    ("FREE_BUSY", "Free/busy only (times, no titles)"),
    ("DETAILS", "Full details"),
]


class ShareForm(Form):
    username = forms.CharField(
        max_length=32,
        label="Share with (username)",
        help_text="Type 2 or more letters to get suggestions.",
        widget=forms.TextInput({"autocomplete": "off", "list": "share-suggestions"}),
    )
    level = forms.ChoiceField(choices=LEVELS, label="They can see", initial="FREE_BUSY")


class RevokeForm(Form):
    grantee_id = forms.CharField(max_length=64)
