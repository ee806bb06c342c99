"""The terminal review app and the decisions file."""
