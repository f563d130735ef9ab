"""Synthetic specimens and the tools that make them (nothing here is real personal data)."""
