"""Workflow files: which rule set gates which step, per echelon, with training and due dates."""
