"""The review lead's commands: import an agency chronology, export the action plan.

Kept beside the front door (cli/__init__.py) so each stays one idea. Like it, nothing heavy is
imported until a command runs: ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewdesk.domain.words import count

EXIT_OK, EXIT_USER_ERROR = 0, 1
FIELDS = (
    "date", "agency", "what_happened", "source", "significant", "positive_practice", "themes",
    "ignore",
)  # fmt: skip


def add_lead_commands(sub) -> None:  # type: ignore[no-untyped-def]
    p_chron = sub.add_parser("chronology", help="the review lead's chronology")
    chron_sub = p_chron.add_subparsers(dest="chronology_command", metavar="ACTION", required=True)
    p_imp = chron_sub.add_parser(
        "import",
        help="import an agency's chronology from a CSV or Excel (.xlsx) file, all or nothing",
        description=(
            "Import an agency's chronology. Columns are matched to chronology fields from their "
            "headings; --map changes a match. Dates may be written 14/03/2025, 14 March 2025, "
            "March 2025 or 2025. Any row that cannot be read stops the whole import, and every "
            "such row is listed with its line number. Likely duplicates of entries already in "
            "the chronology are left out unless --include-duplicates."
        ),
    )
    p_imp.add_argument("reference", metavar="REF", help="the review's reference")
    p_imp.add_argument("file", metavar="FILE", help="a .csv or .xlsx file with a heading row")
    p_imp.add_argument(
        "--agency", metavar="NAME", required=True, help="the agency this chronology comes from"
    )
    p_imp.add_argument(
        "--map",
        metavar="COL=FIELD",
        action="append",
        default=[],
        help="match the column with heading COL (or number COL, from 1) to FIELD: "
        + ", ".join(FIELDS),
    )
    p_imp.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would be imported"
    )
    p_imp.add_argument(
        "--include-duplicates", action="store_true", help="import likely duplicates too"
    )

    p_actions = sub.add_parser("actions", help="the review's action plan")
    act_sub = p_actions.add_subparsers(dest="actions_command", metavar="ACTION", required=True)
    p_exp = act_sub.add_parser(
        "export", help="write the action plan as CSV (cells that look like formulas are quoted)"
    )
    p_exp.add_argument("reference", metavar="REF", help="the review's reference")
    p_exp.add_argument("--output", "-o", metavar="FILE", required=True, help="file to write")
    p_exp.add_argument("--force", action="store_true", help="replace FILE if it already exists")


def _mapping(headers: tuple[str, ...], guessed, pairs: list[str]):  # type: ignore[no-untyped-def]
    from reviewdesk.domain.chronology_import import Field
    from reviewdesk.domain.errors import ReviewDeskError

    mapping = list(guessed)
    for pair in pairs:
        column, sep, name = pair.partition("=")
        column, name = column.strip(), name.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or name not in FIELDS:
            raise ReviewDeskError(
                f"--map '{pair}' should be COL=FIELD, with FIELD one of: {', '.join(FIELDS)}."
            )
        if column.isdigit() and 1 <= int(column) <= len(headers):
            index = int(column) - 1
        else:
            found = [i for i, h in enumerate(headers) if h.casefold() == column.casefold()]
            if not found:
                raise ReviewDeskError(
                    f"The file has no column headed '{column}'. Its columns are: "
                    + "; ".join(f"{i}. {h}" for i, h in enumerate(headers, start=1))
                    + "."
                )
            index = found[0]
        wanted = Field(name)
        if wanted is not Field.IGNORE:  # one column per field: the map wins over a guess
            mapping = [Field.IGNORE if f is wanted else f for f in mapping]
        mapping[index] = wanted
    return mapping


def chronology_import(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ImportRowsError, ReviewDeskError
    from reviewdesk.services.analysis.chronology_import import read_table

    summary = services.reviews.find(args.reference)
    path = Path(args.file)
    table = read_table(path)
    preview = services.chronology.preview(summary.id, path, args.agency)
    mapping = _mapping(table.headers, preview.mapping, args.map)
    preview = services.chronology.preview(summary.id, path, args.agency, mapping)
    print("Columns:")
    for heading, fld in zip(preview.headers, preview.mapping, strict=True):
        print(f"  {heading or '(no heading)'} -> {fld.label}")
    for note in preview.notes:
        print(note)
    if preview.file_problem or preview.mapping_problem:
        raise ReviewDeskError(
            f"{preview.file_problem or preview.mapping_problem} Nothing has been changed."
        )
    for row in preview.duplicates:
        print(f"Line {row.line}: likely duplicate of {row.duplicate_of}")
    if preview.problems:
        _print_problems(path, preview.problems)
        return EXIT_USER_ERROR
    if args.dry_run:
        new = len(preview.importable) - (0 if args.include_duplicates else len(preview.duplicates))
        print(
            f"{path.name} can be imported: {new} entr{'ies' if new != 1 else 'y'} would be "
            f"added to {summary.reference} (nothing has been changed: this was a dry run)."
        )
        return EXIT_OK
    try:
        result = services.chronology.import_file(
            summary.id, path, args.agency, mapping, include_duplicates=args.include_duplicates
        )
    except ImportRowsError as exc:  # the file changed between the preview and the import
        _print_problems(path, exc.problems)
        return EXIT_USER_ERROR
    print(f"{result.message} ({summary.reference})")
    return EXIT_OK


def _print_problems(path: Path, problems) -> None:  # type: ignore[no-untyped-def]
    print(
        f"reviewdesk: {path.name} has {count(len(problems), 'row')} that cannot be imported, "
        "so nothing has been imported. Please correct them and try again:",
        file=sys.stderr,
    )
    for line, reason in problems:
        print(f"  line {line}: {reason}", file=sys.stderr)


def actions_export(services, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    return table_export(services, args.reference, "actions-csv", Path(args.output), args.force)


def table_export(services, reference: str, kind: str, output: Path, force: bool) -> int:  # type: ignore[no-untyped-def]
    from reviewdesk.domain.errors import ReviewDeskError
    from reviewdesk.domain.exporting import TableExport

    if output.exists() and not force:
        raise ReviewDeskError(
            f"{output} already exists. Choose another name, or add --force to replace it."
        )
    summary = services.reviews.find(reference)
    fmt = TableExport(kind)
    services.exports.export_table(summary.id, fmt, output, overwrite=force)
    print(f"Exported {summary.reference} ({fmt.label}) to {output}")
    return EXIT_OK
