"""Adapters to the outside world: the sealed event store, the rule engine, secrets, SQL."""
