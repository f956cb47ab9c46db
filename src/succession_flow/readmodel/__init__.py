"""The read model: tables folded from the event log for reports and plans, rebuildable at any moment."""
