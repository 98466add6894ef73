"""Invitations: the inbox, RSVP answers, inviting users (with type-ahead user search)."""
