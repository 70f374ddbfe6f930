"""Partnership mode in the main window (issue 22): signing in to the shared server, working on
its library, and moving this computer's library there.

Functions over the main window rather than more methods on it (the window stays small): the
menu items call them. The window then works on the server's library exactly as on a library
file; its title and status bar say which server and account.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from reviewdesk import APP_NAME

if TYPE_CHECKING:
    from reviewdesk.domain.partnership import ServerChoice
    from reviewdesk.domain.review import ReviewSummary
    from reviewdesk.services.bundle import Services


def connect_to_server(window: Any) -> None:
    """File › Connect to a partnership server…: the sign-in dialog, the remembered server
    filled in; once signed in the window works on the server's library."""
    from reviewdesk.gui.dialogs.server_sign_in import ServerSignInDialog

    if window.services is None:
        return
    partnership = window.services.partnership
    data_dir = window.paths.data_dir

    def connect(choice: ServerChoice, password: str | None) -> Services:
        return partnership.sign_in(choice, password, data_dir)

    dialog = ServerSignInDialog(
        connect,
        window.settings.server_choice,
        kerberos=partnership.kerberos_available(),
        parent=window,
    )
    window.sign_in_dialog = dialog

    def finished(result: int) -> None:
        window.sign_in_dialog = None
        if result and dialog.services is not None:
            window.settings.server_choice = dialog.choice  # never the password
            work_on(window, dialog.services)

    dialog.finished.connect(finished)
    dialog.open()


def work_on(window: Any, services: Any) -> bool:
    """Hand the window another library (the server's); the one it had is closed. False (and
    nothing changes) when the open review's writing could not be saved first."""
    if window.workspace is not None and not window.close_review():
        services.close()
        return False
    window.settings.last_review = ""
    old = window.services
    lock = getattr(window, "idle_lock", None)
    if lock is not None:  # the new library gets its own (gui/governance.py)
        lock.timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(lock)
    window.attach(services)
    if old is not None:
        upkeep = getattr(window, "upkeep", None)  # the laptop's backup or check under way
        if upkeep is not None and upkeep.running:
            upkeep.finished.connect(lambda: _close_quietly(old))  # closed once it is done
        else:
            _close_quietly(old)
    show_where(window)
    return True


def _close_quietly(services: Any) -> None:
    with contextlib.suppress(Exception):
        services.close()


def title(window: Any, prefix: str = "") -> str:
    """The window's title: "LCSPR-2026-01 – ReviewDesk – sam.field on db... (reviewdesk)"."""
    parts = [prefix] if prefix else []
    parts.append(APP_NAME)
    server = getattr(window.services, "server", None) if window.services is not None else None
    if server is not None:
        parts.append(server.label)
    return " – ".join(parts)


def show_where(window: Any) -> None:
    """The title and a permanent status-bar label name the server and the account."""
    server = getattr(window.services, "server", None)
    window.setWindowTitle(title(window))
    label = getattr(window, "server_label", None)
    if server is None:
        if label is not None:
            label.hide()
        return
    if label is None:
        label = QLabel(window)
        label.setAccessibleName(window.tr("Signed in to"))
        window.statusBar().addPermanentWidget(label)
        window.server_label = label
    label.setText(window.tr("Partnership server: %s") % server.label)
    window.library.privacy.setText(  # no longer "stays on this computer"
        window.tr(
            "These are the partnership's reviews on its server (%s), each shared only with "
            "the people invited to it. Your private notes stay on this computer."
        )
        % server.label
    )
    label.show()
    window.statusBar().showMessage(
        window.tr("Signed in to %s. You are working on the partnership's reviews.") % server.label,
        8000,
    )


def offer_remembered_server(window: Any) -> None:
    """At start-up, when a server was signed in to before: offer it again (the dialog, filled
    in, waiting for the password); Cancel carries on with this computer's library."""
    if window.settings.server_choice is not None and window.services is not None:
        QTimer.singleShot(0, lambda: connect_to_server(window))


def move_library_to_server(window: Any) -> None:
    """File › Move this library to the partnership server… (a lead): sign in, then copy every
    review of this computer's library into the server in one go, or nothing at all."""
    from reviewdesk.gui.dialogs.server_sign_in import ServerSignInDialog

    local = window.services
    if local is None or local.server is not None:
        QMessageBox.information(
            window,
            APP_NAME,
            window.tr(
                "This window is already working on the partnership server. To move a library, "
                "open ReviewDesk on the computer that holds it."
            ),
        )
        return
    partnership = local.partnership

    def connect_and_move(
        choice: ServerChoice, password: str | None
    ) -> tuple[Services, list[ReviewSummary]]:
        return partnership.move_here_to(choice, password, window.paths.data_dir)

    dialog = ServerSignInDialog(
        connect_and_move,
        window.settings.server_choice,
        kerberos=partnership.kerberos_available(),
        parent=window,
    )
    dialog.setWindowTitle(window.tr("Move this library to the partnership server"))
    dialog.sign_in_button.setText(window.tr("&Sign in and move"))
    window.sign_in_dialog = dialog

    def finished(result: int) -> None:
        window.sign_in_dialog = None
        if not result or dialog.services is None:
            return
        server, moved = cast("tuple[Services, list[ReviewSummary]]", dialog.services)
        window.settings.server_choice = dialog.choice
        QMessageBox.information(
            window,
            APP_NAME,
            window.tr(
                "%d reviews were copied to the partnership server. They are still in this "
                "computer's library too, unchanged."
            )
            % len(moved),
        )
        work_on(window, server)

    dialog.finished.connect(finished)
    dialog.open()
