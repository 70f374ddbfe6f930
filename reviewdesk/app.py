"""Composition root: paths -> settings and look -> main window -> library (in the background).

The window appears first; once it is drawn, the library (SQLAlchemy, the schema check, the file)
opens on a background thread and is handed to the window when ready, so start-up feels immediate.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Set (to anything) by benchmarks/startup.py: the app prints "painted <time>" when its window is
# first drawn and "listed <time> <rows>" when the reviews are listed, then quits. Start-up is
# timed through the real ``reviewdesk`` command this way, as a person launches it.
STARTUP_PROBE = "REVIEWDESK_STARTUP_PROBE"

# How long a background thread may keep Python's lock while the GUI thread asks for it
# (CPython's default is 5 ms). A sort of the library's table calls into Python for each
# comparison, and each call waited up to 5 ms while the list's counting ran on a worker: at
# 10,000 reviews a header click froze the window for 107-145 ms, of which 32-40 ms was its own
# work (docs/performance.md, issue 20). At 0.5 ms the click costs its own work. The workers
# are interrupted more often only while the GUI thread is busy too.
GUI_SWITCH_INTERVAL = 0.0005


def build_gui(
    data_dir: str | None = None,
    argv: Sequence[str] | None = None,
    open_file: Path | None = None,
    *,
    hold_collection: bool = False,
):  # type: ignore[no-untyped-def]
    """Create the application and its main window, show it, and start opening the library.

    ``open_file``: a case pack, a returned contribution or a review's JSON file to open once
    the library is ready (a file double-clicked, or ``reviewdesk FILE``).
    ``hold_collection`` (the ``reviewdesk`` command, :func:`run_gui`): Python's cycle collector
    rests until the window has been drawn (see :func:`_collect_again`).
    Returns ``(app, window)``; :func:`run_gui` then runs the event loop.
    """
    import gc

    holding = hold_collection and gc.isenabled()
    if holding:
        gc.disable()  # until the first paint: _collect_again, from start() below
    from PySide6.QtCore import QTimer

    skip_pyside_source_scan()  # before the window's modules are imported
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    from PySide6.QtWidgets import QApplication

    from reviewdesk import APP_NAME, __version__
    from reviewdesk.gui.loader import LibraryOpener, build_the_rest
    from reviewdesk.gui.tasks import install_unexpected_hook
    from reviewdesk.paths import resolve_paths

    install_unexpected_hook()  # an error nobody expected: a calm message and a log entry
    existing = QApplication.instance()
    # Fusion, one look on every system, chosen before any window exists.
    app = existing or QApplication([*(argv or sys.argv), "-style", "fusion"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    paths = resolve_paths(data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            None,
            APP_NAME,
            f"ReviewDesk cannot use its data folder {paths.data_dir}: {exc.strerror}.",
        )
        raise SystemExit(1) from None
    from reviewdesk import errorlog

    errorlog.start(paths.data_dir)  # where the calm "something unexpected" message sends IT
    if hand_off_to_running(paths.data_dir, open_file):
        raise SystemExit(0)  # the ReviewDesk already open has come to the front (and the file)
    window = _main_window(app, paths, fusion=existing is None)
    if os.environ.get(STARTUP_PROBE):
        _probe_startup(app, window)
    window.show_first()

    secret = _ask_passphrase_if_encrypted(paths, window)
    if secret is False:  # an encrypted library, and the person chose not to unlock it
        raise SystemExit(0)
    secrets = [secret]  # used once, then dropped: nothing keeps the passphrase (issue 19)
    del secret

    library_sort = window.settings.library_sort  # the rows are put in this order when read
    show_archived = window.settings.show_archived  # and filtered for this (no words at start)
    # A review to open again at once needs most of the services: then they are all built on the
    # opening thread, as before. Otherwise only what the list needs is built (and imported)
    # before it is shown, and the rest after it, in the background (loader.build_the_rest):
    # importing them all held Python's lock for 0.3 to 0.5 s while the window wanted to paint.
    lazy = not window.settings.last_review

    def open_library():  # type: ignore[no-untyped-def]
        from reviewdesk.gui.models.review_rows import lasting

        with lasting():  # no full garbage collection walks it all (review_rows.lasting)
            return _open_library()

    def _open_library():  # type: ignore[no-untyped-def]
        from reviewdesk.services.bundle import open_services

        # The day's backup is taken after the list is shown, in the background (gui/upkeep.py).
        services = open_services(
            paths,
            secret=(secrets.pop() if secrets else None) or None,
            daily_backup=False,
            lazy=lazy,
        )
        try:
            # The first queries set up SQLAlchemy's mappers and compile their SQL (about a tenth
            # of a second): done here, off the GUI thread, with the list handed over ready.
            # What is due across the reviews ("Next due" and the banner) follows the list, read
            # in the background too (LibraryPage.attach).
            # Progress is counted after the list is shown (it reads every answer).
            reviews = services.reviews.list_reviews(count_answers=False)
            if not services.profile.get().is_set:  # the first-run welcome follows the list
                from reviewdesk.gui.dialogs import profile  # noqa: F401
            # what the list's "Next due" column and the window's attach ask of: built here, not
            # imported on the GUI thread; the idle lock's setting read once here too, so its
            # query is compiled off the GUI thread (it took 10 to 70 ms of the attach)
            services.clocks  # noqa: B018
            services.settings.idle_lock_minutes()
            # The table's rows are prepared here too (their texts and keys), not on the GUI
            # thread: 10,000 rows take a second there on a busy machine.
            # With them: what the window imports as the list is attached (the watcher of
            # changes on a server, the upkeep, the second-launch inbox), imported here.
            from reviewdesk import handoff  # noqa: F401
            from reviewdesk.domain import partnership  # noqa: F401
            from reviewdesk.gui import live, upkeep  # noqa: F401
            from reviewdesk.gui.models.reviews_table import ReviewsTableModel
            from reviewdesk.gui.widgets import lock_screen, review_table  # noqa: F401

            reviews = ReviewsTableModel().prepare(
                reviews, sort=library_sort, shown=([], show_archived)
            )
            # the table's and the idle lock's modules, and the Qt enums the table uses, made
            # here rather than on the GUI thread when the list is attached
            review_table.warm_up()
        except BaseException:
            services.close()
            raise
        return services, reviews

    def failed(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, APP_NAME, message)
        app.exit(1)

    opener = LibraryOpener(window)

    def attach(opened) -> None:  # type: ignore[no-untyped-def]
        # In three turns of the event loop, not one (it was the longest freeze at open, issue
        # 20): PySide's QObject classes made, here, behind "Opening your library..." and with
        # no background work running yet (lock_screen.resolve_qobject_types); the list's
        # widgets and the idle lock; the list filled and drawn. 1 ms, not 0: a zero-time
        # single shot is a posted event, handled in the same turn as this one.
        from reviewdesk.gui.widgets.lock_screen import resolve_qobject_types

        resolve_qobject_types()
        QTimer.singleShot(1, lambda: prepare(opened))

    def prepare(opened) -> None:  # type: ignore[no-untyped-def]
        window.prepare_to_attach(opened[0])
        QTimer.singleShot(1, lambda: attach_now(opened))

    def attach_now(opened) -> None:  # type: ignore[no-untyped-def]
        window.attach(*opened)
        from reviewdesk.gui import upkeep

        upkeep.finish_before_quitting()  # from now on, quitting waits for (and stops) upkeep
        # the backup and the routine check once the list has been drawn, off the GUI thread
        QTimer.singleShot(0, lambda: upkeep.start(window, opened[0]))
        # the services the list did not need, one at a time in the background (when lazy)
        QTimer.singleShot(0, lambda: build_the_rest(window, opened[0]))
        if window.settings.server_choice is not None:  # partnership mode: offered again
            from reviewdesk.gui.partnership import offer_remembered_server

            offer_remembered_server(window)
        if open_file is not None:  # after attach (and the welcome, the first time)
            QTimer.singleShot(0, lambda: window.review_actions.open_file(open_file))

    opener.opened.connect(attach)
    opener.failed.connect(failed)
    started = []

    def start() -> None:  # once the window is drawn, so the two do not compete
        if not started:
            started.append(True)
            if holding:
                _collect_again()
            # Qt's namespace, left out of the first paint, is built here on the GUI thread
            # before the opening thread starts importing modules that name it (PySide6 builds
            # a class on first use, and two threads should not race to build the same one).
            from PySide6.QtCore import Qt  # noqa: F401

            follow_system_look(window)
            opener.start(open_library)

    window.first_painted.connect(start)
    QTimer.singleShot(400, start)  # in case the window is not drawn (minimised)
    return app, window


def follow_system_look(window) -> None:  # type: ignore[no-untyped-def]
    """Once the window is drawn: ask the system for its look (light, dark, high contrast) and
    follow it if it is not the one the first paint used (the one remembered from the last
    start, see :func:`_main_window`), and remember it for the next start, now and whenever
    the system's look changes while the app is open."""
    appearance, settings = window.appearance, window.settings

    def remember() -> None:
        seen = appearance.system_look
        if seen is not None and seen != settings.system_look:
            settings.system_look = seen

    appearance.changed.connect(remember)
    appearance.confirm()
    remember()


def _collect_again() -> None:
    """Python's cycle collector back on once the window has been drawn (issue 20).

    Importing PySide6 and the window's modules and building the window make tens of thousands
    of objects (Qt's enums, classes, functions) that live as long as the app; the collector
    walked them again and again as they were made, some 45 times before the first paint (about
    8 ms of CPU, against the bare window's 4 ms), and found next to nothing to free. What is
    alive at the first paint is set aside for good (``gc.freeze``), as the command line does
    for its start-up (``reviewdesk.cli``) and the loader for the services (gui/loader.py)."""
    import gc

    gc.freeze()
    gc.enable()


def skip_pyside_source_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    Importing PySide6 replaces Python's ``__import__`` (for its opt-in ``from __feature__
    import snake_case``); after each module is first imported, its hook reads the module's
    whole source (``inspect.getsource``) to see whether it mentions PySide6, and records 0
    ("uses PySide6, no feature") or -1 ("ignore") for it. ReviewDesk selects no feature
    anywhere, so the answer changes nothing here, and reading the sources cost about 10 ms
    before the first paint (some 70 of our modules) and more on the background thread that
    opens the library (SQLAlchemy's hundreds). Our modules are recorded as using PySide6
    without their source being read, other modules as ignored, as PySide6 itself records
    modules without a source (a frozen app). A module that does import ``__feature__`` is
    still handled by PySide6's own ``__import__``, which records its choice before this is
    asked. Nothing is changed when PySide6's internals are not as expected."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if not callable(scan) or getattr(scan, "reviewdesk_skips", False):
        return

    def uses_pyside(module) -> bool:  # type: ignore[no-untyped-def]
        name = getattr(module, "__name__", "")
        return isinstance(name, str) and name.split(".")[0] == "reviewdesk"

    uses_pyside.reviewdesk_skips = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def _probe_startup(app, window) -> None:  # type: ignore[no-untyped-def]
    """Report the two start-up moments on standard output (see :data:`STARTUP_PROBE`)."""
    import time

    from PySide6.QtCore import QTimer

    def painted() -> None:  # connected first: runs before the library starts to open
        window.grab()  # every widget drawn, as benchmarks/startup.py does for the bare window
        print(f"painted {time.time():.6f} {time.process_time():.6f}", flush=True)  # CPU too

    def listed() -> None:
        rows = window.library.proxy.rowCount() if window.library.proxy is not None else 0
        print(f"listed {time.time():.6f} {rows}", flush=True)
        app.quit()

    window.first_painted.connect(painted)
    window.library_ready.connect(lambda: QTimer.singleShot(0, listed))


def hand_off_to_running(data_dir, open_file, *, timeout: float = 4.0) -> bool:  # type: ignore[no-untyped-def]
    """When another ReviewDesk has this library open, ask it to come to the front and open
    ``open_file`` (see reviewdesk.handoff); True once it has taken the request. False when no
    other ReviewDesk is running, or it did not answer in time (then this one starts, and says
    that the library is in use, as before)."""
    from reviewdesk import oslock

    if not oslock.held_elsewhere(data_dir):
        return False
    from reviewdesk import handoff  # only now: it is not needed on an ordinary start

    request = handoff.send(data_dir, open_file)
    if handoff.taken(request, timeout=timeout):
        return True
    handoff.withdraw(request)
    return False


def _ask_passphrase_if_encrypted(paths, window):  # type: ignore[no-untyped-def]
    """For an encrypted library: the passphrase (checked against the key file, never kept on
    disk), or False when the person cancels. None for a library that is not encrypted."""
    from reviewdesk.store.file_header import looks_encrypted

    if not looks_encrypted(paths.database):  # a header read: the usual case costs nothing
        return None
    # Only now the services (SQLAlchemy, Alembic, cryptography: over half a second to import),
    # which the library opener would otherwise load in the background after the window is drawn.
    from reviewdesk.services.library.encryption import LibraryKeys

    keys = LibraryKeys(paths.database, paths.backups_dir)
    if not keys.encrypted:
        return None
    from reviewdesk.gui.dialogs.unlock import UnlockDialog

    dialog = UnlockDialog(keys.unlock, parent=window)
    accepted = dialog.exec()
    secret, dialog.secret = dialog.secret, None
    dialog.deleteLater()
    if not accepted or secret is None:
        return False
    return secret


def create_main_window(services, paths):  # type: ignore[no-untyped-def]
    """The main window over an already open library (for ``--self-test`` and embedding)."""
    from PySide6.QtWidgets import QApplication

    window = _main_window(QApplication.instance(), paths, fusion=True)
    window.attach(services)
    follow_system_look(window)
    return window


def _main_window(app, paths, *, fusion: bool):  # type: ignore[no-untyped-def]
    """The window with the person's settings (text size, geometry) and the app's look applied."""
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance

    settings = AppSettings(paths.settings_file)
    appearance = Appearance(app, settings.text_scale, fusion=fusion, pictures=paths.look_dir)
    # the look the system asked for at the last start: asking again now would build Qt's
    # namespace before the first paint (about 15 ms); asked once drawn (follow_system_look)
    appearance.apply(likely=settings.system_look)
    return MainWindow(paths, settings, appearance)


def run_gui(data_dir: str | None = None, open_file: Path | None = None) -> int:
    app, window = build_gui(data_dir, open_file=open_file, hold_collection=True)
    try:
        return app.exec()
    finally:
        finish_background_work()
        if window.services is not None:
            window.services.close()


def finish_background_work() -> None:
    """Let work still running off the GUI thread (the day's backup, the routine check: see
    gui/upkeep.py) finish before the library is closed: the window has gone already, and a
    backup stopped half-way would only be thrown away."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()
