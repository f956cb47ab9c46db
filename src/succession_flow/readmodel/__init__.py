"""The read model: tables folded from the event log for reports and plans, rebuilt at any moment."""
