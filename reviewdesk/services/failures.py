"""Put a failed write into words a person can act on.

The screens cannot look inside database errors (they never import SQLAlchemy), so this small
translation lives here: it turns whatever stopped a save into one plain sentence.
"""

from __future__ import annotations

import errno

from reviewdesk.domain.errors import ReviewDeskError

BUSY = "The library is busy: another program, or another copy of ReviewDesk, is using it."
DISK_FULL = "The disk is full, so there is no room to save."
READ_ONLY = "ReviewDesk is not allowed to write to the library file (it may be read-only)."
IO_ERROR = "The computer could not write to the disk."
UNKNOWN = "Something unexpected stopped the save."


def describe_write_failure(exc: BaseException) -> str:
    """One sentence saying why a save failed (the error's own message when it is one of ours)."""
    if isinstance(exc, ReviewDeskError):
        return str(exc)
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    text = str(original).lower()
    code = getattr(original, "errno", None)
    if "locked" in text or "busy" in text:
        return BUSY
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return DISK_FULL
    if (
        code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "readonly" in text
        or "read-only" in text
    ):
        return READ_ONLY
    if isinstance(original, OSError) or "i/o" in text:
        return IO_ERROR
    return UNKNOWN
