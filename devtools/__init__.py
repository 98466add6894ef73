"""Developer tooling: the embedded database launcher and the local stack runner."""
