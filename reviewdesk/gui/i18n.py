"""Translating the core's labels in the windows.

The Qt-free core marks each label (a review's type, a status, a finding's kind) with
``QT_TRANSLATE_NOOP("Labels", ...)`` (:mod:`reviewdesk.domain.i18n`), so ``pyside6-lupdate``
extracts it into the ``Labels`` context. A window shows such a label with
:func:`translate_label`, never with ``self.tr(label)`` (whose context is the window's class, where
the text was never marked). ``tests/test_translatable.py`` keeps both halves honest.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from reviewdesk.domain.i18n import LABELS


def translate_label(text: str) -> str:
    """``text`` (a label the core marked) in the person's language."""
    return QCoreApplication.translate(LABELS, text)
