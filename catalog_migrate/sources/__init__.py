"""Input formats and their detection."""
