"""Federated subscriptions: clients over graphql-ws or GraphQL over SSE, the owning subgraph
over graphql-transport-ws, the rest of the plan run per event (see README.md)."""
