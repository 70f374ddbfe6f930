"""Where a command writes its file (``--output``), checked before anything is opened or written.

- The name must end as the format does: ``export REF --format docx --output x.pdf`` is refused
  (a Word document called .pdf opens in nothing), with the name it should have.
- A folder that OneDrive, Dropbox, Google Drive or iCloud Drive copies off this computer is
  refused unless ``--allow-cloud`` says it is meant: these documents hold sensitive case
  material. A refusal, not a warning, because a script's warning scrolls by unread while the
  copy has already left.

Both refusals are user errors (exit status 1, a message on stderr) and change nothing: they
happen before the library is opened. Nothing heavy is imported here, so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ALLOW_CLOUD = "--allow-cloud"

# command -> format -> the extension its file must have (None: any format of that command).
_EXPORT = {
    "pdf": "pdf",
    "briefing": "pdf",
    "briefing-docx": "docx",
    "docx": "docx",
    "json": "json",
    "actions-csv": "csv",
    "chronology-csv": "csv",
}
_REPORT = {"pdf": "pdf", "docx": "docx", "csv": "csv"}
_FIXED = {"pack": "rdpack", "contribute": "rdreturn", "actions": "csv"}
_WHAT = {
    "pdf": "a PDF file",
    "docx": "a Word document",
    "json": "a JSON file",
    "csv": "a CSV file",
    "rdpack": "a case pack",
    "rdreturn": "a contribution",
}


def add_destination_options(sub) -> None:  # type: ignore[no-untyped-def]
    """``--allow-cloud`` on every command that writes a file with ``--output``."""
    for parser in _parsers_with_output(sub):
        parser.add_argument(
            ALLOW_CLOUD,
            action="store_true",
            help="write FILE even inside a folder that OneDrive, Dropbox, Google Drive or "
            "iCloud Drive copies off this computer (refused otherwise: the file holds "
            "sensitive case material)",
        )


def _parsers_with_output(sub):  # type: ignore[no-untyped-def]
    for parser in dict.fromkeys(sub.choices.values()):
        for action in parser._actions:
            if "--output" in action.option_strings:
                yield parser
            elif isinstance(action, argparse._SubParsersAction):
                yield from _parsers_with_output(action)


def expected_extension(args: argparse.Namespace) -> str | None:
    """The extension ``--output`` must have for this command and format (None: any)."""
    command, fmt = args.command, getattr(args, "format", None)
    if command == "export":
        return _EXPORT.get(fmt or "")
    if command == "report":
        return _REPORT.get(fmt or "")
    return _FIXED.get(command)


def check_output(args: argparse.Namespace) -> None:
    """Raise a :class:`ReviewDeskError` when ``--output`` has the wrong extension for the format,
    or lies in a cloud-synced folder without ``--allow-cloud``. Nothing is written either way."""
    output = getattr(args, "output", None)
    if not output:
        return
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.files import has_extension, with_extension

    path = Path(output)
    extension = expected_extension(args)
    if extension and not has_extension(path, extension):
        fmt = getattr(args, "format", None)
        asked = f" with --format {fmt}" if fmt else ""
        ends = f"ends in '{path.suffix}'" if path.suffix else "has no extension"
        raise ReviewDeskError(
            f"Nothing was written: {path.name} {ends}, but {args.command}{asked} writes "
            f"{_WHAT[extension]}, whose name ends in '.{extension}'. Please give a name such "
            f"as {with_extension(path, extension)}, or choose the format that matches the name."
        )
    if getattr(args, "allow_cloud", False):
        return
    from reviewdesk.services.library.location import cloud_destination, cloud_question

    service = cloud_destination(path.absolute())
    if service:
        raise ReviewDeskError(
            f"Nothing was written. {cloud_question(path.absolute(), service)} Please choose "
            f"another folder, or add {ALLOW_CLOUD} if your organisation has approved {service} "
            "for this material."
        )
