"""Use cases. Each call opens and closes its own transaction and returns frozen read models.

No Qt here. :class:`Services` bundles them for the composition root (app.py, cli.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.services.contributions import ContributionService
from reviewdesk.services.exchange import ExchangeService
from reviewdesk.services.exports import ExportService
from reviewdesk.services.imports import ImportService
from reviewdesk.services.packs import PackService
from reviewdesk.services.profile import ProfileService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.services.sealed import KdfParams
from reviewdesk.store.engine import Store, open_store


@dataclass(frozen=True)
class Services:
    store: Store
    reviews: ReviewService
    exchange: ExchangeService
    profile: ProfileService
    exports: ExportService
    packs: PackService
    contributions: ContributionService
    imports: ImportService

    @classmethod
    def over(cls, store: Store, *, kdf: KdfParams | None = None) -> Services:
        """``kdf``: the key-derivation parameters for files this library writes (default:
        ``sealed.DEFAULT_KDF``). Tests pass ``sealed.FAST_TEST_KDF``; the app never does."""
        reviews = ReviewService(store)
        exchange = ExchangeService(store, reviews)
        profile = ProfileService(store)
        packs = PackService(store, reviews, exchange, kdf=kdf)
        contributions = ContributionService(store, exchange, profile, kdf=kdf)
        return cls(
            store=store,
            reviews=reviews,
            exchange=exchange,
            profile=profile,
            exports=ExportService(store, exchange),
            packs=packs,
            contributions=contributions,
            imports=ImportService(exchange, packs, contributions),
        )

    def close(self) -> None:
        self.store.close()


def open_services(paths, *, kdf: KdfParams | None = None) -> Services:  # type: ignore[no-untyped-def]
    """Open the library in ``paths`` (an :class:`reviewdesk.paths.AppPaths`), creating folders."""
    paths.ensure()
    return Services.over(open_store(paths.database, paths.backups_dir), kdf=kdf)
