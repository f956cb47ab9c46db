"""The file formats HR edits and exports: rule sets, workflows, plans, HR exports."""
