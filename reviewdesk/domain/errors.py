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


class FrameworkError(ReviewDeskError):
    """A practice framework file that cannot be used; the message names the file and the key."""


class ExchangeFormatError(ReviewDeskError):
    """A file offered for import that is not a valid ReviewDesk document. Nothing was written."""


class DuplicateReviewError(ReviewDeskError):
    """The review being added is already in the library."""


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
