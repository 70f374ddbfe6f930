"""The command line: ReviewDesk's stable public interface (documented in the README).

``reviewdesk`` with no sub-command opens the app; the sub-commands run headless. Exit status: 0 on
success, 1 on a user error (a plain message on stderr, never a traceback), 2 on wrong usage.
``--version`` and ``--help`` import neither Qt nor SQLAlchemy, so they answer instantly.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reviewdesk import APP_NAME, __version__

if TYPE_CHECKING:  # argparse and json are imported where used: the app's launch needs neither
    import argparse

# The commands' own modules are imported where they are used, not here: ``reviewdesk`` with no
# command (opening the app) needs none of them, nor the parser (see _opening_the_app).

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from reviewdesk.cli import clocks as cli_clocks
    from reviewdesk.cli import learning as cli_learning
    from reviewdesk.cli import output as cli_output
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.cli.lead import add_lead_commands
    from reviewdesk.cli.search import add_search_command, limit_number

    parser = argparse.ArgumentParser(
        prog="reviewdesk",
        description=(
            "ReviewDesk: a private workspace for learning from serious child-safeguarding "
            "incidents. With no command, the app opens."
        ),
        epilog=(
            "Everything stays on this computer: ReviewDesk makes no network connections, except "
            "to a partnership server you name ('server' commands and --server; docs/server.md)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="use the library in DIR (default: REVIEWDESK_DATA_DIR, or your local app-data folder)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (in a temporary folder: none of your data is "
        "touched), print a report and exit 0 if all is well, 1 if not",
    )
    cli_privacy.add_global_options(parser)
    from reviewdesk.cli.server import add_global_options as add_server_option

    add_server_option(parser)  # --server: list and export on a partnership server (issue 22)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("demo", help="add the fictional demo review and print its reference")

    p_list = sub.add_parser("list", help="list the reviews in the library")
    p_list.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p_export = sub.add_parser(
        "export",
        help="export a review to a file",
        description=(
            "Export a review: pdf (learning summary), briefing (7-minute briefing, PDF), "
            "briefing-docx (7-minute briefing, Word), docx (learning summary, Word), "
            "rapid-review (the rapid review for the Panel, Word, prefilled from the review), "
            "json (the whole review, for another ReviewDesk), "
            "actions-csv (the action plan) or chronology-csv (the chronology), for a "
            "spreadsheet. Private notes are never exported."
        ),
    )
    p_export.add_argument("reference", metavar="REF", help="the review's reference")
    p_export.add_argument(
        "--format",
        choices=[
            "pdf",
            "briefing",
            "briefing-docx",
            "docx",
            "rapid-review",
            "json",
            "actions-csv",
            "chronology-csv",
        ],
        default="json",
        help="file format (default: json)",
    )
    p_export.add_argument("--output", "-o", metavar="FILE", required=True, help="file to write")
    p_export.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p_export.add_argument(
        "--names", action="store_true", help="show contributors by name (default: by role only)"
    )
    p_export.add_argument(
        "--include-unanswered", action="store_true", help="list prompts nobody has answered yet"
    )
    p_export.add_argument(
        "--theme",
        metavar="ID",
        action="append",
        help="include only this theme (repeat for more; default: every theme)",
    )
    p_export.add_argument(
        "--marking",
        metavar="TEXT",
        default=None,
        help="protective marking on every page (default: the library's, OFFICIAL-SENSITIVE "
        "unless changed with 'reviewdesk settings'; for the briefing, the marking chosen for "
        "circulation, OFFICIAL unless changed; 'none' for none)",
    )
    cli_privacy.add_export_options(p_export)

    p_import = sub.add_parser(
        "import", help="add a review from a JSON file, open a case pack, or add a contribution"
    )
    p_import.add_argument("file", metavar="FILE")
    p_import.add_argument(
        "--passphrase-file", metavar="F", help="read the passphrase from F (else you are asked)"
    )
    _add_pack_commands(sub)
    add_lead_commands(sub)

    p_backup = sub.add_parser("backup", help="take a verified backup of the library now")
    p_backup.add_argument(
        "--output", "-o", metavar="FILE", help="write it to FILE (default: the backups folder)"
    )
    sub.add_parser("backups", help="list the backups you can go back to, newest first")
    p_restore = sub.add_parser(
        "restore", help="go back to a backup (the library as it is now is backed up first)"
    )
    p_restore.add_argument("file", metavar="FILE", help="a backup file, or its name in backups/")
    p_check = sub.add_parser(
        "check", help="check the library in full (file, schema, links, rules, audit, backups)"
    )
    p_check.add_argument(
        "--fix",
        action="store_true",
        help="bring every backup under the library's current key (encrypt plain backups of an "
        "encrypted library; decrypt ones left encrypted beside a plain library), and build the "
        "search index again if it does not match the text it indexes",
    )

    p_audit = sub.add_parser("audit", help="the audit trail of who changed what, and when")
    audit_sub = p_audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_sub.add_parser("verify", help="check the audit trail's hash chain (exit 1 if broken)")
    p_show = audit_sub.add_parser("show", help="print the audit trail, newest first")
    p_show.add_argument("--review", metavar="REF", help="only entries about this review")
    p_show.add_argument(
        "--limit", type=limit_number, default=50, metavar="N", help="at most N entries"
    )

    p_delete = sub.add_parser("delete", help="move a review to the Trash")
    p_delete.add_argument("reference", metavar="REF")
    sub.add_parser("trash", help="list the reviews in the Trash")
    p_undelete = sub.add_parser("undelete", help="bring a review back from the Trash")
    p_undelete.add_argument("reference", metavar="REF")
    p_purge = sub.add_parser(
        "purge", help="delete a review in the Trash for good, erasing its text from the file"
    )
    p_purge.add_argument("reference", metavar="REF")
    p_purge.add_argument(
        "--yes", action="store_true", help="confirm: this cannot be undone (required)"
    )
    cli_privacy.add_commands(sub)
    add_search_command(sub)
    cli_learning.add_report_command(sub)
    cli_clocks.add_due_command(sub)
    from reviewdesk.cli.server import add_server_command  # partnership mode, for IT (issue 22)

    add_server_command(sub)
    cli_output.add_destination_options(sub)  # --allow-cloud wherever there is --output
    parser.set_defaults(_commands=frozenset(sub.choices))  # for _file_to_open
    return parser


def _add_pack_commands(sub) -> None:  # type: ignore[no-untyped-def]
    """``pack`` (the review lead) and ``contribute`` (a practitioner): issue 7's exchange loop."""
    from reviewdesk.cli import clocks as cli_clocks

    p_pack = sub.add_parser("pack", help="make a case pack for a contributor to a review")
    p_pack.add_argument("reference", metavar="REF", help="the review's reference")
    p_pack.add_argument("--contributor", metavar="NAME", required=True, help="who the pack is for")
    p_pack.add_argument("--role", default="", help="their role, if they are new to the review")
    p_pack.add_argument("--agency", default="", help="their agency, if they are new to the review")
    p_pack.add_argument("--output", "-o", metavar="FILE", required=True, help="file to write")
    p_pack.add_argument(
        "--themes", metavar="ID,ID", help="only these themes (default: all of them)"
    )
    protect = p_pack.add_mutually_exclusive_group()
    protect.add_argument(
        "--passphrase-file", metavar="F", help="read the passphrase from F (else you are asked)"
    )
    protect.add_argument(
        "--no-encryption",
        action="store_true",
        help="do not encrypt (only for a route that is already secure)",
    )
    p_pack.add_argument(
        "--return-by",
        metavar="DATE",
        type=cli_clocks.day,
        help="the date the contribution is asked back by, e.g. 18/12/2026 (a clock in 'due')",
    )
    p_pack.add_argument("--force", action="store_true", help="replace FILE if it already exists")

    p_give = sub.add_parser(
        "contribute", help="write your contribution to a review opened from a case pack"
    )
    p_give.add_argument("reference", metavar="REF", help="the review's reference")
    p_give.add_argument("--output", "-o", metavar="FILE", required=True, help="file to write")
    p_give.add_argument(
        "--passphrase-file", metavar="F", help="read the passphrase from F (else you are asked)"
    )
    p_give.add_argument("--force", action="store_true", help="replace FILE if it already exists")


# Files a person may open with ReviewDesk by double-clicking them (the installers register
# `reviewdesk FILE`): a case pack, a returned contribution, or a review exported as JSON.
OPENABLE = (".rdpack", ".rdreturn", ".json")


def _file_to_open(parser: argparse.ArgumentParser, argv: list[str]) -> Path | None:
    """``reviewdesk [--data-dir DIR] FILE``: the file to open in the app, taken off ``argv``.
    Only a last argument that is no command and ends in one of OPENABLE counts, so a mistyped
    command still gets argparse's usage message."""
    if not argv or argv[-1].startswith("-"):
        return None
    commands = parser.get_default("_commands") or frozenset()
    if any(a in commands for a in argv):
        return None
    candidate = Path(argv[-1])
    if candidate.suffix.lower() not in OPENABLE:
        return None
    argv.pop()
    return candidate


def main(argv: Sequence[str] | None = None) -> int:
    global _OWN_PROCESS
    _OWN_PROCESS = argv is None  # the ``reviewdesk`` command itself, not a caller's process
    try:
        try:
            return _main(argv)
        finally:  # also after --help: a reader that has gone away shows up here, not at exit
            sys.stdout.flush()
    except BrokenPipeError:
        # 'reviewdesk list | head': the reader had all it wanted and closed the pipe. Stop
        # quietly, as other command-line tools do: no traceback, and nothing more written to
        # the closed pipe (Python would otherwise complain once more when it flushes at exit).
        _quiet_stdout()
        return EXIT_USER_ERROR  # 1, as in the Python documentation's recipe


def _quiet_stdout() -> None:
    """Point standard output at the null device (the Python documentation's recipe for
    SIGPIPE), so the final flush at exit has somewhere harmless to go."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests, IDEs)
        pass


def _opening_the_app(argv: list[str]) -> tuple[str | None] | None:
    """``(data_dir,)`` when ``argv`` just opens the app: nothing, or only ``--data-dir DIR``
    (``--data-dir=DIR``). Then the app opens without building the parser or importing the
    commands' modules (about 15 ms of a start-up whose first paint is measured against a bare
    window, issue 20). Anything else (a file to open, any other option or a command, an
    abbreviation argparse would accept) goes through the parser as before; None then."""
    if not argv:
        return (None,)
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return (argv[0].removeprefix("--data-dir="),)
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        return (argv[1],)
    return None


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opening = _opening_the_app(argv)
    if opening is not None:
        from reviewdesk.app import run_gui

        return run_gui(*opening)
    parser = build_parser()
    to_open = _file_to_open(parser, argv)
    args = parser.parse_args(argv)  # exits 2 on wrong usage, 0 for --help / --version
    if to_open is not None and not to_open.is_file():
        print(f"reviewdesk: there is no file {to_open} to open.", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.self_test:
        if args.command or args.data_dir:
            parser.error("--self-test runs on its own, always in a temporary folder")
        from reviewdesk.selftest import run_self_test

        return run_self_test(main, build_parser)  # handed in: the self-test never imports cli
    if args.command is None:
        from reviewdesk.app import run_gui

        return run_gui(args.data_dir, open_file=to_open)
    from reviewdesk.domain.errors import ReviewDeskError

    try:
        return _run(args)
    except ReviewDeskError as exc:
        print(f"reviewdesk: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("reviewdesk: stopped.", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        raise  # the reader went away ('reviewdesk list | head'): main() stops quietly
    except Exception as exc:  # never a traceback: the calm message, the details in the log
        import logging

        from reviewdesk import errorlog
        from reviewdesk.paths import resolve_paths

        with contextlib.suppress(Exception):  # the log is a help, never a second failure
            errorlog.start(resolve_paths(getattr(args, "data_dir", None)).data_dir)
        logging.getLogger(__name__).error("Unexpected error in a command", exc_info=True)
        print(
            "reviewdesk: something unexpected went wrong, so this could not be finished "
            f"({type(exc).__name__}). Nothing you have written has been changed by it. Please "
            "try again; if it happens again, please tell your IT support what you typed (they "
            "can find where it went wrong in the logs folder of your data folder).",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR


def _run(args: argparse.Namespace) -> int:
    from reviewdesk.cli import clocks as cli_clocks
    from reviewdesk.cli import learning as cli_learning
    from reviewdesk.cli import output as cli_output
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.cli.lead import actions_export, chronology_import
    from reviewdesk.cli.search import search as search_command
    from reviewdesk.paths import resolve_paths

    if args.command == "server":  # a shared server, not this computer's library
        from reviewdesk.cli.server import server

        return server(args)
    cli_output.check_output(args)  # the file's name and folder, before anything is opened
    paths = resolve_paths(args.data_dir)
    if args.command == "restore":
        return _restore(paths, args)
    if args.command == "backups":
        return _backups(paths, args)
    if args.command in cli_privacy.KEYED_COMMANDS:
        return cli_privacy.run_keyed(paths, args)
    with _no_collection_while_starting():
        services = _open(paths, args)
    # The services a command uses are built as it first asks for them (and SQLAlchemy's ORM
    # imported and the library's classes mapped with the first that reads in a session): with
    # the collector paused there too, as while the library opened.
    services.while_building = _no_collection_while_starting
    for notice in services.notices:
        print(f"reviewdesk: {notice}", file=sys.stderr)
    try:
        handler = {
            "demo": _demo,
            "list": _list,
            "export": _export,
            "import": _import,
            "pack": _pack,
            "contribute": _contribute,
            "backup": _backup,
            "check": _check,
            "audit": _audit,
            "delete": _delete,
            "trash": _trash,
            "undelete": _undelete,
            "purge": _purge,
            "chronology": chronology_import,
            "actions": actions_export,
            "names": cli_privacy.names,
            "retention": cli_privacy.retention,
            "settings": cli_privacy.settings,
            "search": search_command,
            "report": cli_learning.report,
            "due": cli_clocks.due,
        }[args.command]
        _probe()
        return handler(services, args)
    finally:
        services.close()


def _open(paths, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The library's services (or a partnership server's), built as each is first used."""
    # Only the commands that open the library load the services (and SQLAlchemy).
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.domain.audit import COMMAND_LINE
    from reviewdesk.services.bundle import open_services

    if args.server_conninfo:  # a partnership server instead of this computer's library
        from reviewdesk.cli.server import open_server_services

        return open_server_services(args)
    return open_services(  # lazy: a command loads only the services it uses
        paths, who=COMMAND_LINE, secret=lambda: cli_privacy.library_secret(args), lazy=True
    )


@contextlib.contextmanager
def _no_collection_while_starting() -> Iterator[None]:
    """Python's cycle collector paused while the library is opened (issue 20).

    Importing SQLAlchemy, the mapped tables and the services makes some 70,000 objects that
    live as long as the command; the collector would walk them again and again as they are made
    (about an eighth of a command's start-up, measured with ``gc.callbacks``) and find next to
    nothing to free. It runs again as usual once the library is open. In the ``reviewdesk``
    command's own process those objects are then set aside for good (``gc.freeze``), so neither
    the command's work nor Python's exit walks them again; not when ``main`` is called with
    arguments (the tests, the self-test), whose process's garbage that would keep."""
    import gc

    if not gc.isenabled():  # someone else decided already (a test, an embedding program)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _OWN_PROCESS:
            gc.freeze()
        gc.enable()


_OWN_PROCESS = False  # main() called as the command (no arguments given): see just above


CLI_PROBE = "REVIEWDESK_CLI_PROBE"  # benchmarks/cli_commands.py: when the command's work starts


def _probe() -> None:
    """With ``REVIEWDESK_CLI_PROBE`` set, say on stderr when the command's own work starts (the
    wall clock, and this process's CPU time so far), for benchmarks/cli_commands.py."""
    import os

    if os.environ.get(CLI_PROBE):
        import time

        print(f"@@ready {time.time():.6f} {time.process_time():.6f}", file=sys.stderr, flush=True)


def _demo(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    summary, added = services.exchange.add_demo()
    if not added:
        print("The demo review is already in this library.", file=sys.stderr)
    print(summary.reference)
    return EXIT_OK


def _list(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    reviews = services.listing.list_reviews()  # read without the ORM (issue 20)
    if args.json:
        rows = [
            {
                "reference": r.reference,
                "title": r.title,
                "review_type": r.review_type.value,
                "status": r.status.value,
                "archived": r.archived,
                "progress": {
                    "answered": r.progress.answered,
                    "total": r.progress.total,
                    "percent": r.progress.percent,
                },
                "updated_at": r.updated_at.isoformat().replace("+00:00", "Z"),
            }
            for r in reviews
        ]
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not reviews:
        print("No reviews yet. 'reviewdesk demo' adds a fictional one to explore.")
        return EXIT_OK
    header = ("Reference", "Title", "Type", "Status", "Progress")
    table = [
        (
            r.reference,
            r.title if len(r.title) <= 48 else r.title[:47] + "…",
            r.review_type.label,
            r.status.label + (" (archived)" if r.archived else ""),
            f"{r.progress.answered}/{r.progress.total} ({r.progress.percent}%)",
        )
        for r in reviews
    ]
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def _new_output(args: argparse.Namespace) -> Path:
    from reviewdesk.domain.errors import ReviewDeskError

    output = Path(args.output)
    if output.exists() and not args.force:
        raise ReviewDeskError(
            f"{output} already exists. Choose another name, or add --force to replace it."
        )
    return output


def _export(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.cli.lead import table_export
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.domain.exporting import ExportFormat, ExportOptions

    if args.format.endswith("-csv"):
        return table_export(services, args.reference, args.format, Path(args.output), args.force)
    if args.format == "rapid-review":
        return rapid_review_export(services, args)
    output = _new_output(args)
    summary = services.reviews.find(args.reference)
    fmt = ExportFormat(args.format)
    if args.marking is None:
        marking = services.exports.default_options(summary.id, fmt).marking
    else:
        marking = "" if args.marking.strip().casefold() == "none" else args.marking
    options = ExportOptions(
        show_names=args.names,
        include_unanswered=args.include_unanswered,
        theme_ids=tuple(args.theme) if args.theme else None,
        marking=marking,
        draft=args.draft,
    )
    if args.allow_identifiers and not args.publication:
        raise ReviewDeskError("--allow-identifiers goes with --publication.")
    for problem in services.exports.unprintable(summary.id, fmt, options):  # issue 17, point 7
        print(f"Warning: {problem}", file=sys.stderr)
    if args.publication:
        return cli_privacy.export_publication(services, args, summary, fmt, output, options)
    services.exports.export(summary.id, fmt, output, options, overwrite=args.force)
    print(f"Exported {summary.reference} ({fmt.label}) to {output}")
    return EXIT_OK


def rapid_review_export(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """The rapid review, prefilled from the review, as Word (issue 18, point 3)."""
    from reviewdesk.services.analysis.rapid_review import RapidReviewService

    output = _new_output(args)
    from dataclasses import replace

    from reviewdesk.domain.exporting import checked_marking

    summary = services.reviews.find(args.reference)
    rapid = RapidReviewService(services)
    draft = rapid.draft(summary.id)
    if args.marking is not None:
        none = args.marking.strip().casefold() == "none"
        draft = replace(draft, marking="" if none else checked_marking(args.marking))
    rapid.export(summary.id, output, draft=draft, overwrite=args.force)
    print(f"Exported {summary.reference} (rapid review, Word) to {output}")
    print("Open it in Word to complete the sections in [square brackets] before sending it.")
    return EXIT_OK


def _import(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy

    def passphrase() -> str:  # asked for only when the file turns out to be protected
        if args.passphrase_file:
            return cli_privacy.read_passphrase_file(args.passphrase_file)
        return cli_privacy.ask_passphrase("Passphrase for this file: ", new=False)

    result = services.imports.import_file(Path(args.file), passphrase)
    print(result.message)
    return EXIT_OK


# --- case packs and contributions (issue 7) -----------------------------------------------------


def _pack(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.domain.passphrase import SEND_SEPARATELY

    output = _new_output(args)
    summary = services.reviews.find(args.reference)
    themes = args.themes.split(",") if args.themes is not None else None
    passphrase = None if args.no_encryption else cli_privacy.new_passphrase(args)
    sent = services.packs.make_pack(
        summary.id,
        args.contributor,
        output,
        passphrase,
        role=args.role,
        agency=args.agency,
        theme_ids=themes,
        return_by=args.return_by,
    )
    print(
        f"Made a case pack of {summary.reference} for {sent.contributor.name} "
        f"({len(sent.theme_ids)} theme{'s' if len(sent.theme_ids) != 1 else ''}): {output}"
    )
    if passphrase is None:
        print("This pack is not encrypted: send it only by a route that is already secure.")
    else:
        print(SEND_SEPARATELY)
    return EXIT_OK


def _contribute(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.domain.passphrase import SEND_SEPARATELY
    from reviewdesk.domain.words import count

    output = _new_output(args)
    summary = services.reviews.find(args.reference)
    preview = services.contributions.preview(summary.id)  # explains first if there is no pack
    written = services.contributions.write(summary.id, output, cli_privacy.new_passphrase(args))
    print(
        f"Wrote {preview.contributor.name}'s contribution to {summary.reference} "
        f"({written.answered} answered, {count(written.themes_rated, 'theme')} rated; "
        f"private notes are never included): {output}"
    )
    print(SEND_SEPARATELY)
    return EXIT_OK


# --- data safety ----------------------------------------------------------------------------------


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.astimezone().strftime("%d %b %Y %H:%M")


def _backup(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    destination = Path(args.output).absolute() if args.output else None
    info = services.backups.take("manual", destination=destination)
    print(f"Backed up the library to {info.path} (checked and complete).")
    return EXIT_OK


def _backups(paths, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.services.library.backups import list_backups

    cli_privacy.settle_pending(paths, args)
    found = list_backups(paths.backups_dir)
    if not found:
        print(f"No backups yet in {paths.backups_dir}.")
        return EXIT_OK
    print(f"Backups in {paths.backups_dir}, newest first:")
    for b in found:
        print(f"  {b.name}  {_when(b.taken_at)}  {b.label}  ({b.size / 1024:,.0f} KB)")
    print("To go back to one: reviewdesk restore NAME")
    return EXIT_OK


def _restore(paths, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.domain.audit import COMMAND_LINE
    from reviewdesk.services.library.backups import restore_library
    from reviewdesk.services.library.encryption import LibraryKeys
    from reviewdesk.services.library.instance import acquire_instance_lock
    from reviewdesk.services.library.location import ensure_safe_location

    ensure_safe_location(paths.data_dir)
    paths.ensure()
    with acquire_instance_lock(paths.data_dir):
        keys = LibraryKeys(paths.database, paths.backups_dir)
        settled = keys.settle(lambda: keys.unlock(cli_privacy.library_secret(args)))
        if settled:
            print(f"reviewdesk: {settled}", file=sys.stderr)
        key = keys.unlock(cli_privacy.library_secret(args)) if keys.encrypted else None
        result = restore_library(
            paths.database, paths.backups_dir, Path(args.file), who=COMMAND_LINE, key=key
        )
    print(result.message())
    return EXIT_OK


def _check(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.cli import privacy as cli_privacy
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.domain.words import count

    def checking(what: str) -> None:  # at a terminal only: a script's stderr stays quiet
        print(f"Checking {what}…", file=sys.stderr, flush=True)

    report = services.integrity.run(progress=checking if sys.stderr.isatty() else None)
    print(f"Checked {services.store.path}")
    for line in report.lines():
        print(f"  {line}")
    fixed = False
    if args.fix and services.integrity.backup_key_problems():
        done, left = services.integrity.fix_backups(lambda: cli_privacy.library_secret(args))
        print(f"Converted {count(done, 'backup')} to the library's current key.")
        for sentence in left:
            print(f"  - still: {sentence}")
        fixed = True
    if args.fix and report.search_index_broken:
        services.integrity.rebuild_search_index()
        print("Built the search index again from the text it indexes, and its list of words.")
        fixed = True
    if fixed:
        report = services.integrity.run()
        print("Checked again:")
        for line in report.lines():
            print(f"  {line}")
    if not report.ok:
        newest = services.backups.newest_good()
        hint = f" The newest good backup is {newest.name}." if newest else ""
        raise ReviewDeskError(
            f"The library has {count(len(report.problems), 'problem')}, listed above.{hint} "
            + ("Nothing else has been changed." if fixed else "Nothing has been changed.")
        )
    print("Everything checks out.")
    return EXIT_OK


def _audit(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ReviewDeskError

    if args.audit_command == "verify":
        verdict = services.audit.verify()
        if not verdict.ok:
            raise ReviewDeskError(verdict.message())
        print(verdict.message())
        return EXIT_OK
    reference = services.reviews.find(args.review).reference if args.review else None
    for e in services.audit.entries(reference=reference, limit=max(args.limit, 1)):
        where = (
            f"{e.account} on {e.computer}"
            if e.account or e.computer
            else "account and computer not recorded"
        )
        line = f"{e.seq:>6}  {_when(e.at)}  {e.who} ({where})  {e.label}"
        extra = "; ".join(x for x in (e.reference, e.details) if x)
        print(line + (f"  ({extra})" if extra else ""))
    return EXIT_OK


def _delete(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    summary = services.reviews.delete(services.reviews.find(args.reference).id)
    print(f"Moved {summary.reference} to the Trash. 'reviewdesk undelete' brings it back.")
    return EXIT_OK


def _trash(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    reviews = services.reviews.trash()
    if not reviews:
        print("The Trash is empty.")
    for r in reviews:
        print(f"{r.reference}  {r.title}  (moved to the Trash {_when(r.deleted_at)})")
    return EXIT_OK


def _undelete(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    summary = services.reviews.find(args.reference, in_trash=True)
    services.reviews.undelete(summary.id)
    print(f"Brought {summary.reference} back from the Trash.")
    return EXIT_OK


def _purge(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ReviewDeskError

    summary = services.reviews.find(args.reference, in_trash=True)
    if not args.yes:
        raise ReviewDeskError(
            f"Deleting {summary.reference} for good cannot be undone. If you are sure, run the "
            "command again with --yes. Nothing has been changed."
        )
    result = services.reviews.purge(summary.id, confirm=True)
    scrubbed = (
        "and its text erased from the library file"
        if result.scrubbed
        else "(its text will be erased from the file once no other program is reading it)"
    )
    print(
        f"Deleted {result.reference} for good {scrubbed}. Backups taken before now still "
        "hold it until the rotation removes them."
    )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
