"""Django web app of the federated calendar; its only backend is the GraphQL router."""
