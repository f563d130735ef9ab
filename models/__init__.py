"""Typed results shared by every stage: geometry, the OCR tree, the contract's shapes, errors."""
