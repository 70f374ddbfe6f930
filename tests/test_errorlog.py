"""The error log IT support is pointed to: it exists, it says where something went wrong, and it
never holds what someone wrote (exception messages can quote it)."""

from __future__ import annotations

import logging

from reviewdesk import errorlog


def test_the_log_holds_where_and_what_kind_never_the_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = errorlog.start(tmp_path)
        assert path == tmp_path / "logs" / "reviewdesk.log"
        assert errorlog.start(tmp_path) == path  # once for this data folder
        typed = [
            "Priya Shah's reflection: the baby was on the sofa",
            "Child K, 4 Elm Road, EM1 2AB",
        ]
        try:
            try:
                raise KeyError(typed[0])
            except KeyError as inner:
                raise ValueError(typed[1]) from inner
        except ValueError:
            logging.getLogger("reviewdesk.test").error("Unexpected error", exc_info=True)
        for handler in root.handlers:
            handler.flush()
        text = path.read_text("utf-8")
        assert "Unexpected error" in text and "ValueError (after KeyError)" in text
        assert "test_errorlog.py" in text  # where it went wrong
        for words in ("Priya", "sofa", "Elm Road", "EM1 2AB", "Child K"):
            assert words not in text
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_the_log_still_rotates_at_256_kb(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The handler is made when the first entry is written (so starting the log imports
    nothing more): it still keeps at most three files of 256 KB."""
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = errorlog.start(tmp_path)
        assert path is not None and not path.exists()  # nothing written, nothing made yet
        log = logging.getLogger("reviewdesk.test")
        for n in range(1_500):  # about 600 KB of entries
            log.warning("Something to note, entry %05d %s", n, "x" * 380)
        for handler in root.handlers:
            handler.flush()
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["reviewdesk.log", "reviewdesk.log.1", "reviewdesk.log.2"]
        assert all((path.parent / f).stat().st_size <= 256_000 for f in files)
        assert "entry 01499" in path.read_text("utf-8")  # the newest in the current file
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
