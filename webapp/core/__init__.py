"""Plumbing shared by every app: the router client, session login, errors, time zones."""
