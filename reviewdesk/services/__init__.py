"""Use cases. Each call opens and closes its own transaction and returns frozen read models.

No Qt here. The package imports nothing itself, so importing one service (say
``reviewdesk.services.frameworks``) loads that service and what it needs, not all of them.
The bundle of them all, :class:`~reviewdesk.services.bundle.Services`, and the one safe way
in, :func:`~reviewdesk.services.bundle.open_services`, live in :mod:`reviewdesk.services.bundle`;
import them from there. ``from reviewdesk.services import Services, open_services`` still works:
the two names are loaded from the bundle on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services, open_services

__all__ = ["Services", "open_services"]


def __getattr__(name: str) -> Any:
    """Load ``Services`` / ``open_services`` from the bundle when first asked for (PEP 562)."""
    if name in __all__:
        from reviewdesk.services import bundle

        value = getattr(bundle, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
