"""Seeded generator of synthetic specimen Vietnamese ID cards (all people are invented).

``python -m samples.generator --out DIR --per-type N --variants scan,photo --seed S`` writes images with a
ground-truth JSON beside each one; see ``samples/README.md``. Field lists per card type live in
:mod:`samples.generator.fields` (import that module alone: it has no heavy dependencies).
"""
