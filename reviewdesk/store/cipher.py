"""Switching a closed library file between plain SQLite and SQLCipher, and back.

:func:`convert` writes an encrypted (or plain) copy with ``sqlcipher_export`` under a temporary
name, checks it (``integrity_check``, the same tables with the same number of rows, the same
schema version; a search index found broken is built again in the copy first), syncs it, and
only then (:func:`swap_in`) replaces the original with one atomic rename. Until that rename the
original is untouched; if anything fails, the temporary copy is removed. Nothing here knows
about keys' wrapping or passphrases: it is handed raw keys.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from reviewdesk.store.sqlite_file import (
    DatabaseKey,
    connect,
    fsync_dir,
    fsync_file,
    private,
    problems_of,
    remove_with_side_files,
    side_file,
)


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:  # a sqlcipher3 connection
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        n: conn.execute(
            f'SELECT count(*) FROM {schema}."{n.replace(chr(34), chr(34) * 2)}"'
        ).fetchone()[0]
        for n in names
    }


def convert(
    source: Path,
    target: Path,
    *,
    source_key: DatabaseKey | None,
    target_key: DatabaseKey | None,
) -> Path:
    """Write a copy of the closed library ``source`` to ``target`` (which must not exist),
    encrypted with ``target_key`` (or plain when None), checked before it is given its name.
    Raises ``ValueError`` when the copy does not check out; SQLCipher's errors otherwise."""
    target = target.absolute()
    if target.exists():
        raise FileExistsError(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    # SQLCipher opens a plain file too when it is given no key: one module for both directions.
    from reviewdesk.store.sqlite_file import cipher_dbapi

    module = cipher_dbapi()
    conn = (
        connect(source, key=source_key)
        if source_key is not None
        else module.connect(str(source), check_same_thread=False)
    )
    conn.isolation_level = None
    try:
        before = _table_counts(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        literal = target_key.sql_literal if target_key is not None else ""
        conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), literal))
        try:
            conn.execute("SELECT sqlcipher_export('converted')")
            conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        finally:
            conn.execute("DETACH DATABASE converted")
    except BaseException:
        conn.close()
        remove_with_side_files(tmp)
        raise
    conn.close()
    try:
        check = connect(tmp, key=target_key)
        rewritten: tuple[str, ...] = ()
        try:
            problems = problems_of(check, full=True)
            if problems:
                # A broken search index alone (an encrypted copy is checked by SQLCipher's
                # SQLite, which looks inside FTS5's index; this machine's may not have): the
                # copy's is built again from the copy's text, and the copy checked again.
                from reviewdesk.store.search_check import REWRITTEN, mend_if_only_the_index

                problems, rebuilt = mend_if_only_the_index(check, problems, full=True)
                if rebuilt:
                    rewritten = REWRITTEN  # their rows may change; the text's may not
            after = _table_counts(check)
            same_version = check.execute("PRAGMA user_version").fetchone()[0] == version
        finally:
            check.close()
        for name in rewritten:
            before.pop(name, None)
            after.pop(name, None)
        if problems or after != before or not same_version:
            raise ValueError(
                "the converted copy did not match the original"
                + (f" (SQLite reports: {problems[0]})" if problems else "")
            )
        private(tmp)
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        remove_with_side_files(tmp)
        raise
    return target


def swap_in(converted: Path, original: Path) -> None:
    """Replace ``original`` by ``converted`` with one atomic rename. The caller has folded the
    original's write-ahead log into it (a stale log must never be replayed over the new file)."""
    for suffix in ("-wal", "-shm", "-journal"):
        side_file(original, suffix).unlink(missing_ok=True)
    os.replace(converted, original)
    fsync_dir(original.parent)


def convert_in_place(
    path: Path, *, source_key: DatabaseKey | None, target_key: DatabaseKey | None
) -> None:
    """Convert the closed file at ``path`` (a backup) and swap the checked copy in."""
    converted = path.with_name(f".{path.name}.{secrets.token_hex(4)}.converted")
    convert(path, converted, source_key=source_key, target_key=target_key)
    try:
        swap_in(converted, path)
    finally:
        converted.unlink(missing_ok=True)
