"""The web console and the HTTP API: an entry point beside the CLI, over the same use cases."""
