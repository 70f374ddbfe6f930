"""Composition root: paths -> library -> services -> QApplication -> main window."""

from __future__ import annotations

import sys


def run_gui(data_dir: str | None = None) -> int:
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services import open_services

    paths = resolve_paths(data_dir)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reviewdesk import APP_NAME, __version__

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    try:
        services = open_services(paths)
    except ReviewDeskError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    from reviewdesk.gui.main_window import MainWindow

    window = MainWindow(services, paths)
    window.show()
    for notice in services.notices:  # e.g. "did not close properly ... recovered" (data safety)
        QMessageBox.information(window, APP_NAME, notice)
    try:
        return app.exec()
    finally:
        services.close()
