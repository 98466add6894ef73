"""The invitations subgraph: who is invited to which event, and their answers."""
