"""Plumbing shared by every subgraph: settings, MongoDB lifecycle, auth, errors, app factory."""
