"""Durable storage of results: encrypted objects, SQL metadata, the person registry and dossiers.

The entry point is :class:`storage.store.Store` (``Store.open(settings)``); nothing here needs Prefect or Tesseract.
"""
