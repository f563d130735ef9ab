"""sohoa: scanned and photographed Vietnamese administrative papers to validated, reusable data."""

__version__ = "0.1.0"
