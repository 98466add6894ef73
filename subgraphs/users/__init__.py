"""The users subgraph: accounts, credentials, profiles and the tokens everyone else trusts."""
