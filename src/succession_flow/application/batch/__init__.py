"""Running a step over many candidates: chunks, workers, dry runs, selection."""
