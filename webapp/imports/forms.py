"""The upload form of the import page."""

from __future__ import annotations

from django import forms

from webapp.core.forms import Form
from webapp.imports.parsing import MAX_FILE_BYTES


class UploadForm(Form):
    calendar_file = forms.FileField(
        label="Calendar file (.ics)",
        help_text=f"Events and repeating series with their time zones; at most "
        f"{MAX_FILE_BYTES // 1000} kB.",
    )
