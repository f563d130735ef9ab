"""ICAO 9303 machine-readable zones for any document, and the Vietnamese card checks (domain spec §1.9).

* :func:`check_digit`, :func:`parse` (strict, well-formed lines) — :mod:`extractors.validators.mrz_parse`;
* :func:`repair` (find and repair an MRZ in raw OCR lines, proven by check digits) —
  :mod:`extractors.validators.mrz_repair`;
* :func:`transliterate_name`, :func:`validate_vn_card_mrz`, :func:`mrz_to_fields` —
  :mod:`extractors.validators.mrz_vn`.
"""

from __future__ import annotations

from extractors.validators.mrz_parse import CHARSET, MrzFormat, MrzResult, char_value, check_digit, parse
from extractors.validators.mrz_repair import repair
from extractors.validators.mrz_vn import NO_EXPIRY_MRZ, mrz_to_fields, transliterate_name, validate_vn_card_mrz

__all__ = [
    "CHARSET",
    "NO_EXPIRY_MRZ",
    "MrzFormat",
    "MrzResult",
    "char_value",
    "check_digit",
    "mrz_to_fields",
    "parse",
    "repair",
    "transliterate_name",
    "validate_vn_card_mrz",
]
