"""`succession-flow demo`: a sample company taken through the whole pipeline on a fresh store."""
