"""The fault suite: real `succession-flow` processes killed at seeded random moments, and
concurrent mixed writers, each followed by the checks a reviewer relies on (the record verifies,
nothing is doubled or lost, pools agree, the read model equals a rebuild)."""
