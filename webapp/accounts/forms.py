# mypy: disallow-subclassing-any=False
"""Validation of the accounts forms (the users subgraph validates again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from webapp.core.forms import Form, TimeZoneField

USERNAME_RULE = RegexValidator(
    r"^[A-Za-z0-9_.-]{3,32}$", "Use 3 to 32 letters, digits, dots, dashes or underscores."
)


class LoginForm(Form):
    username = forms.CharField(max_length=32, widget=forms.TextInput({"autocomplete": "username"}))
    password = forms.CharField(
        max_length=128, widget=forms.PasswordInput({"autocomplete": "current-password"})
    )


class RegisterForm(Form):
    username = forms.CharField(
        max_length=32,
        validators=[USERNAME_RULE],
        widget=forms.TextInput({"autocomplete": "username"}),
        help_text="3 to 32 letters, digits, dots, dashes or underscores.",
    )
    display_name = forms.CharField(label="Display name", max_length=100)
    email = forms.EmailField(widget=forms.EmailInput({"autocomplete": "email"}))
    password = forms.CharField(
        min_length=8,
        max_length=128,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
        help_text="At least 8 characters and hard to guess: no common password, not your name.",
    )
    password_again = forms.CharField(
        label="Password (again)",
        max_length=128,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )
    time_zone = TimeZoneField(
        initial="UTC",
        help_text="All times are shown in this zone (your browser's, when it tells).",
        widget=forms.Select({"data-browser-zone": ""}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned

    def registration_input(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "email": data["email"],
            "password": data["password"],
            "displayName": data["display_name"],
            "timeZone": data["time_zone"],
        }


class DeleteAccountForm(Form):
    password = forms.CharField(
        max_length=128,
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
        help_text="Your password confirms that it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand that my events, invitations, participations and shares are "
        "deleted for good."
    )


class ProfileForm(Form):
    display_name = forms.CharField(label="Display name", max_length=100)
    time_zone = TimeZoneField(help_text="All times are shown in this zone.")

    def profile_input(self) -> dict[str, str]:
        return {
            "displayName": self.cleaned_data["display_name"],
            "timeZone": self.cleaned_data["time_zone"],
        }
