"""The participations subgraph: who takes part in which event."""
