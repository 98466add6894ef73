"""The events subgraph: calendar events, their owners' event lists and public discovery."""
