"""Sharing: grant or revoke access to my calendar, open calendars shared with me."""
