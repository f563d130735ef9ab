"""Synthetic A4 civil-status and land documents with ground truth (all people invented, place names real).

Types: ``birth_certificate``, ``birth_extract``, ``marriage_certificate``, ``death_extract``,
``land_certificate_2014`` (4 pages, 190 × 265 mm), ``land_certificate_2024`` (2 pages, A4, QR); variants
``scan``, ``photo``, ``pdf`` (see :mod:`samples.generator.papers.build`). Field lists: :mod:`.fields`; truth
format: :mod:`.truth`. Driven by ``python -m samples.generator --types birth_certificate,… --variants scan,photo,pdf``.
"""
