"""The HTTP edge: the portals' API (``/v1``) and the operators' review workspace (``/review``), one FastAPI app.

:func:`api.app.create_app` builds it from :class:`sohoa.settings.Settings`; ``sohoa serve`` runs it on uvicorn.
Errors from the core become HTTP statuses here (:mod:`api.errors`) and nowhere else.
"""
