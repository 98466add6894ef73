"""Signals other apps listen to without importing the accounts app."""

from django.dispatch import Signal

# Sent after a successful login with ``viewer``, ``token`` and ``expires_at``.
signed_in = Signal()
