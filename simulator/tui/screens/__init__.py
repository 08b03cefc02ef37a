"""The screens of the Lagom app, one per file."""
