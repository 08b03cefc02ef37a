"""Reusable widgets of the Lagom app, one per file."""
