"""Turning verdicts into training signal: outcome, format, length, process credit and combine."""
