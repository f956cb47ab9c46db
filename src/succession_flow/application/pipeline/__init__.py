"""Moving one candidate through the pipeline: load, decide, apply, save."""
