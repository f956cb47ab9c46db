"""Use cases: load aggregates, ask the rules, call the domain, save atomically."""
