"""Prefect flows: a thin orchestration layer over the Prefect-free core (:mod:`sohoa.work`).

* :mod:`flows.runtime` — quiet, offline local mode (set up before Prefect is imported) and the task runners;
* :mod:`flows.tasks` — ``process_file``, the one unit of work both flows share, with retries on transient faults;
* :mod:`flows.upload` — one upload (or one dossier's files) → processed, stored, Result returned;
* :mod:`flows.batch` — a folder or ``s3://bucket/prefix`` → every supported file, a summary in JSON and CSV;
* :mod:`flows.reprocess` — stored files whose extractor/template version is older than the current one.

Importing this package does not import Prefect: call :func:`flows.runtime.configure` first.
"""
