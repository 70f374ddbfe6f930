"""The idle lock: a screen that hides the window's content, and the helper that decides when.

- :class:`LockScreen` is an overlay over a window: it covers everything (menus included), says
  why it is locked, and asks for the passphrase when the library is encrypted (``verify``
  given), or a click otherwise.
- :class:`IdleLock` feeds the person's activity (keys, mouse, wheel) to an
  :class:`reviewdesk.domain.idle.IdlePolicy`, asks it every few seconds whether to lock, and
  then first calls ``flush`` (the main window saves whatever is pending), then shows the lock
  screen. While locked it swallows keyboard shortcuts meant for the window behind.

Wiring, in the main window::

    policy = IdlePolicy(services.settings.idle_lock_minutes() * 60)
    verify = services.keys.verify if services.encrypted else None
    self.idle_lock = IdleLock(self, policy, flush=self.flush_pending_saves, verify=verify)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.idle import IdlePolicy, LockReason

if TYPE_CHECKING:
    from reviewdesk.gui.tasks import Task

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
_KEYS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}


class LockScreen(QFrame):
    """Covers its parent window entirely. ``unlocked`` is emitted when the person is back."""

    unlocked = Signal()
    encrypt_requested = Signal()  # "Protect with a passphrase…", for a library not encrypted

    def __init__(self, window: QWidget, verify: Callable[[str], bool] | None = None) -> None:
        super().__init__(window)
        self._verify = verify
        self._task: Task | None = None  # opening the library with the passphrase typed
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("ReviewDesk is locked"))

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(440)  # a fixed width lets the wrapped labels take their height
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(10)
        self.title = QLabel(self.tr("ReviewDesk is locked"), card)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # at large text sizes it takes two lines, never cut
        box.addWidget(self.title)
        self.reason = QLabel(card)
        self.reason.setWordWrap(True)
        box.addWidget(self.reason)
        self.note = QLabel(self.tr("Your work was saved before the screen was locked."), card)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.passphrase = QLineEdit(card)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase or recovery key"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase or recovery key"))
        self.passphrase.returnPressed.connect(self.try_unlock)
        box.addWidget(self.passphrase)
        self.error = QLabel(card)
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        self.unlock_button = QPushButton(card)
        self.unlock_button.clicked.connect(self.try_unlock)
        box.addWidget(self.unlock_button)
        # Without encryption the lock only hides the window: said plainly, with the offer.
        self.plain_note = QLabel(
            self.tr(
                "This lock only hides the window: the library is not encrypted, so anyone who "
                "can use this computer account can still read its file. Protect it with a "
                "passphrase to make the lock really lock."
            ),
            card,
        )
        self.plain_note.setWordWrap(True)
        box.addWidget(self.plain_note)
        self.encrypt_button = QPushButton(self.tr("&Protect with a passphrase…"), card)
        self.encrypt_button.clicked.connect(self._encrypt_requested)
        box.addWidget(self.encrypt_button)
        # Centred by stretches, not by alignment: an aligned item gets only its size hint's
        # height, so a wrapped line shown later (a wrong passphrase) would be cut short.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        self.setStyleSheet(
            "#lockScreen { background: palette(window); }"
            "#lockCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )
        self.configure(verify)
        self.hide()

    def configure(self, verify: Callable[[str], bool] | None) -> None:
        """``verify``: the passphrase (or recovery key) opens the library again (encrypted);
        None: a click goes on (the lock only hides the window, and says so)."""
        self._verify = verify
        self.passphrase.setVisible(verify is not None)
        self.plain_note.setVisible(verify is None)
        self.encrypt_button.setVisible(verify is None)
        self.unlock_button.setText(
            self.tr("&Unlock") if verify is not None else self.tr("&Continue working")
        )
        self.note.setText(
            self.tr(
                "Your work was saved, the library is closed and its key forgotten until you "
                "unlock it."
            )
            if verify is not None
            else self.tr("Your work was saved before the screen was locked.")
        )

    def _encrypt_requested(self) -> None:
        self.try_unlock()  # no passphrase to ask: the window comes back, then the offer
        self.encrypt_requested.emit()

    @property
    def needs_passphrase(self) -> bool:
        return self._verify is not None

    def lock(self, reason: LockReason) -> None:
        self.reason.setText(self.tr(reason.message))
        self.error.clear()
        self.error.hide()
        self.passphrase.clear()
        self._cover_window()
        self.raise_()
        self.show()
        (self.passphrase if self.needs_passphrase else self.unlock_button).setFocus()

    def configure_opening(self, open_library: Callable[[str], object] | None) -> None:
        """``open_library(secret)``: opens the closed library again, off the GUI thread (the
        key derivation and the library's checks take a moment); it raises
        :class:`WrongPassphraseError` when the secret does not open it. Replaces ``verify``."""
        self._open_library = open_library
        self.configure(self._verify if open_library is None else (lambda _secret: True))

    def try_unlock(self) -> None:
        opening = getattr(self, "_open_library", None)
        if opening is not None and self.passphrase.isVisible():
            self._open_in_background(opening)
            return
        if self._verify is not None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                ok = self._verify(self.passphrase.text())
            finally:
                QGuiApplication.restoreOverrideCursor()
            if not ok:
                self._wrong()
                return
        self._come_back()

    def _wrong(self, text: str = "") -> None:
        self.error.setText(
            text
            or self.tr(
                "That does not unlock this library. Passphrases are case-sensitive. "
                "If you have forgotten it, type the recovery key instead."
            )
        )
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _come_back(self) -> None:
        self.passphrase.clear()
        self.hide()
        self.unlocked.emit()

    @property
    def opening(self) -> bool:
        return self._task is not None and self._task.running

    def _open_in_background(self, opening: Callable[[str], object]) -> None:
        from reviewdesk.domain.errors import ReviewDeskError, WrongPassphraseError
        from reviewdesk.gui.tasks import Task, message_for

        if self.opening or not self.passphrase.text():
            return
        secret = self.passphrase.text()
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("Opening the library…"))
        self.error.show()

        def ended() -> None:
            self.passphrase.setEnabled(True)
            self.unlock_button.setEnabled(True)
            self._task = None

        def failed(exc: object) -> None:
            ended()
            if isinstance(exc, WrongPassphraseError):
                self._wrong()
            else:
                self._wrong(message_for(exc) if isinstance(exc, ReviewDeskError) else "")

        def opened(_result: object) -> None:
            ended()
            self.error.hide()
            self._come_back()

        task = Task(lambda _progress: opening(secret))
        self._task = task
        task.succeeded.connect(opened)
        task.raised.connect(failed)
        task.start()

    def resize_to_window(self) -> None:
        if self.isVisible():
            self._cover_window()

    def _cover_window(self) -> None:
        window = self.parentWidget()
        if window is not None:  # always: made with the main window as its parent
            self.setGeometry(window.rect())


def resolve_qobject_types() -> None:
    """Have PySide make the Python side of every QObject class it wraps, now.

    PySide6 makes a class (and its enums) the first time Python meets it. The first object of a
    class it does not wrap (a Qt-internal one, say the event dispatcher or a QWidgetWindow)
    handed to Python as a QObject makes it look through, and so make, every QObject class:
    some 140 enum types, about 30 ms. The idle lock's application-wide filter is handed one at
    its first check, with the person's first keys or clicks after it; called as the library
    opens (app.build_gui, in a turn of its own before the list is drawn), that happens here
    instead (issue 20). Asking the application for its children is such a hand-over (its
    event dispatcher). On the GUI thread only: two threads must not make the same class."""
    app = QApplication.instance()
    if app is not None:
        app.children()


class IdleLock(QObject):
    """Watches for activity application-wide and locks ``window`` when the policy says so.

    Listening to every event of the application costs a call into Python for each (some 35 per
    keystroke: paints, key releases passed up to each parent...), and while a save runs on its
    thread each call can wait for Python's lock. So it listens only until it hears the first
    activity, then stops until the next check, a few seconds later: the time of the last
    activity is then known to within one check, plenty for a lock measured in minutes, and
    typing in between calls into Python not at all. While locked it listens all the time, to
    keep keys from the window behind and to follow the window's size.

    It starts listening at its first check, not when made: made as the library opens, it had
    Python called for every event of the list's first drawing, and the first Qt-internal
    object it was handed (a QAnimationTimer) had PySide look through, and so create, some 140
    enum types: together half of the longest freeze at open (issue 20). The idle time counts
    from the lock's making meanwhile.
    """

    locked = Signal(str)  # the LockReason's value

    def __init__(
        self,
        window: QWidget,
        policy: IdlePolicy,
        *,
        flush: Callable[[], object] = lambda: None,
        verify: Callable[[str], bool] | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.policy = policy
        self._flush = flush
        self.screen = LockScreen(window, verify)
        self.screen.unlocked.connect(self._on_unlocked)
        self.timer = QTimer(self)
        self.timer.setInterval(int(policy.poll_seconds * 1000))
        self.timer.timeout.connect(self.check)
        self._listening = False
        if start:
            self.timer.start()

    def _listen(self) -> None:
        app = QApplication.instance()
        if not self._listening and app is not None:
            app.installEventFilter(self)
            self._listening = True

    def _stop_listening(self) -> None:
        app = QApplication.instance()
        if self._listening and app is not None:
            app.removeEventFilter(self)  # safe from within eventFilter itself
        self._listening = False

    @property
    def is_locked(self) -> bool:
        return self.policy.locked is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Resize:
            self.screen.resize_to_window()
        if self.is_locked:
            # Nothing reaches the window behind the lock screen (no shortcuts, no typing); other
            # top-level windows are not this lock's business.
            return (
                kind in _KEYS
                and self._in_locked_window(watched)
                and not self._inside_screen(watched)
            )
        if kind in _ACTIVITY:
            self.policy.activity()
            self._stop_listening()  # heard: quiet until the next check
        return False

    def _in_locked_window(self, watched: QObject) -> bool:
        return watched is self._window or (
            isinstance(watched, QWidget) and watched.window() is self._window
        )

    def _inside_screen(self, watched: QObject) -> bool:
        node: QObject | None = watched
        while node is not None:
            if node is self.screen:
                return True
            node = node.parent()
        return False

    def check(self) -> None:
        """Ask the policy (the timer calls this every few seconds), and listen again."""
        self._listen()
        reason = self.policy.poll()
        if reason is not None:
            self._show(reason)

    def lock_now(self) -> None:
        if not self.is_locked:
            self._show(self.policy.lock())

    def _show(self, reason: LockReason) -> None:
        self._listen()  # to swallow keys meant for the window behind the lock
        self._flush()  # pending saves first: nothing typed is lost behind the lock
        self.screen.lock(reason)
        self.locked.emit(reason.value)

    def _on_unlocked(self) -> None:
        self.policy.unlock()
