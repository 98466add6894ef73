"""Importing an ``.ics`` file into the user's calendar: upload, preview, confirm."""
