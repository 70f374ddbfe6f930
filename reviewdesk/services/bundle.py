"""The services bundle: every use case wired over one library, and the one safe way in.

:class:`Services` bundles them for the composition roots (app.py, cli.py, the self-test), and
:func:`open_services` opens a library: it refuses an unsafe folder, takes the one-app-at-a-time
lock, opens (never recreates) the library, and takes the day's backup. Importing this module
loads every service (and SQLAlchemy); a single service is imported from its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reviewdesk.domain.errors import BackupError, LibraryDamagedError
from reviewdesk.domain.partnership import ServerChoice
from reviewdesk.services.actions import ActionPlanService
from reviewdesk.services.audit import UNNAMED, AuditService
from reviewdesk.services.backups import BackupService, damaged_library_error
from reviewdesk.services.briefings import BriefingService
from reviewdesk.services.case_details import CaseDetailsService
from reviewdesk.services.chronology_import import ChronologyImportService
from reviewdesk.services.clocks import ClockService
from reviewdesk.services.contributions import ContributionService
from reviewdesk.services.dashboard import DashboardService
from reviewdesk.services.decisions import DecisionService
from reviewdesk.services.encryption import LibraryKeys
from reviewdesk.services.exchange import ExchangeService
from reviewdesk.services.exports import ExportService
from reviewdesk.services.findings import FindingsService
from reviewdesk.services.governance import GovernanceDocument
from reviewdesk.services.imports import ImportService
from reviewdesk.services.instance import InstanceLock, acquire_instance_lock
from reviewdesk.services.integrity import IntegrityService
from reviewdesk.services.key_change import KeyChangeStopped
from reviewdesk.services.learning_report import LearningReportService
from reviewdesk.services.library_lock import LibraryLock
from reviewdesk.services.location import ensure_safe_location
from reviewdesk.services.names import NameKeyService
from reviewdesk.services.packs import PackService
from reviewdesk.services.papers import PapersService
from reviewdesk.services.profile import ProfileService
from reviewdesk.services.publication import PublicationService
from reviewdesk.services.retention import RetentionService
from reviewdesk.services.reviews import ReviewService
from reviewdesk.services.sealed import KdfParams
from reviewdesk.services.search import SearchService
from reviewdesk.services.settings import SettingsService
from reviewdesk.store.engine import Store, open_store
from reviewdesk.store.sqlite_file import DatabaseKey
from reviewdesk.store.tables import utcnow

if TYPE_CHECKING:
    from reviewdesk.paths import AppPaths
    from reviewdesk.services.partnership import Partnership


@dataclass(frozen=True)
class Services:
    store: Store
    reviews: ReviewService
    exchange: ExchangeService
    profile: ProfileService
    audit: AuditService
    backups: BackupService
    integrity: IntegrityService
    exports: ExportService
    packs: PackService
    contributions: ContributionService
    imports: ImportService
    chronology: ChronologyImportService  # the lead's chronology, its import, answer citations
    findings: FindingsService  # key practice episodes, findings, recommendations
    actions: ActionPlanService  # the action plan
    names: NameKeyService
    settings: SettingsService
    publication: PublicationService
    retention: RetentionService
    search: SearchService  # search across every review (issue 8)
    dashboard: DashboardService  # figures across reviews (the theme dashboard)
    learning_report: LearningReportService  # the yearly learning report (PDF, Word, CSV)
    clocks: ClockService  # working-day clocks: what is due and overdue (issue 18)
    decisions: DecisionService  # each review's decision log and the Panel's responses
    papers: PapersService  # terms of reference, family involvement, parallel processes, impact
    case_details: CaseDetailsService  # the case record for analysis (special category)
    briefings: BriefingService  # the lead's 7-minute briefing (issue 17, point 3)
    lock: InstanceLock | None = None
    notices: tuple[str, ...] = ()  # things to tell the person once (e.g. recovered after a crash)
    keys: LibraryKeys | None = None  # the library's encryption (None: an in-memory library)
    server: ServerChoice | None = None  # partnership mode: the shared server signed in to

    @property
    def encrypted(self) -> bool:
        """The library is encrypted at rest (the lock screen then asks for the passphrase)."""
        return self.keys is not None and self.store.encrypted

    @property
    def library_lock(self) -> LibraryLock:
        """Lock, unlock and change the encryption of this open library (the window's way in)."""
        return LibraryLock(self)

    @property
    def partnership(self) -> Partnership:
        """Signing in to a shared server from this library, and moving it there (the
        window's way in: services/partnership.py)."""
        from reviewdesk.services.partnership import Partnership

        return Partnership(self)

    @property
    def governance(self) -> GovernanceDocument:
        """The note for the data protection officer, with this library's settings (a PDF)."""
        return GovernanceDocument(self)

    @property
    def recovered_after_crash(self) -> bool:
        """The previous run did not close cleanly; its saved work was recovered."""
        return bool(self.lock and self.lock.recovered)

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
    ) -> Services:
        """``kdf``: the key-derivation parameters for files this library writes (default:
        ``sealed.DEFAULT_KDF``). Tests pass ``sealed.FAST_TEST_KDF``; the app never does."""
        audit = AuditService(store, who=who, clock=clock)
        reviews = ReviewService(store, clock, audit=audit)
        profile = ProfileService(store)
        folder = backups_dir or (store.path.parent / "backups" if store.path else Path("backups"))
        backups = BackupService(
            store, folder, clock=clock, who=lambda: who or profile.get().name or UNNAMED
        )
        today = lambda: clock().astimezone().date()  # noqa: E731
        exchange = ExchangeService(
            store,
            reviews,
            audit=audit,
            before_import=backups.before_import if store.path else None,
            today=today,
        )
        packs = PackService(store, reviews, exchange, kdf=kdf)
        settings = SettingsService(store)
        clocks = ClockService(store, settings, today=today)
        contributions = ContributionService(store, exchange, profile, kdf=kdf, clocks=clocks)
        names = NameKeyService(store, audit, clock)
        search = SearchService(store)
        reviews.purge_hooks.append(search.forget_review)
        exports = ExportService(store, exchange, settings, today=today)
        return cls(
            store=store,
            reviews=reviews,
            exchange=exchange,
            profile=profile,
            audit=audit,
            backups=backups,
            integrity=IntegrityService(
                store, audit, backups_dir=folder if store.path else None, keys=keys
            ),
            exports=exports,
            packs=packs,
            contributions=contributions,
            imports=ImportService(exchange, packs, contributions),
            chronology=ChronologyImportService(store, audit, clock),
            findings=FindingsService(store, audit, clock),
            actions=ActionPlanService(store, audit, clock),
            names=names,
            settings=settings,
            publication=PublicationService(store, exports, reviews, names, audit),
            retention=RetentionService(store, reviews, audit, clock),
            search=search,
            dashboard=DashboardService(store, today=today),
            learning_report=LearningReportService(store, audit, settings, today=today),
            clocks=clocks,
            decisions=DecisionService(store, audit, clock),
            papers=PapersService(store, audit, clock),
            case_details=CaseDetailsService(store, audit, clock),
            briefings=BriefingService(store, exports, audit, clock),
            lock=lock,
            notices=notices,
            keys=keys,
        )

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
    unlock the library; either way nothing is touched.
    """
    if check_location:
        ensure_safe_location(paths.data_dir, suggestion=_local_suggestion(paths.data_dir))
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
        )
        if daily_backup and existed:
            try:
                services.backups.take_daily_if_due()
            except BackupError as exc:
                notices.append(f"Today's automatic backup could not be made. {exc}")
        return Services(**{**services.__dict__, "notices": tuple(notices)})
    except BaseException:
        if handle is not None:
            handle.release()
        raise
