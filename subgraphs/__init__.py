"""Domain subgraphs of the federated calendar, one Strawberry Federation v2 schema each."""
