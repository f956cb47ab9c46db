"""The succession domain: aggregates, events, values and errors; no I/O, no frameworks."""
