"""Retail product -> wholesale listing. Pure functions driven by the profile: no file, network or screen."""
