"""The extractor version: what produced a stored Result, so that the same bytes are not processed twice by the
same extractor, and are processed again (keeping the old result as history) when the extractor changed.

``"<sohoa version>-t<8 hex>"`` where the hex is a hash of every loaded template's type and version
(:func:`extractors.spec.load_templates`); e.g. ``0.1.0-t3f9a0c12``. Safe inside an object key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Protocol

from sohoa import __version__


class _Versioned(Protocol):
    @property
    def version(self) -> int: ...


def extractor_version(templates: Mapping[str, _Versioned] | None = None) -> str:
    if templates is None:
        from extractors.spec import load_templates

        templates = load_templates()
    listing = ",".join(f"{name}:{templates[name].version}" for name in sorted(templates))
    digest = hashlib.sha256(listing.encode()).hexdigest()[:8]
    return f"{__version__}-t{digest}"
