"""Errors a person can read.

Every error the services raise for something the user did or chose derives from
:class:`ReviewDeskError`; its ``str()`` is a complete, kind sentence that the GUI shows in a
message and the CLI prints on stderr (exit status 1). Anything else is a bug.
"""

from __future__ import annotations


class ReviewDeskError(Exception):
    """Something the user can act on. ``str(error)`` is the message to show them."""


class NotFoundError(ReviewDeskError):
    """A review, contributor or prompt that the request names does not exist."""


class ValidationError(ReviewDeskError):
    """Values that cannot be saved as given. ``problems`` maps field names to messages."""

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems: dict[str, str] = dict(problems or {})


class StillCitedError(ReviewDeskError):
    """Something the person asked to delete is cited elsewhere (a chronology entry by a finding,
    a finding by a recommendation...). Nothing was changed: deleting it needs their confirmation,
    and then it is kept as *removed* so what cites it stays explainable. ``cited_by`` says what
    cites it, in words."""

    def __init__(self, message: str, cited_by: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.cited_by = cited_by


class ImportRowsError(ReviewDeskError):
    """A file offered for import has rows that cannot be read. Nothing was imported.
    ``problems`` holds (line number, reason) pairs, in file order."""

    def __init__(self, message: str, problems: tuple[tuple[int, str], ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class FrameworkError(ReviewDeskError):
    """A practice framework file that cannot be used; the message names the file and the key."""


class ExchangeFormatError(ReviewDeskError):
    """A file offered for import that is not a valid ReviewDesk document. Nothing was written."""


class DuplicateReviewError(ReviewDeskError):
    """The review being added is already in the library."""


class EditConflictError(ReviewDeskError):
    """A save that would have overwritten someone else's newer change: nothing was overwritten.
    ``conflict`` (a :class:`reviewdesk.domain.review.AnswerConflict`) holds both texts, which
    are also kept in the answer's history; the person chooses what to keep."""

    def __init__(self, message: str, conflict: object) -> None:
        super().__init__(message)
        self.conflict = conflict


class DatabaseError(ReviewDeskError):
    """The library file cannot be opened or upgraded safely. The file was left untouched."""


class PassphraseRequiredError(ReviewDeskError):
    """The file is protected by a passphrase and none was given. Nothing was written."""


class WrongPassphraseError(ExchangeFormatError):
    """The passphrase given does not open the file. Nothing was written; the person may retry."""


class TamperedFileError(ExchangeFormatError):
    """A protected file whose contents no longer match what was sealed. Nothing was written."""


class ContributionRefusedError(ReviewDeskError):
    """A returned contribution that cannot be merged (wrong library, someone else's work in the
    way). The message gives the reason; nothing was written."""


class LibraryDamagedError(DatabaseError):
    """The library file is empty, truncated, damaged or not a database. It was left exactly as it
    is; ``kept_copy`` is a copy set aside and ``newest_backup`` the newest good backup, if any."""

    def __init__(
        self,
        message: str,
        *,
        reason: str = "damaged",
        path: object = None,
        kept_copy: object = None,
        newest_backup: object = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.path = path
        self.kept_copy = kept_copy
        self.newest_backup = newest_backup


class UnsafeLocationError(ReviewDeskError):
    """The data folder is on a network share or in a cloud-sync folder, where SQLite's locking and
    write-ahead log cannot be trusted. ``suggestion`` is a local folder to use instead (or None)."""

    def __init__(self, message: str, *, path: object, kind: str, suggestion: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.suggestion = suggestion


class LibraryInUseError(ReviewDeskError):
    """Another ReviewDesk window (or command) has this library open."""


class StorageError(ReviewDeskError):
    """Reading or writing the library failed (disk full, disk error, in use by another program).

    ``reason`` is one of "disk_full", "disk_error", "in_use", "read_only", "damaged";
    ``retryable`` says whether trying again later may work.
    """

    def __init__(self, message: str, *, reason: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.reason = reason
        self.retryable = retryable


class NotAllowedError(ReviewDeskError):
    """The shared server refused a change this account may not make (row-level security or
    grants). Nothing was changed."""


class SaveFailedError(StorageError):
    """A change could not be saved. The transaction was rolled back: nothing was half-written, and
    everything saved before is intact. The GUI keeps the text in the editor and tries again."""


class BackupError(ReviewDeskError):
    """A backup could not be made or restored. The library itself was not changed."""


class AuditLogError(ReviewDeskError):
    """Something tried to change or delete an entry of the append-only audit trail."""
