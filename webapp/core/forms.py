# mypy: disallow-subclassing-any=False
"""Put the router's input errors next to the form fields they name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms

from webapp.core.dates import time_zone_choices
from webapp.core.router_client import OperationFailed

GENERIC_MESSAGES = {
    "CONFLICT": "That conflicts with existing data.",
    "FORBIDDEN": "You are not allowed to do that.",
    "NOT_FOUND": "That no longer exists.",
    "REFERENCE_NOT_FOUND": "Something this refers to no longer exists.",
}


class Form(forms.Form):
    """Project form base: labels without a trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def apply_router_errors(
    form: forms.Form, failure: OperationFailed, field_map: Mapping[str, str] | None = None
) -> None:
    """Attach each router error to the named form field, or to the form as a whole.

    An unbound form cannot hold errors, so callers must pass a bound form; this one is
    validated first so ``add_error`` always has ``cleaned_data`` to work on.
    """
    if not form.is_bound:
        raise ValueError("apply_router_errors needs a bound form")
    form.is_valid()
    for error in failure.errors:
        name = error.input_field
        target = None
        if name is not None:
            target = (field_map or {}).get(name) or snake_case(name)
        if target not in form.fields:
            target = None
        message = error.message
        if error.code in GENERIC_MESSAGES and not message:
            message = GENERIC_MESSAGES[error.code]
        form.add_error(target, message)


class TimeZoneField(forms.ChoiceField):
    """A select of IANA time zone names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Time zone")
        super().__init__(choices=time_zone_choices, **kwargs)
