"""The calendars subgraph: who shares their calendar with whom, and at what level."""
