"""The command line's privacy commands (issue 9): the name key, retention, settings, encryption at
rest and the passphrase of an encrypted library. Part of the CLI composition root (the package
reviewdesk.cli); like it, nothing heavy is imported until a command runs, so ``--help`` stays
instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reviewdesk.domain.words import count

EXIT_OK = 0
ENV_PASSPHRASE_FILE = "REVIEWDESK_PASSPHRASE_FILE"
KEYED_COMMANDS = ("encrypt", "decrypt", "change-passphrase")  # run with the library closed


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="F",
        dest="library_passphrase_file",
        help=f"the passphrase of an encrypted library, read from F (also {ENV_PASSPHRASE_FILE}; "
        "else you are asked)",
    )


def add_export_options(p_export: argparse.ArgumentParser) -> None:
    p_export.add_argument(
        "--publication",
        action="store_true",
        help="a document meant for publication: check it for identifying details first (exit 1 "
        "listing them), and show the case record's dates as month and year",
    )
    p_export.add_argument(
        "--allow-identifiers",
        action="store_true",
        help="with --publication: export even so (recorded in the audit trail)",
    )
    p_export.add_argument(
        "--reason", default="", help="with --allow-identifiers: why (kept in the audit trail)"
    )
    p_export.add_argument(
        "--draft", action="store_true", help="mark the document DRAFT (watermark / header)"
    )


def add_commands(sub) -> None:  # type: ignore[no-untyped-def]
    p_names = sub.add_parser(
        "names",
        help="a review's name key: real names and the pseudonyms that replace them in documents",
    )
    p_names.add_argument("reference", metavar="REF", help="the review's reference")
    what = p_names.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--add",
        metavar="REAL=PSEUDONYM",
        action="append",
        help='add (or change) an entry, e.g. "Jo Bloggs=Mother" (repeat for more)',
    )
    what.add_argument("--remove", metavar="REAL", help="remove the entry for this name")
    what.add_argument("--list", action="store_true", help="print the name key")

    p_ret = sub.add_parser("retention", help="retention review dates and the deletion log")
    p_ret.add_argument("--due", action="store_true", help="only reviews due for review")
    p_ret.add_argument(
        "--set",
        nargs=2,
        metavar=("REF", "DATE"),
        help="set a review's retention review date (YYYY-MM-DD, or 'none' to clear it)",
    )
    p_ret.add_argument(
        "--deletions", action="store_true", help="print the deletion log (what was deleted, when)"
    )

    p_set = sub.add_parser("settings", help="show or change library-wide settings")
    p_set.add_argument(
        "--marking", metavar="TEXT", help="default protective marking for documents ('none')"
    )
    p_set.add_argument(
        "--idle-minutes", type=int, metavar="N", help="lock the app after N idle minutes (0: never)"
    )
    p_set.add_argument(
        "--closure-days",
        metavar="DATES",
        help="the partnership's closure days for the working-day clocks, e.g. "
        "'29/12/2026,30/12/2026' ('none' to clear)",
    )
    p_set.add_argument(
        "--final-report-months",
        type=int,
        metavar="N",
        help="months from the decision to a local review's final report (default 6)",
    )

    p_enc = sub.add_parser(
        "encrypt",
        help="encrypt the library and its backups (prints a recovery key once: keep it safe)",
    )
    p_enc.add_argument(
        "--passphrase-file", metavar="F", help="read the new passphrase from F (else you are asked)"
    )
    p_enc.add_argument(
        "--recovery-key-file",
        metavar="F",
        help="write the recovery key to F (a new file) instead of showing it and asking you to "
        "type part of it back (for use without a terminal); move it somewhere safe afterwards",
    )
    p_dec = sub.add_parser("decrypt", help="turn an encrypted library back into a plain one")
    p_dec.add_argument(
        "--passphrase-file", metavar="F", help="the passphrase (or recovery key), read from F"
    )
    p_chg = sub.add_parser(
        "change-passphrase",
        help="change an encrypted library's passphrase (with the old one or the recovery key)",
    )
    p_chg.add_argument(
        "--passphrase-file", metavar="F", help="the current passphrase (or recovery key), from F"
    )
    p_chg.add_argument(
        "--new-passphrase-file", metavar="F", help="read the new passphrase from F (else asked)"
    )


# --- passphrases ----------------------------------------------------------------------------------

MAX_PASSPHRASE_FILE = 4096


def read_passphrase_file(name: str) -> str:
    """The passphrase in a file: its first line, without the line ending."""
    from reviewdesk.domain.errors import ReviewDeskError

    try:
        with open(name, "rb") as fh:
            raw = fh.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise ReviewDeskError(
            f"The passphrase file {name} could not be read: {exc.strerror}."
        ) from None
    if len(raw) > MAX_PASSPHRASE_FILE:
        raise ReviewDeskError(f"The passphrase file {name} is too long to hold a passphrase.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReviewDeskError(
            f"The passphrase file {name} could not be read as text. Please save it as plain "
            "text (UTF-8), with the passphrase on the first line, and try again."
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise ReviewDeskError(f"The passphrase file {name} is empty.")
    return lines[0]


def ask_passphrase(prompt: str, *, new: bool) -> str:
    """Ask in the terminal without echo; a new passphrase is typed twice and gets a hint."""
    import getpass

    from reviewdesk.domain.errors import PassphraseRequiredError, ReviewDeskError
    from reviewdesk.domain.passphrase import assess

    if not sys.stdin.isatty():
        raise PassphraseRequiredError(
            ("This file is protected by a passphrase" if not new else "A passphrase is needed")
            + ", and there is no terminal to ask for it in. Please give it with "
            "--passphrase-file FILE. Nothing has been changed."
        )
    first = getpass.getpass(prompt)
    if not new:
        return first
    hint = assess(first)
    print(f"Passphrase strength: {hint.text}", file=sys.stderr)
    if not hint.acceptable:
        raise ReviewDeskError(hint.advice)
    if getpass.getpass("Type the passphrase again: ") != first:
        raise ReviewDeskError("The two passphrases are not the same. Nothing has been written.")
    return first


def new_passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file:
        return read_passphrase_file(args.passphrase_file)
    return ask_passphrase("Choose a passphrase for the file: ", new=True)


def library_secret(args: argparse.Namespace) -> str:
    """The passphrase (or recovery key) of an encrypted library: asked for only when needed."""
    from reviewdesk.domain.errors import PassphraseRequiredError

    name = (
        (getattr(args, "passphrase_file", None) if args.command in KEYED_COMMANDS else None)
        or args.library_passphrase_file
        or os.environ.get(ENV_PASSPHRASE_FILE)
    )
    if name:
        return read_passphrase_file(name)
    if not sys.stdin.isatty():
        raise PassphraseRequiredError(
            "This library is encrypted, and there is no terminal to ask for its passphrase in. "
            f"Please give it with --passphrase-file FILE (or {ENV_PASSPHRASE_FILE}). Nothing "
            "has been changed."
        )
    import getpass

    return getpass.getpass("Passphrase for this library (or the recovery key): ")


def run_keyed(paths, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """encrypt / decrypt / change-passphrase: with the library closed and the one-app lock held."""
    from reviewdesk.domain.audit import COMMAND_LINE
    from reviewdesk.services.library.encryption import LibraryKeys
    from reviewdesk.services.library.instance import acquire_instance_lock
    from reviewdesk.services.library.location import ensure_safe_location

    ensure_safe_location(paths.data_dir)
    paths.ensure()
    keys = LibraryKeys(paths.database, paths.backups_dir)
    with acquire_instance_lock(paths.data_dir):
        settled = keys.settle(lambda: keys.unlock(library_secret(args)))
        if settled:
            print(f"reviewdesk: {settled}", file=sys.stderr)
        if args.command == "encrypt":
            confirm = recovery_key_confirmation(args)
            result = keys.encrypt(new_passphrase(args), confirm=confirm, who=COMMAND_LINE)
            print("The library and its backups are now encrypted.")
            if result.backups_left:
                print(
                    "These backups could not be converted (they may be damaged) and are not "
                    "encrypted: " + ", ".join(result.backups_left)
                )
            print(
                "Keep the recovery key safe, away from this computer. The key file beside the "
                "library (reviewdesk.key) must stay with it."
            )
            return EXIT_OK
        if args.command == "decrypt":
            result = keys.decrypt(library_secret(args), who=COMMAND_LINE)
            left = (
                " These backups are still encrypted (the key file is kept for them): "
                + ", ".join(result.backups_left)
                if result.backups_left
                else ""
            )
            print(f"The library and its backups are no longer encrypted.{left}")
            return EXIT_OK
        secret = library_secret(args)
        if args.new_passphrase_file:
            new = read_passphrase_file(args.new_passphrase_file)
        else:
            new = new_passphrase(argparse.Namespace(passphrase_file=None))
        keys.change_passphrase(secret, new, who=COMMAND_LINE)
        print("The passphrase has been changed. Your recovery key still works.")
        return EXIT_OK


def settle_pending(paths, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """Finish or undo an interrupted change to the library's encryption (for the commands that
    do not open the library: they would otherwise leave it for the next one)."""
    from reviewdesk.domain.errors import PassphraseRequiredError
    from reviewdesk.services.library.encryption import LibraryKeys
    from reviewdesk.services.library.instance import acquire_instance_lock

    keys = LibraryKeys(paths.database, paths.backups_dir)
    if keys.pending_change() is None:
        return
    with acquire_instance_lock(paths.data_dir):
        try:
            settled = keys.settle(lambda: keys.unlock(library_secret(args)))
        except PassphraseRequiredError:  # a listing still works; the next open finishes it
            settled = keys.settle(None)
    if settled:
        print(f"reviewdesk: {settled}", file=sys.stderr)


def recovery_key_confirmation(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """How the recovery key is shown and confirmed before the library is encrypted: written to
    ``--recovery-key-file``, or printed and part of it typed back (three tries)."""
    from reviewdesk.domain.errors import PassphraseRequiredError, ReviewDeskError
    from reviewdesk.services.library.encryption import confirmation_matches, write_private

    target = Path(args.recovery_key_file) if args.recovery_key_file else None
    if target is not None and target.exists():
        raise ReviewDeskError(
            f"{target} already exists. Please choose a new file for the recovery key. "
            "Nothing has been changed."
        )
    if target is None and not sys.stdin.isatty():
        raise PassphraseRequiredError(
            "There is no terminal to show the recovery key in and have you confirm it. Please "
            "give --recovery-key-file FILE. Nothing has been changed."
        )

    def confirm(recovery_key: str) -> bool:
        if target is not None:
            write_private(target, (recovery_key + "\n").encode("ascii"))
            print(
                f"Your recovery key has been written to {target}. Print it or copy it somewhere "
                "safe, away from this computer, then delete that file. It opens the library if "
                "the passphrase is forgotten."
            )
            return target.read_text("ascii").strip() == recovery_key
        print()
        print("Your recovery key (shown only this once):")
        print()
        print(f"    {recovery_key}")
        print()
        print(
            "Print it or write it down, and keep it somewhere safe, away from this computer. "
            "It opens the library if the passphrase is forgotten. ReviewDesk cannot show it again."
        )
        for _ in range(3):
            typed = input("To show that you have kept it, type its last two groups: ")
            if confirmation_matches(recovery_key, typed):
                return True
            print("That does not match the last two groups. Please look again.", file=sys.stderr)
        return False

    return confirm


# --- commands on an open library ------------------------------------------------------------------


def names(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.services.names import parse_entry

    summary = services.reviews.find(args.reference)
    if args.add:
        pairs = [parse_entry(text) for text in args.add]  # all checked before any is saved
        for real, pseudonym in pairs:
            services.names.add(summary.id, real, pseudonym)
        n = len(pairs)
        print(f"Added {n} name{'s' if n != 1 else ''} to the name key of {summary.reference}.")
        return EXIT_OK
    if args.remove:
        services.names.remove(summary.id, args.remove)
        print(f"Removed that name from the name key of {summary.reference}.")
        return EXIT_OK
    entries = services.names.entries(summary.id)
    if not entries:
        print(f"The name key of {summary.reference} is empty.")
        return EXIT_OK
    width = max(len(e.real_name) for e in entries)
    for e in entries:
        print(f"{e.real_name.ljust(width)}  ->  {e.pseudonym}")
    print("(The name key stays in this library: it is never exported.)", file=sys.stderr)
    return EXIT_OK


def retention(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from datetime import date

    from reviewdesk.domain.errors import ValidationError

    if args.set:
        reference, value = args.set
        summary = services.reviews.find(reference)
        if value.strip().casefold() == "none":
            when = None
        else:
            try:
                when = date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    f"'{value}' is not a date. Please write it as YYYY-MM-DD, or 'none'."
                ) from None
        services.retention.set_review_date(summary.id, when)
        said = f"set to {when:%d %B %Y}" if when else "cleared"
        print(f"The retention review date of {summary.reference} is {said}.")
        return EXIT_OK
    if args.deletions:
        log = services.retention.deletion_log()
        if not log:
            print("Nothing has been deleted for good.")
        for d in log:
            print(
                f"{d.at.astimezone():%d %b %Y %H:%M}  {d.reference}  by {d.who}  "
                f"({count(d.contributors, 'contributor')}, {count(d.answers, 'answer')}; "
                f"{d.reason})"
            )
        return EXIT_OK
    today = services.retention.today()
    items = services.retention.due(today) if args.due else services.retention.items()
    if not items:
        print("No reviews are due for a retention review." if args.due else "No reviews yet.")
        return EXIT_OK
    for item in items:
        if item.review_on is None:
            when = "no review date set"
        else:
            when = f"review by {item.review_on:%d %b %Y}" + (" (due)" if item.due(today) else "")
        print(f"{item.review.reference}  {item.review.title}  {when}")
    return EXIT_OK


def settings(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    if args.marking is not None:
        services.settings.set_default_marking(args.marking)
    if args.idle_minutes is not None:
        services.settings.set_idle_lock_minutes(args.idle_minutes)
    if args.closure_days is not None or args.final_report_months is not None:
        _clock_settings(services, args)
    marking = services.settings.default_marking() or "none"
    idle = services.settings.idle_lock_minutes()
    print(f"Default protective marking: {marking}")
    print(f"Lock when idle for: {count(idle, 'minute') if idle else 'never'}")
    closed = services.settings.closure_days()
    print(f"Closure days: {', '.join(f'{d:%d/%m/%Y}' for d in closed) if closed else 'none'}")
    print(f"Final report due: {services.settings.final_report_months()} months from the decision")
    print(f"Library encrypted: {'yes' if services.encrypted else 'no'}")
    return EXIT_OK


def _clock_settings(services, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """The working-day clocks' settings (issue 18): both checked before either is kept."""
    from reviewdesk.domain.clocks import parse_closure_days
    from reviewdesk.domain.errors import ValidationError

    days = None
    if args.closure_days is not None:
        text = "" if args.closure_days.strip().casefold() == "none" else args.closure_days
        try:
            days = parse_closure_days(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    if args.final_report_months is not None:
        services.settings.set_final_report_months(args.final_report_months)
    if days is not None:
        services.settings.set_closure_days(days)


def export_publication(services, args, summary, fmt, output: Path, options) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.services.publication import IdentifiersFoundError

    try:
        _written, report = services.publication.export(
            summary.id,
            fmt,
            output,
            options,
            allow_identifiers=args.allow_identifiers,
            reason=args.reason,
            overwrite=args.force,
        )
    except IdentifiersFoundError as exc:
        for line in exc.report.lines():
            print(line, file=sys.stderr)
        print(
            "Fix them where they are written (or add them to the name key), or export with "
            "--allow-identifiers --reason TEXT to publish them deliberately.",
            file=sys.stderr,
        )
        raise
    if not report.clear:
        print(
            f"Published with {report.summary()} (allowed; recorded in the audit trail).",
            file=sys.stderr,
        )
    for warning in report.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(f"Exported {summary.reference} ({fmt.label}, for publication) to {output}")
    return EXIT_OK
