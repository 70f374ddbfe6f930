"""The shape of a ReviewDesk library, and what is not ReviewDesk's own in a file.

A library is only ever made by ReviewDesk's migrations, so every library at a given revision has
the same tables, indexes, triggers and views (``sqlite_master``), down to the text of their SQL.
:data:`SNAPSHOT_FILE`, a generated module, keeps that shape for every revision (made by migrating
an empty database to each one: ``python -m reviewdesk.store.schema`` writes it, and
tests/store/test_schema.py checks it is current). :func:`differences` compares a file with it:
one small query, cheap enough for every open (docs/data-safety.md has the figure).

Anything extra (a trigger that deletes every review on save, a view, an index) or changed (the
same name, other SQL) is foreign, and the file is refused. Missing indexes and triggers are
ReviewDesk's own definitions and can be put back (:func:`restore_missing`); a missing table
cannot.

Nothing here knows about keys or services; no SQLAlchemy on the open path (Alembic is loaded only
to build the shape of a revision that has no snapshot).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SNAPSHOT_FILE = Path(__file__).resolve().parent / "schema_snapshots.py"

# Tables SQLite itself may add to any database (ANALYZE, PRAGMA optimize): never foreign.
_SQLITE_OWN = {
    ("table", "sqlite_stat1"): "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    ("table", "sqlite_stat4"): "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
# The tables an FTS5 table makes for itself: their SQL is FTS5's, and differs between SQLite
# versions (the library may be written by sqlite3 or by SQLCipher's newer SQLite), so only their
# presence is compared. Triggers on them are ordinary triggers, and compared in full.
_FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")

Key = tuple[str, str]  # (type, name)


def normalise(sql: str | None) -> str:
    """The SQL with runs of white space folded, so a file whose text was only re-spaced still
    matches. Nothing else is changed: quoting, case and literals all count."""
    return " ".join((sql or "").split())


def shape_of(conn: sqlite3.Connection, schema: str = "main") -> dict[Key, tuple[str, str]]:
    """Every object in the file: (type, name) -> (table it belongs to, normalised SQL)."""
    rows = conn.execute(f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master").fetchall()
    return {(t, n): (tbl, normalise(sql)) for t, n, tbl, sql in rows}


@dataclass(frozen=True, slots=True)
class SchemaDifferences:
    extra: tuple[tuple[str, str, str], ...] = ()  # (type, name, table): not ReviewDesk's
    changed: tuple[tuple[str, str, str], ...] = ()  # the same name, other SQL
    missing: tuple[tuple[str, str, str], ...] = ()  # ReviewDesk's, absent from the file

    @property
    def foreign(self) -> bool:
        """Something in the file is not ReviewDesk's own (or a table is missing): refuse it."""
        return bool(self.extra or self.changed or any(t == "table" for t, _, _ in self.missing))

    @property
    def ok(self) -> bool:
        return not (self.extra or self.changed or self.missing)

    def sentences(self, limit: int = 5) -> list[str]:
        words = {"table": "table", "index": "index", "trigger": "trigger", "view": "view"}
        out = []
        for kind, items in (
            ("an extra", self.extra),
            ("a changed", self.changed),
            ("a missing", self.missing),
        ):
            for t, name, table in items:
                on = f" on table '{table}'" if t in ("index", "trigger") and table else ""
                out.append(f"{kind} {words.get(t, t)} '{name}'{on}")
        shown = out[:limit]
        if len(out) > limit:
            shown.append(f"and {len(out) - limit} more")
        return shown

    def summary(self) -> str:
        return "; ".join(self.sentences())


def _fts5_shadows(shape: dict[Key, tuple[str, str]]) -> set[Key]:
    vtabs = [
        name
        for (t, name), (_tbl, sql) in shape.items()
        if t == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE") and "FTS5" in sql.upper()
    ]
    return {("table", v + s) for v in vtabs for s in _FTS5_SHADOWS}


Shape = dict[Key, tuple[str, str]]


def compare(found: Shape, expected: Shape) -> SchemaDifferences:
    shadows = _fts5_shadows(expected)
    extra, changed, missing = [], [], []
    for key, (tbl, sql) in sorted(found.items()):
        if key in _SQLITE_OWN and sql == normalise(_SQLITE_OWN[key]):
            continue
        if key not in expected:
            extra.append((*key, tbl))
        elif key in shadows:
            continue
        elif expected[key] != (tbl, sql):
            changed.append((*key, tbl))
    for key, (tbl, _sql) in sorted(expected.items()):
        if key not in found:
            missing.append((*key, tbl))
    return SchemaDifferences(tuple(extra), tuple(changed), tuple(missing))


# --- the expected shapes ------------------------------------------------------------------------


@cache
def expected_shape(revision: str) -> dict[Key, tuple[str, str]]:
    """ReviewDesk's own shape at ``revision``: the stored snapshot, or (for a revision added
    without one) built once by migrating an empty database."""
    from reviewdesk.store.schema_snapshots import ROWS, SNAPSHOTS

    numbers = SNAPSHOTS.get(revision)
    rows = build_rows(revision) if numbers is None else [ROWS[i] for i in numbers]
    return {(t, n): (tbl, normalise(sql)) for t, n, tbl, sql in rows}


def build_rows(revision: str) -> list[tuple[str, str, str, str | None]]:
    """Migrate an empty in-memory database to ``revision``; its ``sqlite_master`` rows."""
    from alembic import command
    from sqlalchemy import create_engine

    from reviewdesk.store.engine import _alembic_config

    engine = create_engine("sqlite://")
    try:
        with engine.connect() as conn:
            cfg = _alembic_config()
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
            raw = conn.connection.driver_connection
            assert raw is not None  # an open connection holds its DB-API connection
            rows = raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        engine.dispose()
    return sorted(rows, key=lambda r: (r[0], r[1]))


def revision_of(conn: sqlite3.Connection) -> str | None:
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone():
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def differences(conn: sqlite3.Connection, revision: str) -> SchemaDifferences:
    """How the file behind ``conn`` differs from ReviewDesk's own shape at ``revision``."""
    return compare(shape_of(conn), expected_shape(revision))


_CREATE = re.compile(r"^CREATE (UNIQUE )?(INDEX|TRIGGER) ", re.IGNORECASE)


def restore_missing(conn: sqlite3.Connection, revision: str, found: SchemaDifferences) -> list[str]:
    """Put back the missing indexes and triggers (ReviewDesk's own SQL, from the snapshot) in
    one transaction; returns their names. Tables are never made here."""
    expected = expected_shape(revision)
    statements = []
    for t, name, _tbl in found.missing:
        if t in ("index", "trigger"):
            sql = expected[(t, name)][1]
            if sql and _CREATE.match(sql):
                statements.append((name, sql))
    if not statements:
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for _name, sql in statements:
            conn.execute(sql)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return [name for name, _ in statements]


def snapshot_source() -> str:
    """The text of :data:`SNAPSHOT_FILE` for the migrations there are now: every distinct
    object once (``ROWS``), and each revision as the numbers of its rows."""
    from reviewdesk.store.engine import known_revisions

    by_revision = {rev: build_rows(rev) for rev in sorted(known_revisions())}
    rows: list[tuple[str, str, str, str | None]] = []
    index: dict[tuple[str, str, str, str | None], int] = {}
    # build_rows gives sqlite_master's rows as sqlite3 returns them (typed Any); each is the
    # four-tuple the snapshot holds.
    for found in by_revision.values():
        for row in found:
            index.setdefault(tuple(row), len(rows))  # type: ignore[arg-type]
            if len(index) > len(rows):
                rows.append(tuple(row))  # type: ignore[arg-type]
    lines = [
        '"""ReviewDesk\'s own schema at every revision: (type, name, table, SQL) from',
        "sqlite_master after migrating an empty database. Generated (after adding a migration)",
        'by ``python -m reviewdesk.store.schema``; tests/store/test_schema.py checks it."""',
        "",
        "# ruff: noqa: E501",
        "# fmt: off",
        "ROWS: tuple[tuple[str, str, str, str | None], ...] = (",
        *(f"    {row!r}," for row in rows),
        ")",
        "SNAPSHOTS: dict[str, tuple[int, ...]] = {",
        *(
            f"    {rev!r}: ({', '.join(str(index[tuple(r)]) for r in found)},),"  # type: ignore[index]
            for rev, found in by_revision.items()
        ),
        "}",
        "# fmt: on",
        "",
    ]
    return "\n".join(lines)


def write_snapshots(path: Path = SNAPSHOT_FILE) -> None:
    """Write the shape of every revision (run after adding a migration)."""
    path.write_text(snapshot_source(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_snapshots()
    print(f"Wrote {SNAPSHOT_FILE}")
