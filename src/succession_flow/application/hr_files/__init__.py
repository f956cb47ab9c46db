"""Use cases over what HR owns: rule sets, workflows and plans."""
