"""``reviewdesk --self-test``: prove that an installed ReviewDesk works, touching nobody's data.

IT departments run it after deploying ReviewDesk; CI runs it on the frozen bundle. It:

1. starts Qt with the platform plugin the app will use here (``xcb``, ``wayland``, ``windows``,
   ``cocoa``; reviewdesk/qt_platform.py), so a PASS means a window can really open; offscreen
   only on a machine with no display at all, or when ``QT_QPA_PLATFORM`` asks for it. When the
   plugin cannot load it fails naming the missing system libraries. Windows are built but never
   put on the screen. It uses a new temporary data folder, never the user's;
2. opens a library there and adds the fictional demo review;
3. opens the main window and each main screen the window offers;
4. exports the demo review as JSON and reads it back into a second library, and, when this
   version has them, as PDF and Word, checking each file;
5. prints one line per check (PASS, FAIL or SKIP) and exits 0 when every check that ran passed,
   1 otherwise. A SKIP is never counted as a pass: it names a feature this version does not have.

How the self-test finds the screens (a small protocol for the GUI):

- ``reviewdesk.app.create_main_window(services, paths)``, if it exists, builds the main window;
  otherwise ``reviewdesk.gui.main_window.MainWindow(services, paths)`` does.
- ``window.self_test_screens()``, if it exists, returns ``(name, show)`` pairs. The self-test calls
  each ``show()`` in turn (it should bring that screen up as a user would, for example the demo
  review's first theme) and checks that nothing raised and the window still draws. Without it,
  only the window itself is checked and the report says so.

Dialogs that open by themselves (a welcome dialog, say) are closed and named in the report.
Exports go through the command line (``reviewdesk export REF --format F``), its stable interface.
The command line is handed in by :mod:`reviewdesk.cli` (its ``main`` and its parser): the
self-test never imports the module that starts it, so the two form no import cycle (an
import-linter contract in pyproject.toml keeps it so).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from reviewdesk import APP_NAME, __version__

if TYPE_CHECKING:
    import argparse

# What reviewdesk.cli hands in: its main(argv) and the function that builds its parser.
CommandLine = Callable[[Sequence[str]], int]
ParserFactory = Callable[[], "argparse.ArgumentParser"]

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"
TIME_LIMIT_S = 300  # a stuck check (a dialog waiting for a click) must not hang a deployment
NOT_YET = "not in this version of ReviewDesk yet"


class Skipped(Exception):
    """A check that cannot run because the feature it checks is not present."""


class Report:
    """Collects checks and prints each one as it finishes (so a hang shows where it was)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lines: list[tuple[str, str, str]] = []
        self.failures: list[tuple[str, str]] = []  # (check, traceback) for the details section
        self.current = "starting"
        self.qt_messages: list[str] = []  # shown only when something failed

    def say(self, text: str) -> None:
        try:
            self.out.write(text + "\n")
        except UnicodeEncodeError:  # a console that cannot show a character in a path
            enc = getattr(self.out, "encoding", None) or "ascii"
            self.out.write(text.encode(enc, "replace").decode(enc) + "\n")
        self.out.flush()

    def add(self, status: str, name: str, detail: str = "") -> None:
        self.lines.append((status, name, detail))
        self.say(f"  {status}  {name}" + (f": {detail}" if detail else ""))

    def check(self, name: str, run: Callable[[], str | None]) -> bool:
        """Run one check; True when it passed. Exceptions become FAIL, :class:`Skipped` SKIP."""
        self.current = name
        try:
            detail = run()
        except Skipped as skip:
            self.add(SKIP, name, str(skip))
            return False
        except Exception as exc:
            self.add(FAIL, name, _explain(exc))
            self.failures.append((name, traceback.format_exc(limit=-6)))
            return False
        self.add(PASS, name, detail or "")
        return True

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line[0] == status)

    @property
    def ok(self) -> bool:
        return self.count(FAIL) == 0 and self.count(PASS) > 0

    def finish(self, seconds: float) -> int:
        passed, failed, skipped = self.count(PASS), self.count(FAIL), self.count(SKIP)
        summary = f"{passed} passed, {failed} failed"
        if skipped:
            summary += f", {skipped} skipped (not in this version; not counted as passed)"
        self.say(f"Result: {'PASS' if self.ok else 'FAIL'}. {summary}. Took {seconds:.1f} s.")
        for name, trace in self.failures:
            self.say(f"\nDetails for '{name}':\n{trace.rstrip()}")
        if self.failures and self.qt_messages:
            self.say("\nWhat Qt said:\n" + "\n".join(self.qt_messages[-20:]))
        return 0 if self.ok else 1


def _explain(exc: BaseException) -> str:
    text = str(exc).strip() or "(no message)"
    from reviewdesk.domain.errors import ReviewDeskError

    return text if isinstance(exc, ReviewDeskError) else f"{type(exc).__name__}: {text}"


# --- the run ------------------------------------------------------------------------------------


def run_self_test(
    cli: CommandLine,
    parser: ParserFactory,
    out: TextIO | None = None,
    time_limit_s: float = TIME_LIMIT_S,
) -> int:
    """``cli`` is the command line's ``main(argv)`` and ``parser`` builds its argument parser
    (both from :mod:`reviewdesk.cli`, which calls this)."""
    from reviewdesk.qt_platform import chosen_platform

    out = out or sys.stdout
    platform_name = chosen_platform()  # before anything imports Qt
    if platform_name:
        os.environ["QT_QPA_PLATFORM"] = platform_name
    report = Report(out)
    frozen = " (installed app)" if getattr(sys, "frozen", False) else ""
    report.say(
        f"{APP_NAME} {__version__} self-test{frozen}: {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    watchdog = threading.Timer(time_limit_s, _give_up, args=(report, time_limit_s))
    watchdog.daemon = True
    watchdog.start()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(
            prefix="reviewdesk-self-test-", ignore_cleanup_errors=True
        ) as tmp:
            report.say(f"Working in a temporary folder, removed afterwards: {tmp}")
            with _isolated(Path(tmp)):
                _run_checks(report, Path(tmp), cli, parser)
    finally:
        watchdog.cancel()
    return report.finish(time.monotonic() - started)


def _give_up(report: Report, limit: float) -> None:
    report.add(FAIL, report.current, f"still running after {limit:.0f} s, so the self-test stopped")
    report.say("Result: FAIL (the self-test did not finish).")
    os._exit(1)


@contextlib.contextmanager
def _isolated(tmp: Path) -> Iterator[None]:
    """Point everything that could find a user's data or settings into ``tmp``."""
    overrides = {
        "REVIEWDESK_DATA_DIR": str(tmp / "library"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_DATA_HOME": str(tmp / "share"),
        "XDG_CACHE_HOME": str(tmp / "cache"),
    }
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run_checks(report: Report, tmp: Path, cli: CommandLine, parser: ParserFactory) -> None:
    from reviewdesk.paths import resolve_paths

    paths = resolve_paths(tmp / "library")
    state: dict[str, object] = {}
    report.check("ReviewDesk's own files are in place", _check_resources)
    report.check("Encryption at rest (SQLCipher)", lambda: _check_encryption(tmp))
    if not report.check("A new library opens and saves", lambda: _open_library(paths, state)):
        return
    services = state["services"]
    try:
        if report.check("The demo review is added", lambda: _add_demo(services, state)):
            report.check("Search across reviews (SQLite FTS5)", lambda: _check_search(services))
            _check_gui(report, services, paths, tmp)
    finally:
        services.close()  # type: ignore[attr-defined]
    if "reference" in state:
        _check_exports(report, paths.data_dir, str(state["reference"]), tmp, cli, parser)


def _check_resources() -> str:
    from reviewdesk.resources import demo_file, resources_dir
    from reviewdesk.services.frameworks import default_framework

    framework = default_framework()
    if not framework.themes:
        raise AssertionError("the practice framework has no themes")
    if not demo_file().is_file():
        raise AssertionError(f"the demo review is missing ({demo_file()})")
    return f"{len(framework.themes)} practice themes, in {resources_dir()}"


def _check_encryption(tmp: Path) -> str:
    import secrets

    from reviewdesk.store.sqlite_file import SQLITE_HEADER, DatabaseKey, connect

    path, key = tmp / "encryption-check.sqlite3", DatabaseKey(secrets.token_bytes(32))
    conn = connect(path, key=key)
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES ('self-test')")
    finally:
        conn.close()
    data = path.read_bytes()
    path.unlink()
    if not version or data.startswith(SQLITE_HEADER) or b"self-test" in data:
        raise AssertionError("the library file was not encrypted")
    return f"SQLCipher {version[0]}"


def _open_library(paths, state: dict) -> str:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.review import Profile
    from reviewdesk.services.bundle import open_services

    services = open_services(paths)
    state["services"] = services
    # A profile, so a first-run "who are you?" prompt does not stand between us and the screens.
    services.profile.save(Profile("Self-test", "Installation check", ""))
    if services.profile.get().name != "Self-test":
        raise AssertionError("a saved setting did not read back")
    if not paths.database.is_file():
        raise AssertionError(f"no library file at {paths.database}")
    return str(paths.database)


def _add_demo(services, state: dict) -> str:  # type: ignore[no-untyped-def]
    summary, added = services.exchange.add_demo()
    if not added:
        raise AssertionError("the new library already had a demo review")
    found = services.reviews.find(summary.reference)
    if found.progress.total == 0 or found.progress.answered == 0:
        raise AssertionError("the demo review has no answered prompts")
    state["reference"] = summary.reference
    return (
        f"{summary.reference}, {found.progress.answered} of {found.progress.total} prompts answered"
    )


def _check_search(services) -> str:  # type: ignore[no-untyped-def]
    """FTS5 (with the tokenizer the index uses) in both SQLite builds the bundle carries, and the
    demo review found by a search."""
    import sqlite3

    from reviewdesk.store.sqlite_file import cipher_dbapi

    builds = []
    for module in (sqlite3, cipher_dbapi()):
        conn = module.connect(":memory:")
        try:
            conn.execute(
                "CREATE VIRTUAL TABLE t USING fts5("
                "body, tokenize = 'unicode61 remove_diacritics 2')"
            )
            conn.execute("INSERT INTO t VALUES ('A&E attendance, café')")
            found = conn.execute("SELECT count(*) FROM t WHERE t MATCH '\"cafe\"'").fetchone()[0]
            version = conn.execute("SELECT sqlite_version()").fetchone()[0]
        finally:
            conn.close()
        if found != 1:
            raise AssertionError(f"FTS5 did not find a word (SQLite {version})")
        builds.append(version)
    from reviewdesk.domain.words import count

    results = services.search.search("health visitor")
    if not results.count:
        raise AssertionError("a search did not find the demo review")
    return f"FTS5 in SQLite {' and '.join(builds)}; {count(results.count, 'result')} for the demo"


# --- the window and its screens -----------------------------------------------------------------


class GuiProbe:
    """Drives the real main window offscreen. Qt is imported here, never at module level."""

    def __init__(self, tmp: Path, messages: list[str]) -> None:
        from PySide6.QtCore import QSettings, QTimer, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        # Qt's own chatter (the offscreen platform's warnings) goes into the report's details
        # when something fails, not onto the console of an IT person checking an install.
        qInstallMessageHandler(lambda _kind, _context, text: messages.append(text))

        # Settings a window keeps through QSettings() go to the temporary folder too.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qt-settings")
        )
        self.app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
        self.app.setApplicationName(APP_NAME)
        self.app.setApplicationVersion(__version__)
        self.window = None
        self.closed_dialogs: list[str] = []
        self.errors: list[str] = []
        self._excepthook = sys.excepthook
        sys.excepthook = self._record  # Qt hands exceptions raised in slots to sys.excepthook
        self._poller = QTimer()
        self._poller.setInterval(100)
        self._poller.timeout.connect(self._close_dialogs)
        self._poller.start()

    def describe(self) -> str:
        from PySide6.QtCore import qVersion

        return f"Qt {qVersion()}, platform '{self.app.platformName()}'"

    def _record(self, kind, exc, tb) -> None:  # type: ignore[no-untyped-def]
        self.errors.append("".join(traceback.format_exception(kind, exc, tb, limit=-6)))

    def _close_dialogs(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            self.closed_dialogs.append(dialog.windowTitle() or type(dialog).__name__)
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    def settle(self, ms: int = 60) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def _verify(self) -> str:
        """Raise if a slot raised or the window stopped drawing; else describe what happened."""
        self.settle()
        if self.errors:
            error, self.errors = self.errors[0], []
            raise AssertionError("an error was raised while it opened:\n" + error.rstrip())
        window = self.window
        if window is None or not window.isVisible():
            raise AssertionError("the main window is no longer open")
        image = window.grab().toImage()
        if image.isNull() or image.width() == 0:
            raise AssertionError("the window could not be drawn")
        small = image.scaled(48, 48)
        colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
        if len(colours) < 2:
            raise AssertionError("the window drew nothing (one flat colour)")
        note = f"{image.width()} x {image.height()}"
        if self.closed_dialogs:
            note += "; closed a dialog that opened by itself: " + ", ".join(
                f"'{t}'" for t in self.closed_dialogs
            )
            self.closed_dialogs = []
        return note

    def open_window(self, services, paths) -> str:  # type: ignore[no-untyped-def]
        import reviewdesk.app

        factory = getattr(reviewdesk.app, "create_main_window", None)
        if factory is None:
            from reviewdesk.gui.main_window import MainWindow as factory
        from PySide6.QtCore import Qt

        self.window = factory(services, paths)
        # Built, laid out and drawn by the real platform plugin, but never put on the screen.
        self.window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.window.show()
        return self._verify()

    def screens(self) -> list[tuple[str, Callable[[], object]]] | None:
        listed = getattr(self.window, "self_test_screens", None)
        return None if listed is None else [(str(name), show) for name, show in listed()]

    def visit(self, show: Callable[[], object]) -> str:
        show()
        return self._verify()

    def close(self) -> None:
        from PySide6.QtCore import QThreadPool

        if self.window is not None:
            self.window.close()  # lets the window save on close, as it would for a user
            self.settle()
            QThreadPool.globalInstance().waitForDone(10_000)  # background saves or exports
            self.window.deleteLater()
            self.settle()
        self._poller.stop()
        sys.excepthook = self._excepthook
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(None)


def _check_gui(report: Report, services, paths, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.qt_platform import OFFSCREEN, expected_plugin, platform_problem

    probe: GuiProbe | None = None
    plugin = expected_plugin()

    def start_qt() -> str:
        nonlocal probe
        problem = platform_problem(plugin)
        if problem:  # Qt would abort the whole process: say why instead
            raise ReviewDeskError(problem)
        probe = GuiProbe(tmp, report.qt_messages)
        return probe.describe()

    if plugin == OFFSCREEN:
        name = "Qt starts (offscreen, no window appears)"
    else:
        name = f"Qt starts on this display ({plugin}, the windows stay off the screen)"
    if not report.check(name, start_qt):
        return
    assert probe is not None
    if getattr(sys, "frozen", False):  # the bundle ships it (installers/shiboken_files.py)
        report.check("Qt's signature support loads from byte-code", check_signature_support)
    try:
        if not report.check("The main window opens", lambda: probe.open_window(services, paths)):
            return
        screens = probe.screens()
        if screens is None:
            report.add(
                SKIP,
                "The main screens",
                "this version's window lists no screens to visit (self_test_screens), "
                "so only the window itself was checked",
            )
        elif not screens:
            report.add(FAIL, "The main screens", "self_test_screens() returned no screens")
        for name, show in screens or []:
            report.check(f"The {name} screen opens", lambda show=show: probe.visit(show))
    finally:
        probe.close()


def check_signature_support(modules: Mapping[str, ModuleType] | None = None) -> str:
    """The installed app: PySide6's signature support (shiboken6's ``shibokensupport``) was
    loaded from the byte-code the bundle carries in shiboken6/files.dir, not compiled from the
    zip inside libshiboken6 as it is when that folder is missing (about 15 ms of CPU at every
    start; installers/shiboken_files.py)."""
    from importlib.util import MAGIC_NUMBER

    modules = sys.modules if modules is None else modules
    loaded = {
        name: module
        for name, module in list(modules.items())  # a copy: another thread may import
        if name == "shibokensupport" or name.startswith("shibokensupport.")
    }
    if not loaded:
        raise AssertionError("Qt started without loading shibokensupport")
    folders = set()
    for name, module in sorted(loaded.items()):
        cached = getattr(module, "__cached__", None)
        header = Path(cached).read_bytes()[:8] if cached and Path(cached).is_file() else b""
        # Byte-code for this Python, used without reading the source (unchecked-hash: flags 1).
        if header[:4] != MAGIC_NUMBER or int.from_bytes(header[4:8], "little") != 1:
            # The app works: it starts about 15 ms slower. Not a failure for the person who
            # runs the self-test; .ci/run checks that the bundle it builds passes this.
            raise Skipped(
                f"{name} was compiled at start-up (from {getattr(module, '__file__', '?')}), "
                "not loaded from the byte-code in shiboken6/files.dir: ReviewDesk works, "
                "and starts a little more slowly"
            )
        folders.add(str(Path(str(cached)).parent))
    from reviewdesk.domain.words import count

    return f"{count(len(loaded), 'module')}, in {os.path.commonpath(sorted(folders))}"


# --- exports ------------------------------------------------------------------------------------


def _cli(cli: CommandLine, *args: str) -> tuple[int, str]:
    """Run the command line in this process; returns (exit status, what it printed)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = cli(list(args))
        except SystemExit as exc:  # argparse: wrong usage
            code = exc.code if isinstance(exc.code, int) else 2
    return code, buffer.getvalue().strip()


def export_formats(parser: ParserFactory) -> tuple[str, ...]:
    """The formats ``reviewdesk export --format`` offers in this version."""
    for action in parser()._actions:  # argparse keeps sub-parsers here
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and "export" in choices:
            for option in choices["export"]._actions:
                if "--format" in option.option_strings:
                    return tuple(option.choices or ())
    return ()


def _export(cli: CommandLine, library: Path, reference: str, fmt: str, output: Path) -> Path:
    where = ("--data-dir", str(library))
    code, printed = _cli(cli, *where, "export", reference, "--format", fmt, "--output", str(output))
    if code != 0:
        raise AssertionError(f"'reviewdesk export --format {fmt}' ended with {code}: {printed}")
    if not output.is_file() or output.stat().st_size == 0:
        raise AssertionError(f"the {fmt} export wrote no file")
    return output


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.0f} KB"


def _check_exports(
    report: Report,
    library: Path,
    reference: str,
    tmp: Path,
    cli: CommandLine,
    parser: ParserFactory,
) -> None:
    out = tmp / "exports"
    out.mkdir()
    formats = export_formats(parser)

    def json_export() -> str:
        path = _export(cli, library, reference, "json", out / "demo.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "reviewdesk-review" or data["review"]["reference"] != reference:
            raise AssertionError("the JSON file is not this review in ReviewDesk's format")
        code, printed = _cli(cli, "--data-dir", str(tmp / "second-library"), "import", str(path))
        if code != 0:
            raise AssertionError(f"it did not import into a new library: {printed}")
        return f"{_size(path)}, and it imports into a new library"

    report.check("JSON export and import", json_export)
    has_service = find_spec("reviewdesk.services.exports") is not None
    wanted = [("pdf", "PDF export", check_pdf), ("docx", "Word export", check_docx)]
    if "briefing" in formats:
        wanted.insert(1, ("briefing", "Seven-minute briefing export (PDF)", check_pdf))
    for fmt, name, verify in wanted:

        def run(fmt: str = fmt, verify: Callable[[Path], str] = verify) -> str:
            if not has_service:
                raise Skipped(NOT_YET)
            if fmt not in formats:
                raise Skipped(f"'reviewdesk export' has no {fmt} format yet")
            suffix = "pdf" if fmt == "briefing" else fmt
            return verify(_export(cli, library, reference, fmt, out / f"demo-{fmt}.{suffix}"))

        report.check(name, run)


def check_pdf(path: Path) -> str:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise AssertionError("the file does not start with %PDF-")
    if b"%%EOF" not in data[-1024:]:
        raise AssertionError("the file is cut short (no %%EOF at its end)")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages == 0:
        raise AssertionError("the PDF has no pages")
    return f"{_size(path)}, {pages} page{'s' if pages != 1 else ''}"


def check_docx(path: Path) -> str:
    if not zipfile.is_zipfile(path):
        raise AssertionError("the file is not a Word (zip) document")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise AssertionError("the document has no word/document.xml")
        body = archive.read("word/document.xml")
    if b"<w:body" not in body:
        raise AssertionError("word/document.xml has no body")
    words = len(re.findall(rb"<w:t[ >]", body))
    if words == 0:
        raise AssertionError("the document has no text")
    return f"{_size(path)}, {words} runs of text"
