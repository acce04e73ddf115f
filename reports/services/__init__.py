"""Writes of the reports app, by subject: ``documents`` (PDF reports)."""
