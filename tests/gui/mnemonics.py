"""Find access keys (the underlined letter of "&File", "Sa&ve") used twice where they compete.

Qt gives each Alt+letter to whatever shows that letter underlined in the same window: menu bar
titles, buttons, check boxes, group box titles, tab titles and labels with a buddy (a label
without one shows the '&' and takes no key). Two of them with the same letter make Alt+letter
ambiguous: Qt then only moves between them and presses neither. Inside an open menu the same
holds for its items. Hidden widgets take no key, so only what is visible is counted.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)


def access_key(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def _clashes(owners: dict[str, list[str]], where: str) -> list[str]:
    return [
        f"{where}: Alt+{key.upper()} is " + " and ".join(repr(t) for t in texts)
        for key, texts in sorted(owners.items())
        if len(texts) > 1
    ]


def menu_clashes(menu: QMenu, where: str) -> list[str]:
    """Items of one menu sharing a letter (each submenu is checked on its own)."""
    owners: dict[str, list[str]] = defaultdict(list)
    problems: list[str] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = access_key(action.text())
        if key:
            owners[key].append(action.text())
        if action.menu() is not None:
            sub = action.menu()
            problems += menu_clashes(sub, f"{where} › {action.text().replace('&', '')}")
    return _clashes(owners, where) + problems


def window_keys(window: QWidget) -> dict[str, list[str]]:
    """Every access key the window offers now, with the texts that claim it."""
    owners: dict[str, list[str]] = defaultdict(list)

    def claim(text: str, kind: str) -> None:
        key = access_key(text)
        if key:
            owners[key].append(f"{kind} {text}")

    if isinstance(window, QMainWindow) and window.menuBar().isVisibleTo(window):
        for action in window.menuBar().actions():
            if action.isVisible():
                claim(action.text(), "menu")
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.window() is not window:
            continue
        if isinstance(w, QAbstractButton):
            claim(w.text(), "button")
        elif isinstance(w, QLabel) and w.buddy() is not None and not w.text().startswith("<"):
            claim(w.text(), "label")
        elif isinstance(w, QGroupBox):
            claim(w.title(), "group")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    claim(w.tabText(i), "tab")
    return owners


def window_clashes(window: QWidget, where: str) -> list[str]:
    return _clashes(window_keys(window), where)
