"""Marking text for translation in the Qt-free core.

The core never imports PySide6, yet its labels (a review's type, a status, a finding's kind) are
shown in the windows and should be translatable (a Welsh translation can follow). Qt's
``pyside6-lupdate`` finds text to translate by name: it reads ``QT_TRANSLATE_NOOP(context, text)``
wherever it appears, whoever defined the function. So the core marks its labels with this no-op
of the same name, and the windows translate them with
:func:`reviewdesk.gui.i18n.translate_label` (same context). Exports and the CLI show the English
text as it is. ``tests/test_translatable.py`` checks that lupdate extracts them.
"""

from __future__ import annotations

LABELS = "Labels"  # the translation context of every marked label (lupdate needs it literal)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text
