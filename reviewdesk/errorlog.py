"""The error log: where IT support finds the details of something unexpected.

One small rotating file in the data folder (``logs/reviewdesk.log``, at most three files of
256 KB). It records *where in ReviewDesk* something went wrong and the kind of error, never the
error's message: a message can quote what someone typed (a name, a sentence of a reflection),
and the log must stay free of review content even when the library itself is encrypted.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_NAME = "reviewdesk.log"
_MARK = "_reviewdesk_error_log"


class ContentFreeFormatter(logging.Formatter):
    """A traceback's frames and the exception's type; never its message or local values."""

    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # another handler's text may quote data
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def,override]
        kind, exc, tb = ei
        frames = "".join(traceback.format_tb(tb))
        chain = []
        cause = exc.__cause__ or exc.__context__ if exc is not None else None
        while cause is not None and len(chain) < 5:
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        after = f" (after {', '.join(chain)})" if chain else ""
        return f"Traceback (most recent call last):\n{frames}{kind.__name__}{after}"


def log_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


def start(data_dir: Path) -> Path | None:
    """Send warnings and errors to the data folder's log (one log at a time: starting it for
    another data folder moves it there). Returns the log file, or None when it cannot be
    written (ReviewDesk works on without it)."""
    root = logging.getLogger()
    folder = log_folder(data_dir)
    for handler in root.handlers[:]:
        if getattr(handler, _MARK, False):
            if Path(handler.baseFilename) == folder / LOG_NAME:  # type: ignore[attr-defined]
                return folder / LOG_NAME
            root.removeHandler(handler)  # another library in this process: its own log
            handler.close()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _RotatingWhenWritten(folder / LOG_NAME)
    except OSError:
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(ContentFreeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    return folder / LOG_NAME


class _RotatingWhenWritten(logging.Handler):
    """The log's handler: a RotatingFileHandler (at most three files of 256 KB), made when the
    first entry is written. ``logging.handlers`` (with ``socket``, ``pickle`` and ``queue``)
    is imported then, not when the app starts, where it cost about 5 ms before the first paint
    (issue 20); the file, as before, is opened only for the first entry."""

    def __init__(self, filename: Path) -> None:
        super().__init__()
        self.baseFilename = os.path.abspath(filename)
        self._file: RotatingFileHandler | None = None

    def emit(self, record: logging.LogRecord) -> None:  # called under the handler's lock
        try:
            if self._file is None:
                from logging.handlers import RotatingFileHandler

                self._file = RotatingFileHandler(
                    self.baseFilename,
                    maxBytes=256_000,
                    backupCount=2,
                    encoding="utf-8",
                    delay=True,
                )
            self._file.setFormatter(self.formatter)
        except Exception:
            self.handleError(record)
            return
        self._file.emit(record)  # rolls the files over when full, as it always did

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        try:
            if self._file is not None:
                self._file.close()
        finally:
            super().close()
