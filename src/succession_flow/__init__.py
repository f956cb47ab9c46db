"""succession_flow: talent succession pipelines decided by HR-owned rules, replayable for audit."""

__version__ = "0.1.0"
