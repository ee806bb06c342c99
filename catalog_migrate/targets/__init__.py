"""Target platforms."""
