"""Use cases. Each call opens and closes its own transaction and returns frozen read models.

No Qt here. :class:`Services` bundles them for the composition root (app.py, cli.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.services.exchange import ExchangeService
from reviewdesk.services.exports import ExportService
from reviewdesk.services.profile import ProfileService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store.engine import Store, open_store


@dataclass(frozen=True)
class Services:
    store: Store
    reviews: ReviewService
    exchange: ExchangeService
    profile: ProfileService
    exports: ExportService

    @classmethod
    def over(cls, store: Store) -> Services:
        reviews = ReviewService(store)
        exchange = ExchangeService(store, reviews)
        return cls(
            store=store,
            reviews=reviews,
            exchange=exchange,
            profile=ProfileService(store),
            exports=ExportService(store, exchange),
        )

    def close(self) -> None:
        self.store.close()


def open_services(paths) -> Services:  # type: ignore[no-untyped-def]
    """Open the library in ``paths`` (an :class:`reviewdesk.paths.AppPaths`), creating folders."""
    paths.ensure()
    return Services.over(open_store(paths.database, paths.backups_dir))
