"""The command line: thin click commands that parse, call one use case, and render."""
