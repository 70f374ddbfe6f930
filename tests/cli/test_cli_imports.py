"""Each command loads only what it needs, and ``export REF`` finds one review directly (issue 20).

A command line that imports SQLAlchemy, every service, ReportLab and python-docx before it
starts pays for them on every command. The import checks run in a fresh interpreter (the point
is what a real ``reviewdesk`` process loads), one interpreter for all of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reviewdesk.domain.errors import NotFoundError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.reviews import ReviewService

HEAVY = (
    "sqlalchemy",
    "reportlab",
    "docx",
    "PySide6",
    "reviewdesk.services.bundle",
    "reviewdesk.domain.review",  # the read models: not needed to parse (nor to paint the app)
)

PROBE = """
import contextlib, io, json, sys
from reviewdesk.cli import build_parser, main
heavy = %r
out = {}
def loaded():
    return sorted(h for h in heavy if h in sys.modules)
def parse(argv):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            build_parser().parse_args(argv)
        except SystemExit:
            pass
for argv in (["--help"], ["--version"], ["export", "--help"], ["list"]):
    parse(argv)
out["parsing"] = loaded()
parse(["search", "--help"])  # lists the review types and stages: domain.review, nothing more
out["search help"] = loaded()
with contextlib.redirect_stdout(io.StringIO()):
    main(["--data-dir", sys.argv[1], "backups"])
out["backups"] = loaded()
print(json.dumps(out))
"""


def test_help_version_and_backups_load_no_library_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["parsing"] == []  # --help, --version, a command's help, parsing a command
    assert loaded["search help"] == ["reviewdesk.domain.review"]
    # listing the backup files needs neither the services bundle nor the exports
    assert not {"reviewdesk.services.bundle", "reportlab", "docx", "PySide6"} & set(
        loaded["backups"]
    )


def test_finding_a_review_by_reference_does_not_summarise_the_library(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    services = open_services(resolve_paths(tmp_path / "lib"))
    try:
        demo, _ = services.exchange.add_demo()

        def everything(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("find() summarised every review to find one")

        monkeypatch.setattr(ReviewService, "list_reviews", everything)
        monkeypatch.setattr(ReviewService, "trash", everything)
        found = services.reviews.find(f"  {demo.reference.lower()} ")  # as people type it
        assert found.id == demo.id and found.reference == demo.reference
        assert found.progress == demo.progress
        try:
            services.reviews.find(demo.reference, in_trash=True)
        except NotFoundError as exc:
            assert "in the Trash" in str(exc)
        else:
            raise AssertionError("a review not in the Trash was found there")
        services.reviews.delete(demo.id)
        assert services.reviews.find(demo.reference, in_trash=True).id == demo.id
    finally:
        services.close()


LIST_PROBE = """
import contextlib, io, json, sys
from reviewdesk.cli import main
with contextlib.redirect_stdout(io.StringIO()) as listed:
    code = main(["--data-dir", sys.argv[1], "list", "--json"])
print(json.dumps({
    "code": code,
    "listed": json.loads(listed.getvalue()),
    "loaded": sorted(m for m in sys.modules if m.startswith("reviewdesk.services.")),
    "docs": sorted(m for m in ("reportlab", "docx") if m in sys.modules),
    "others": sorted(m for m in %r if m in sys.modules),
}))
"""

# What listing a plain library never needs (issue 20, each measured in its start-up time):
# encryption (the key file is only read for an encrypted library), the Alembic scripts (the
# library is at the newest revision), the search index's code and the packs' read models (a
# command that only reads), strptime's module (the backups' names are read by hand) and
# platformdirs (the data folder is given; the local folder is suggested only for an unsafe one),
# SQLAlchemy's PostgreSQL dialect (a library file is SQLite; about 20 ms), and SQLAlchemy's ORM
# with the library's mapped classes (the library is opened and listed in Core alone; some
# 120 ms), the reviews' service and the exchange formats' strict reader that come with them.
NOT_FOR_LISTING = (
    "cryptography",
    "sqlalchemy.orm",
    "reviewdesk.store.tables",
    "reviewdesk.store.queries",
    "reviewdesk.services.reviews",
    "reviewdesk.services.exchange.reading",
    "sqlalchemy.dialects.postgresql",
    "alembic",
    "reviewdesk.store.search",
    "reviewdesk.domain.search",
    "reviewdesk.domain.packs",
    "_strptime",
    "platformdirs",
)


def test_a_command_builds_only_the_services_it_uses(tmp_path: Path) -> None:
    """``list`` opens the library and lists it without importing the exports, the exchange
    formats, the reports or the lead's analysis (issue 20: the services are built on first use
    by the command line; every one of them used to be imported before any command ran)."""
    services = open_services(resolve_paths(tmp_path / "data"))
    try:
        demo, _ = services.exchange.add_demo()
    finally:
        services.close()
    done = subprocess.run(
        [sys.executable, "-c", LIST_PROBE % (NOT_FOR_LISTING,), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    assert [r["reference"] for r in found["listed"]] == [demo.reference]
    assert "reviewdesk.services.listing" in found["loaded"]  # the probe saw the services load
    not_needed = {
        "reviewdesk.services.exports",
        "reviewdesk.services.exchange.document",
        "reviewdesk.services.learning_report",
        "reviewdesk.services.dashboard",
        "reviewdesk.services.analysis.findings",
        "reviewdesk.services.analysis.actions",
        "reviewdesk.services.publication",
    }
    assert not not_needed & set(found["loaded"])
    assert found["docs"] == []
    assert found["others"] == []


def test_the_cycle_collector_rests_while_a_command_opens_the_library(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Opening the library makes some 70,000 objects that live as long as the command; Python's
    cycle collector walked them again and again as they were made (an eighth of the start-up).
    It is paused while the library opens and while the services the command uses are built,
    and runs again for the command's own work."""
    import gc

    from reviewdesk import cli
    from reviewdesk.services import bundle, clocks
    from reviewdesk.services.clocks import ClockService

    services = open_services(resolve_paths(tmp_path / "data"))
    services.close()
    seen: dict[str, bool] = {}
    opened = bundle.open_services

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["opening"] = gc.isenabled()
        return opened(*args, **kwargs)

    def listed(services, args):  # type: ignore[no-untyped-def]
        seen["working"] = gc.isenabled()
        services.clocks  # noqa: B018 - a service the command builds as it first uses it
        seen["after building"] = gc.isenabled()
        return 0

    class Watched(ClockService):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            seen["building"] = gc.isenabled()
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(bundle, "open_services", watched)
    monkeypatch.setattr(cli, "_list", listed)
    monkeypatch.setattr(clocks, "ClockService", Watched)
    assert gc.isenabled()
    assert cli.main(["--data-dir", str(tmp_path / "data"), "list"]) == 0
    # paused while the library opens and while a service is built (its modules imported, the
    # ORM's classes mapped with the first: issue 20); on for the command's own work
    assert seen == {"opening": False, "working": True, "building": False, "after building": True}
    assert gc.isenabled()


def test_a_lazy_bundle_still_logs_and_unindexes_a_purged_review() -> None:
    """Purging a review logs the deletion and forgets it in the search index however the
    bundle was built: the hooks come with the reviews' service, not with the search's or the
    retention's (which a lazy bundle builds only when asked)."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.engine import open_memory_store

    loader = Services.over(open_memory_store())
    demo, _ = loader.exchange.add_demo()
    assert loader.search.search("strategy").reviews  # the demo review is in the index
    lazy = Services.over(loader.store, lazy=True)
    assert lazy.reviews is lazy.reviews  # built once
    lazy.reviews.delete(demo.id)
    lazy.reviews.purge(demo.id, confirm=True)
    assert [r.reference for r in lazy.retention.deletion_log()] == [demo.reference]
    assert not lazy.search.search("strategy").reviews


def test_finding_a_review_by_reference_reads_only_the_references_index(tmp_path: Path) -> None:
    """``export REF`` and the other commands that name a review look it up without reading the
    review table whole (19 KB a review, with its frozen framework: 110 ms at 10,000 reviews):
    every statement that visits all the reviews is answered from the unique index on their
    references (SQLite's query plan says so), the table is read for the one found."""
    from sqlalchemy import event

    services = open_services(resolve_paths(tmp_path / "lib"))
    try:
        demo, _ = services.exchange.add_demo()
        statements: list[str] = []

        def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            statements.append(statement)

        engine = services.store.engine
        event.listen(engine, "before_cursor_execute", seen)
        try:
            assert services.reviews.find(demo.reference.lower()).id == demo.id
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        whole = []
        with engine.connect() as conn:
            for statement in statements:
                if "FROM review" not in statement:
                    continue
                plan = " ".join(
                    row[3]
                    for row in conn.exec_driver_sql(
                        "EXPLAIN QUERY PLAN " + statement.replace("?", "NULL")
                    )
                )
                if "SCAN review" in plan and "COVERING INDEX" not in plan:
                    whole.append((statement, plan))
        assert statements and whole == []
    finally:
        services.close()
