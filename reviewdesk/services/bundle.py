"""The services bundle: every use case wired over one library, and the one safe way in.

:class:`Services` bundles them for the composition roots (app.py, the command line, the
self-test), and :func:`open_services` opens a library: it refuses an unsafe folder, takes the
one-app-at-a-time lock, opens (never recreates) the library, and takes the day's backup.

Each service is built, and its module imported, the first time it is asked for, so a command
that lists the reviews loads the reviews' service and not the exports, the reports or the
exchange formats (issue 20: a command's cost before its own work). ``Services.over`` and
:func:`open_services` build every service at once unless asked to be ``lazy``. The app builds
them all on its loader thread when a review is to open at once; otherwise it builds only what
listing the reviews needs, and the rest in the background once the list is shown
(:meth:`Services.unbuilt`, see gui/loader.py). The command line is lazy. Services that hook into
another one's work (the search index and the deletion log hook into purging a review) are wired
when that one is built, whichever is asked for first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from reviewdesk.domain.errors import BackupError, LibraryDamagedError
from reviewdesk.store.core_tables import utcnow

if TYPE_CHECKING:
    from reviewdesk.domain.partnership import ServerChoice
    from reviewdesk.paths import AppPaths
    from reviewdesk.services.analysis.actions import ActionPlanService
    from reviewdesk.services.analysis.briefings import BriefingService
    from reviewdesk.services.analysis.case_details import CaseDetailsService
    from reviewdesk.services.analysis.chronology import ChronologyService
    from reviewdesk.services.analysis.decisions import DecisionService
    from reviewdesk.services.analysis.findings import FindingsService
    from reviewdesk.services.analysis.papers import PapersService
    from reviewdesk.services.audit import AuditService
    from reviewdesk.services.clocks import ClockService
    from reviewdesk.services.dashboard import DashboardService
    from reviewdesk.services.exchange.contributions import ContributionService
    from reviewdesk.services.exchange.document import ExchangeService
    from reviewdesk.services.exchange.imports import ImportService
    from reviewdesk.services.exchange.packs import PackService
    from reviewdesk.services.exchange.sealed import KdfParams
    from reviewdesk.services.exports import ExportService
    from reviewdesk.services.governance import GovernanceDocument
    from reviewdesk.services.learning_report import LearningReportService
    from reviewdesk.services.library.backups import BackupService
    from reviewdesk.services.library.encryption import LibraryKeys
    from reviewdesk.services.library.instance import InstanceLock
    from reviewdesk.services.library.integrity import IntegrityService
    from reviewdesk.services.library.lock import LibraryLock
    from reviewdesk.services.library.retention import RetentionService
    from reviewdesk.services.listing import ListingService
    from reviewdesk.services.names import NameKeyService
    from reviewdesk.services.partnership import Partnership
    from reviewdesk.services.profile import ProfileService
    from reviewdesk.services.publication import PublicationService
    from reviewdesk.services.reviews import ReviewService
    from reviewdesk.services.search import SearchService
    from reviewdesk.services.settings import SettingsService
    from reviewdesk.store.engine import Store
    from reviewdesk.store.sqlite_file import DatabaseKey

T = TypeVar("T")


class _Service(Generic[T]):
    """A service of the bundle, built (and its module imported) on first use, once: a lock
    keeps two threads from building it twice."""

    def __init__(self, build: Callable[[Services], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, services: None, owner: type | None = None) -> _Service[T]: ...
    @overload
    def __get__(self, services: Services, owner: type | None = None) -> T: ...
    def __get__(self, services: Services | None, owner: type | None = None) -> Any:
        if services is None:
            return self
        built = services._built
        if self.name not in built:
            with services._building:
                if self.name not in built:
                    with services.while_building():
                        built.setdefault(self.name, self.build(services))
        return built[self.name]


_service = _Service


class Services:
    """Every service over one library (see the module's docstring: built on first use)."""

    def __init__(
        self,
        store: Store,
        *,
        who: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        backups_dir: Path | None = None,
        lock: InstanceLock | None = None,
        notices: tuple[str, ...] = (),
        kdf: KdfParams | None = None,
        keys: LibraryKeys | None = None,
    ) -> None:
        """``kdf``: the key-derivation parameters for files this library writes (default:
        ``sealed.DEFAULT_KDF``). Tests pass ``sealed.FAST_TEST_KDF``; the app never does."""
        self.store = store
        self.lock = lock
        self.notices = notices  # things to tell the person once (e.g. recovered after a crash)
        self.keys = keys  # the library's encryption (None: an in-memory library)
        self.server: ServerChoice | None = None  # partnership mode: the server signed in to
        self._who = who
        self._clock = clock
        self._kdf = kdf
        self._folder = backups_dir or (
            store.path.parent / "backups" if store.path else Path("backups")
        )
        self._built: dict[str, Any] = {}
        self._building = threading.RLock()
        # Around each service's first building (its modules imported, the ORM's classes mapped
        # with the first): the command line pauses Python's cycle collector there, as it does
        # while the library opens (cli._no_collection_while_starting; issue 20).
        self.while_building: Callable[[], AbstractContextManager[object]] = nullcontext

    @classmethod
    def over(
        cls,
        store: Store,
        *,
        who: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        backups_dir: Path | None = None,
        lock: InstanceLock | None = None,
        notices: tuple[str, ...] = (),
        kdf: KdfParams | None = None,
        keys: LibraryKeys | None = None,
        lazy: bool = False,
    ) -> Services:
        """The bundle over ``store``; every service built now unless ``lazy``."""
        services = cls(
            store,
            who=who,
            clock=clock,
            backups_dir=backups_dir,
            lock=lock,
            notices=notices,
            kdf=kdf,
            keys=keys,
        )
        if not lazy:
            services.build_all()
        return services

    def provide(self, **services: object) -> None:
        """Put in a service of one's own in place of the one the bundle would build (before
        anything has used it): partnership mode's profile kept on the laptop, say."""
        for name, service in services.items():
            if not isinstance(vars(type(self)).get(name), _Service):
                raise AttributeError(f"no service called {name!r}")
            if name in self._built:
                raise RuntimeError(f"the {name} service is in use already")
            self._built[name] = service

    def build_all(self) -> None:
        """Build every service now (importing every service module)."""
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, _Service):
                getattr(self, name)

    def unbuilt(self) -> list[str]:
        """The services not built yet, in the order they are declared: the app lists the
        reviews over a lazy bundle, then builds these one at a time in the background, pausing
        between them so the window is never kept waiting (issue 20, gui/loader.py)."""
        return [
            name
            for name, attribute in vars(type(self)).items()
            if isinstance(attribute, _Service) and name not in self._built
        ]

    def today(self) -> date:
        """Today's date where the person is (the bundle's clock): for a window that needs only
        the date, without building (and importing) a service on the GUI thread for it."""
        return self._clock().astimezone().date()

    # --- the services, in the order they depend on one another ----------------------------------

    @_service
    def audit(self) -> AuditService:
        from reviewdesk.services.audit import AuditService

        return AuditService(self.store, who=self._who, clock=self._clock)

    @_service
    def listing(self) -> ListingService:
        """The library's list alone, read without the ORM (``reviewdesk list``; issue 20)."""
        from reviewdesk.services.listing import ListingService

        return ListingService(self.store)

    @_service
    def reviews(self) -> ReviewService:
        from reviewdesk.services.reviews import ReviewService

        reviews = ReviewService(self.store, self._clock, audit=self.audit)
        self._built["reviews"] = reviews  # the retention service below hooks into it
        # Purging a review also forgets it in the search index and logs the deletion, whichever
        # service is asked for first: the hooks are wired with the reviews' service.
        reviews.purge_hooks.append(
            lambda session, review_id: self.search.forget_review(session, review_id)
        )
        self.retention  # noqa: B018 - built now: its constructor adds its own purge hook
        return reviews

    @_service
    def profile(self) -> ProfileService:
        from reviewdesk.services.profile import ProfileService

        return ProfileService(self.store)

    @_service
    def backups(self) -> BackupService:
        from reviewdesk.domain.audit import UNNAMED
        from reviewdesk.services.library.backups import BackupService

        who = self._who
        return BackupService(
            self.store,
            self._folder,
            clock=self._clock,
            # the profile's service (and module) only when a backup names who took it
            who=lambda: who or self.profile.get().name or UNNAMED,
        )

    @_service
    def exchange(self) -> ExchangeService:
        from reviewdesk.services.exchange.document import ExchangeService

        return ExchangeService(
            self.store,
            self.reviews,
            audit=self.audit,
            before_import=self.backups.before_import if self.store.path else None,
            today=self.today,
        )

    @_service
    def packs(self) -> PackService:
        from reviewdesk.services.exchange.packs import PackService

        return PackService(self.store, self.reviews, self.exchange, kdf=self._kdf)

    @_service
    def settings(self) -> SettingsService:
        from reviewdesk.services.settings import SettingsService

        return SettingsService(self.store)

    @_service
    def clocks(self) -> ClockService:
        """Working-day clocks: what is due and overdue (issue 18)."""
        from reviewdesk.services.clocks import ClockService

        return ClockService(self.store, self.settings, today=self.today)

    @_service
    def contributions(self) -> ContributionService:
        from reviewdesk.services.exchange.contributions import ContributionService

        return ContributionService(
            self.store, self.exchange, self.profile, kdf=self._kdf, clocks=self.clocks
        )

    @_service
    def names(self) -> NameKeyService:
        from reviewdesk.services.names import NameKeyService

        return NameKeyService(self.store, self.audit, self._clock)

    @_service
    def search(self) -> SearchService:
        """Search across every review (issue 8)."""
        from reviewdesk.services.search import SearchService

        return SearchService(self.store)

    @_service
    def exports(self) -> ExportService:
        from reviewdesk.services.exports import ExportService

        return ExportService(self.store, self.exchange, self.settings, today=self.today)

    @_service
    def integrity(self) -> IntegrityService:
        from reviewdesk.services.library.integrity import IntegrityService

        return IntegrityService(
            self.store,
            self.audit,
            backups_dir=self._folder if self.store.path else None,
            keys=self.keys,
        )

    @_service
    def imports(self) -> ImportService:
        from reviewdesk.services.exchange.imports import ImportService

        return ImportService(self.exchange, self.packs, self.contributions)

    @_service
    def chronology(self) -> ChronologyService:
        """The lead's chronology, its import, answer citations."""
        from reviewdesk.services.analysis.chronology import ChronologyService

        return ChronologyService(self.store, self.audit, self._clock)

    @_service
    def findings(self) -> FindingsService:
        """Key practice episodes, findings, recommendations."""
        from reviewdesk.services.analysis.findings import FindingsService

        return FindingsService(self.store, self.audit, self._clock)

    @_service
    def actions(self) -> ActionPlanService:
        """The action plan."""
        from reviewdesk.services.analysis.actions import ActionPlanService

        return ActionPlanService(self.store, self.audit, self._clock)

    @_service
    def publication(self) -> PublicationService:
        from reviewdesk.services.publication import PublicationService

        return PublicationService(self.store, self.exports, self.reviews, self.names, self.audit)

    @_service
    def retention(self) -> RetentionService:
        from reviewdesk.services.library.retention import RetentionService

        return RetentionService(self.store, self.reviews, self.audit, self._clock)

    @_service
    def dashboard(self) -> DashboardService:
        """Figures across reviews (the theme dashboard)."""
        from reviewdesk.services.dashboard import DashboardService

        return DashboardService(self.store, today=self.today)

    @_service
    def learning_report(self) -> LearningReportService:
        """The yearly learning report (PDF, Word, CSV)."""
        from reviewdesk.services.learning_report import LearningReportService

        return LearningReportService(self.store, self.audit, self.settings, today=self.today)

    @_service
    def decisions(self) -> DecisionService:
        """Each review's decision log and the Panel's responses."""
        from reviewdesk.services.analysis.decisions import DecisionService

        return DecisionService(self.store, self.audit, self._clock)

    @_service
    def papers(self) -> PapersService:
        """Terms of reference, family involvement, parallel processes, impact."""
        from reviewdesk.services.analysis.papers import PapersService

        return PapersService(self.store, self.audit, self._clock)

    @_service
    def case_details(self) -> CaseDetailsService:
        """The case record for analysis (special category)."""
        from reviewdesk.services.analysis.case_details import CaseDetailsService

        return CaseDetailsService(self.store, self.audit, self._clock)

    @_service
    def briefings(self) -> BriefingService:
        """The lead's 7-minute briefing (issue 17, point 3)."""
        from reviewdesk.services.analysis.briefings import BriefingService

        return BriefingService(self.store, self.exports, self.audit, self._clock)

    # --- views over the bundle -------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """The library is encrypted at rest (the lock screen then asks for the passphrase)."""
        return self.keys is not None and self.store.encrypted

    @property
    def library_lock(self) -> LibraryLock:
        """Lock, unlock and change the encryption of this open library (the window's way in)."""
        from reviewdesk.services.library.lock import LibraryLock

        return LibraryLock(self)

    @property
    def on_server(self) -> bool:
        """Over a shared server's database (partnership mode), not a library file."""
        return bool(getattr(self.store, "server_args", None))

    @property
    def partnership(self) -> Partnership:
        """Signing in to a shared server from this library, and moving it there (the
        window's way in: services/partnership.py)."""
        from reviewdesk.services.partnership import Partnership

        return Partnership(self)

    @property
    def governance(self) -> GovernanceDocument:
        """The note for the data protection officer, with this library's settings (a PDF)."""
        from reviewdesk.services.governance import GovernanceDocument

        return GovernanceDocument(self)

    @property
    def recovered_after_crash(self) -> bool:
        """The previous run did not close cleanly; its saved work was recovered."""
        return bool(self.lock and self.lock.recovered)

    def close(self) -> None:
        try:
            self.store.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def _local_suggestion(current: Path) -> Path | None:
    from reviewdesk.paths import resolve_paths

    suggestion = resolve_paths(None, environ={}).data_dir
    return None if suggestion == current else suggestion


def open_services(
    paths: AppPaths,
    *,
    who: str | None = None,
    clock: Callable[[], datetime] = utcnow,
    lock: bool = True,
    check_location: bool = True,
    daily_backup: bool = True,
    kdf: KdfParams | None = None,
    secret: str | Callable[[], str] | None = None,
    lazy: bool = False,
) -> Services:
    """Open the library in ``paths`` (an :class:`reviewdesk.paths.AppPaths`), creating folders.

    Raises (all :class:`ReviewDeskError`, each with a message to show as it is):
    :class:`UnsafeLocationError` for a network or cloud-sync folder; :class:`LibraryInUseError`
    when another ReviewDesk has the library open; :class:`LibraryDamagedError` for a damaged
    file (kept aside, with the newest good backup named in the message and in
    ``error.newest_backup``). ``who`` is recorded in the audit trail ("command line" for the
    CLI; by default the name in this computer's profile). An encrypted library needs ``secret``
    (its passphrase or recovery key, or a function asked for it only when it is needed):
    :class:`PassphraseRequiredError` without it, :class:`WrongPassphraseError` when it does not
    unlock the library; either way nothing is touched. ``lazy`` builds each service when it is
    first used (the command line); by default every one is built before this returns.
    """
    from reviewdesk.services.library.backups import damaged_library_error
    from reviewdesk.services.library.encryption import LibraryKeys
    from reviewdesk.services.library.instance import acquire_instance_lock
    from reviewdesk.services.library.key_change import KeyChangeStopped
    from reviewdesk.services.library.location import ensure_safe_location
    from reviewdesk.store.engine import open_store

    if check_location:
        # the local folder to suggest instead (platformdirs) is worked out only when needed
        ensure_safe_location(paths.data_dir, suggestion=lambda: _local_suggestion(paths.data_dir))
    paths.ensure()
    handle = acquire_instance_lock(paths.data_dir, clock=clock) if lock else None
    try:
        existed = paths.database.exists()
        keys = LibraryKeys(paths.database, paths.backups_dir, clock=clock, kdf=kdf)
        unlocked: list[DatabaseKey] = []

        def the_key() -> DatabaseKey:  # the passphrase is asked for once, only if needed
            if not unlocked:
                unlocked.append(keys.unlock(secret() if callable(secret) else secret))
            return unlocked[0]

        try:  # an encryption change that was interrupted is finished or undone first
            settled = keys.settle(the_key)
        except KeyChangeStopped as exc:
            settled = str(exc)
        key = the_key() if keys.encrypted else None
        try:
            store = open_store(paths.database, paths.backups_dir, clock=clock, key=key)
        except LibraryDamagedError as exc:
            raise damaged_library_error(exc, paths.backups_dir, clock=clock, key=key) from None
        notices = [handle.notice] if handle is not None and handle.notice else []
        if settled:
            notices.append(settled)
        notices.extend(store.mended)
        if store.put_back:
            notices.append(
                "Some of ReviewDesk's own protection was missing from the library ("
                + ", ".join(store.put_back)
                + ") and has been put back."
            )
        services = Services.over(
            store,
            who=who,
            clock=clock,
            backups_dir=paths.backups_dir,
            lock=handle,
            kdf=kdf,
            keys=keys,
            lazy=lazy,
        )
        if daily_backup and existed:
            try:
                services.backups.take_daily_if_due()
            except BackupError as exc:
                notices.append(f"Today's automatic backup could not be made. {exc}")
        services.notices = tuple(notices)
        return services
    except BaseException:
        if handle is not None:
            handle.release()
        raise
