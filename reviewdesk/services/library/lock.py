"""The open library's lock and its encryption, while ReviewDesk is running (no terminal).

- :func:`lock` closes the library (every connection: no file handle stays open) and forgets its
  key; :func:`unlock` needs the passphrase or the recovery key to open it again.
- :func:`encrypt`, :func:`decrypt` and :func:`change_passphrase` close the open library, make
  the very same journaled, all-or-nothing change as ``reviewdesk encrypt`` / ``decrypt`` /
  ``change-passphrase`` (:class:`reviewdesk.services.library.encryption.LibraryKeys`,
  reviewdesk/services/library/key_change.py), and open it again however the change ended. Each
  takes a ``progress(percent, message)`` function (the window's progress bar) and is meant to
  run off the GUI thread (reviewdesk/gui/tasks.py).

The services bundle keeps its one :class:`~reviewdesk.store.engine.Store`: it is suspended and
resumed in place, so every service (and every window holding one) follows the change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from reviewdesk.domain.audit import UNNAMED
from reviewdesk.domain.errors import ReviewDeskError, ValidationError
from reviewdesk.domain.i18n import QT_TRANSLATE_NOOP
from reviewdesk.store.sqlite_file import DatabaseKey

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services
    from reviewdesk.services.library.encryption import DecryptResult, EncryptResult, LibraryKeys

Progress = Callable[[int, str], object]

# Where each change is at each of its steps (reviewdesk/services/library/key_change.py STEPS).
_STEPS = {
    "backup": (10, QT_TRANSLATE_NOOP("Labels", "Taking a backup first…")),
    "new-key": (25, QT_TRANSLATE_NOOP("Labels", "Making the key…")),
    "confirm": (30, QT_TRANSLATE_NOOP("Labels", "Waiting for you to keep the recovery key…")),
    "convert-library": (45, QT_TRANSLATE_NOOP("Labels", "Converting the library…")),
    "install-key": (65, QT_TRANSLATE_NOOP("Labels", "Putting the key in place…")),
    "swap-library": (75, QT_TRANSLATE_NOOP("Labels", "Putting the converted library in place…")),
    "backups": (85, QT_TRANSLATE_NOOP("Labels", "Converting the backups…")),
    "remove-key": (90, QT_TRANSLATE_NOOP("Labels", "Removing the key that is no longer needed…")),
    "copy-key": (85, QT_TRANSLATE_NOOP("Labels", "Copying the key into the backups folder…")),
    "record": (92, QT_TRANSLATE_NOOP("Labels", "Writing it in the audit trail…")),
    "finish": (97, QT_TRANSLATE_NOOP("Labels", "Finishing…")),
}


def _keys(services: Services) -> LibraryKeys:
    if services.keys is None or services.store.path is None:
        raise ValidationError("This library has no file of its own to lock or encrypt.")
    return services.keys


def lock(services: Services) -> bool:
    """Close an encrypted library and forget its key. False (nothing done) when the library
    is not encrypted: then locking can only hide the window."""
    if not services.encrypted or services.store.locked:
        return False
    services.store.suspend()
    return True


def unlock(services: Services, secret: str) -> None:
    """Open a locked library again with its passphrase or recovery key. Raises
    :class:`WrongPassphraseError` (nothing changes) when it does not open it."""
    if not services.store.locked:
        return
    key = _keys(services).unlock(secret)
    services.store.resume(key)


def who(services: Services) -> str:
    try:
        return services.profile.get().name or UNNAMED
    except ReviewDeskError:
        return UNNAMED


def _unlock_with_any(keys: LibraryKeys, secrets: tuple[str, ...]) -> DatabaseKey:
    error: ReviewDeskError | None = None
    for secret in secrets:
        try:
            return keys.unlock(secret)
        except ReviewDeskError as exc:
            error = error or exc
    raise error or ValidationError("A passphrase is needed to open the library again.")


def _reopen(services: Services, secrets: tuple[str, ...]) -> None:
    """Open the library again, as it is now (settling a change left half-way first). When
    it cannot be opened, it stays locked: the window then asks for the passphrase."""
    keys = _keys(services)
    key: DatabaseKey | None = None
    if keys.pending_change() is not None:
        with suppress(ReviewDeskError):  # else left for the next start, which says so
            keys.settle(lambda: _unlock_with_any(keys, secrets))
    services.store.encrypted = keys.encrypted  # a lock screen asks for the right thing
    if keys.encrypted:
        key = _unlock_with_any(keys, secrets)
    services.store.resume(key)


def _run(
    services: Services,
    progress: Progress,
    secrets_after: Callable[[], tuple[str, ...]],
    change: Callable[[LibraryKeys], object],
) -> object:
    keys = _keys(services)
    hook_before = keys.hook

    def hook(point: str) -> None:
        if hook_before is not None:
            hook_before(point)
        step = _STEPS.get(point.split(":")[0].split("/")[0])
        if step is not None and "/" not in point:
            progress(*step)

    progress(5, QT_TRANSLATE_NOOP("Labels", "Closing the library…"))
    services.store.checkpoint()
    services.store.suspend()
    keys.hook = hook
    try:
        result = change(keys)
    finally:
        keys.hook = hook_before
        progress(98, QT_TRANSLATE_NOOP("Labels", "Opening the library again…"))
        _reopen(services, secrets_after())
    progress(100, QT_TRANSLATE_NOOP("Labels", "Done."))
    return result


def encrypt(
    services: Services,
    passphrase: str,
    *,
    confirm: Callable[[str], bool],
    progress: Progress = lambda _p, _m: None,
) -> EncryptResult:
    """Encrypt the open library and its backups with ``passphrase``. ``confirm(recovery_key)``
    shows the recovery key and returns True once the person typed part of it back (called
    from this thread: the window answers it on its own)."""
    if services.encrypted:
        raise ValidationError("This library is already encrypted. Nothing has been changed.")
    from reviewdesk.domain.passphrase import passphrase_problem

    problem = passphrase_problem(passphrase)
    if problem:
        raise ValidationError(problem, {"passphrase": problem})
    return _run(  # type: ignore[return-value]
        services,
        progress,
        lambda: (passphrase,),
        lambda keys: keys.encrypt(passphrase, confirm=confirm, who=who(services)),
    )


def decrypt(
    services: Services, secret: str, *, progress: Progress = lambda _p, _m: None
) -> DecryptResult:
    """Turn the open library (and its backups) back into plain files; ``secret`` is its
    passphrase or recovery key, checked before anything is closed."""
    keys = _keys(services)
    if not services.encrypted:
        raise ValidationError("This library is not encrypted. Nothing has been changed.")
    keys.unlock(secret)  # a wrong passphrase: said before anything is closed
    return _run(  # type: ignore[return-value]
        services,
        progress,
        lambda: (secret,),
        lambda keys: keys.decrypt(secret, who=who(services)),
    )


def change_passphrase(
    services: Services,
    secret: str,
    new_passphrase: str,
    *,
    progress: Progress = lambda _p, _m: None,
) -> None:
    """Give the open library a new passphrase (``secret``: the current passphrase or the
    recovery key). The recovery key printed before still works."""
    keys = _keys(services)
    if not services.encrypted:
        raise ValidationError("This library is not encrypted. Nothing has been changed.")
    from reviewdesk.domain.passphrase import passphrase_problem

    problem = passphrase_problem(new_passphrase)
    if problem:
        raise ValidationError(problem, {"passphrase": problem})
    keys.unlock(secret)
    _run(
        services,
        progress,
        lambda: (new_passphrase, secret),  # whichever opens it, however the change ended
        lambda keys: keys.change_passphrase(secret, new_passphrase, who=who(services)),
    )


class LibraryLock:
    """The functions above, bound to one open library (``services.library_lock``): the window
    reaches them through the services it was given, never by importing the store's layers."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def lock(self) -> bool:
        return lock(self._services)

    def unlock(self, secret: str) -> None:
        unlock(self._services, secret)

    def encrypt(
        self, passphrase: str, *, confirm: Callable[[str], bool], progress: Progress
    ) -> EncryptResult:
        return encrypt(self._services, passphrase, confirm=confirm, progress=progress)

    def decrypt(self, secret: str, *, progress: Progress) -> DecryptResult:
        return decrypt(self._services, secret, progress=progress)

    def change_passphrase(self, secret: str, new_passphrase: str, *, progress: Progress) -> None:
        change_passphrase(self._services, secret, new_passphrase, progress=progress)

    @staticmethod
    def confirmation_matches(recovery_key: str, typed: str) -> bool:
        from reviewdesk.services.library.encryption import confirmation_matches

        return confirmation_matches(recovery_key, typed)
