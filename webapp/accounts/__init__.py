"""Accounts: register, log in, log out, profile (display name, time zone)."""
