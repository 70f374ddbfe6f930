"""Render ReviewDesk on a council laptop's screen, and at 200% text, for docs/screenshots.

Run:  .venv/bin/python tools/screenshots_small_screen.py [--out docs/screenshots]

- small-screen-1366x768.png: the whole 1366x768 screen, with a 40-pixel taskbar, and the main
  window with the fictional demo review open, sized by ReviewDesk itself (gui/fit.py) to the
  screen's available area: the window's frame, status bar and all, inside it.
- small-screen-1280x720-125.png: the same at 1280x720 and 125% scaling (1024x576 logical
  pixels), the smallest screen ReviewDesk is made for.
- text-200.png: a theme page of the demo review at 200% text, changed while the review was open.

The offscreen screen is given the available area's size (QT_QPA_PLATFORM's configfile option),
so the window is fitted exactly as it would be there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

TASKBAR = 40


def screen_config(width: int, height: int) -> str:
    """An offscreen screen the size of the available area (the screen less the taskbar)."""
    folder = Path(tempfile.mkdtemp())
    config = folder / "screen.json"
    screen = {"name": "Laptop", "x": 0, "y": 0, "width": width, "height": height - TASKBAR}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", default="", help=argparse.SUPPRESS)  # one screen per run
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if not args.screen:  # one process for each screen size (Qt fixes it at start)
        import subprocess

        out = args.out or str(Path(__file__).resolve().parents[1] / "docs" / "screenshots")
        for screen in ("1366x768", "1024x576"):
            subprocess.run([sys.executable, __file__, "--screen", screen, "--out", out], check=True)
        return 0
    width, height = (int(n) for n in args.screen.split("x"))
    os.environ["QT_QPA_PLATFORM"] = screen_config(width, height)
    sys.argv = [sys.argv[0], "--out", args.out]
    from _offscreen import fictional_library, out_folder, save

    _args, out = out_folder(argparse.ArgumentParser())

    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from reviewdesk.domain.review import Profile
    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths

    with fictional_library() as (services, tmp):
        app = QApplication.instance()
        services.profile.save(
            Profile("Morwenna Clegg", "Health visitor", "Eastmere Community Health")
        )
        paths = resolve_paths(Path(tmp) / "ReviewDesk")
        appearance = Appearance(app, 1.0, "light", fusion=True)
        appearance.apply()
        window = MainWindow(paths, AppSettings(paths.settings_file), appearance)
        window.show()
        window.attach(services)
        window.open_demo()
        window.go_to(1)
        for _ in range(10):
            QApplication.processEvents()

        # The whole screen: desktop, taskbar, and the window where ReviewDesk put it.
        screen = QImage(width, height, QImage.Format.Format_RGB32)
        screen.fill(QColor("#3B4A54"))
        painter = QPainter(screen)
        painter.fillRect(QRect(0, height - TASKBAR, width, TASKBAR), QColor("#1F262B"))
        painter.setPen(QColor("#E9E6E1"))
        painter.drawText(
            QRect(12, height - TASKBAR, width, TASKBAR),
            int(Qt.AlignmentFlag.AlignVCenter),
            f"Taskbar ({TASKBAR} px). Screen {width}x{height}",
        )
        # The offscreen frame is 2 pixels: draw a Windows-like 30-pixel title bar at the top of
        # the frame ReviewDesk allowed for (gui/fit.py keeps 32 pixels for it), the window below.
        frame, inner = window.frameGeometry(), window.geometry()
        title = QRect(inner.left(), frame.top(), inner.width(), 30)
        painter.fillRect(title, QColor("#DDE3E6"))
        painter.setPen(QColor("#1E2326"))
        painter.setFont(QFont(app.font().family(), 10))
        painter.drawText(title.adjusted(10, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter),
                         window.windowTitle())  # fmt: skip
        for _ in range(3):
            QApplication.processEvents()
        painter.drawPixmap(inner.left(), title.bottom() + 1, window.grab())
        assert title.top() >= 0 and title.bottom() + 1 + inner.height() <= height - TASKBAR
        painter.end()
        name = "small-screen-1366x768.png" if width == 1366 else "small-screen-1280x720-125.png"
        screen.save(str(out / name))
        print(out / name, window.frameGeometry(), "in", app.primaryScreen().availableGeometry())

        if width == 1366:  # 200% text, changed with the review open (View, Larger text)
            for _ in range(5):
                window.menu_actions.larger.trigger()
            page = window.workspace.theme_page(0)
            editor = page.cards[0].editor
            editor.setPlainText(
                "I visited on the Tuesday. The baby was asleep upstairs and Mother said "
                "her partner was at work."
            )
            editor.setFocus()
            for _ in range(10):
                QApplication.processEvents()
            top = editor.mapTo(page.widget(), editor.rect().topLeft()).y()
            page.verticalScrollBar().setValue(top - 150)  # the prompt's last lines and the answer
            window.autosaver.finish()  # "Saved" in the status bar
            save(window, out / "text-200.png")
        window.autosaver.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
