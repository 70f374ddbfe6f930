"""Signing in to the partnership's shared server from the app (issue 22, points 2 and 6).

:func:`sign_in` connects with a person's own account (the password is used for the
connection and dropped; Kerberos signs in with the Windows logon instead), refuses a server
at another schema revision with a message for IT (the app never migrates a server: see
store/server.py), and returns the services over the server's library, with private notes
and the person's details kept on this computer (store/local_notes.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from reviewdesk.domain.errors import DatabaseError, ValidationError
from reviewdesk.domain.partnership import ServerChoice, is_local_socket
from reviewdesk.domain.review import Profile, ReviewSummary
from reviewdesk.services.bundle import Services
from reviewdesk.services.profile import ProfileService
from reviewdesk.store.core_tables import utcnow
from reviewdesk.store.local_notes import LocalNotes
from reviewdesk.store.sqlite_file import DatabaseKey

_KEYS = ("name", "role", "agency")


def kerberos_available() -> bool:
    """libpq here can sign in with Kerberos (GSSAPI): it lists GSSAPI's connection settings
    (libpq 16 and older list them only when built with GSSAPI)."""
    try:
        from psycopg import pq

        keywords = {d.keyword for d in pq.Conninfo.get_defaults()}
    except Exception:  # no psycopg (a build without server support): no Kerberos either
        return False
    return b"krbsrvname" in keywords and b"gssencmode" in keywords


class LocalProfile(ProfileService):
    """The person's details in partnership mode, kept on this computer beside their private
    notes (the server's settings are shared by everyone). Same shape as ProfileService."""

    def __init__(self, notes: LocalNotes, fallback: Profile | None = None) -> None:
        self._notes = notes
        self._fallback = fallback
        if notes.problem is not None:
            return  # a damaged notes file is never written over (store/local_notes.py)
        if fallback is not None and fallback.is_set and not notes.profile():
            self.save(fallback)  # the first sign-in: the details this computer already has

    def get(self) -> Profile:
        if self._notes.problem is not None and self._fallback is not None:
            return self._fallback
        values = self._notes.profile()
        return Profile(values.get("name", ""), values.get("role", ""), values.get("agency", ""))

    def save(self, profile: Profile) -> Profile:
        from reviewdesk.services.profile import checked_profile

        clean = checked_profile(profile)
        self._notes.save_profile(
            dict(zip(_KEYS, (clean.name, clean.role, clean.agency), strict=True))
        )
        return clean


NO_SERVER_SUPPORT = (
    "This copy of ReviewDesk was installed without its server support, so it cannot sign in to "
    "a partnership server. Nothing was changed. Please ask IT to install ReviewDesk with it "
    "(the installers include it; with pip: reviewdesk[server])."
)


def require_server_support() -> None:
    try:
        import psycopg  # noqa: F401  (the PostgreSQL driver)
    except ImportError:
        raise DatabaseError(NO_SERVER_SUPPORT) from None


def connection_settings(choice: ServerChoice, password: str | None) -> dict[str, object]:
    """libpq's settings: TLS with the certificate and host name checked (verify-full) over any
    network, loopback included; a Unix socket on this computer needs none."""
    from reviewdesk.store.server import connect_args

    problems = choice.problems()
    if problems:
        raise ValidationError(" ".join(problems.values()), problems)
    if choice.ca_file and not is_local_socket(choice.host) and not Path(choice.ca_file).is_file():
        raise ValidationError(
            f"The certificate authority file {choice.ca_file} could not be found. Please "
            "choose the file IT gave you.",
            {"ca_file": "This file could not be found."},
        )
    return connect_args(
        host=choice.host.strip(),
        port=choice.port,
        dbname=choice.database.strip(),
        user=choice.account.strip(),
        password=None if choice.kerberos else password,
        sslrootcert=choice.ca_file or None,
        gss=choice.kerberos,
    )


def sign_in(
    choice: ServerChoice,
    password: str | None,
    *,
    data_dir: Path,
    profile: Profile | None = None,
    clock: Callable[[], datetime] = utcnow,
    key: DatabaseKey | None = None,
) -> Services:
    """Open the server's library as ``choice.account``. Raises :class:`ReviewDeskError` with
    a sentence to show (wrong password, unreachable, certificate, wrong revision). ``profile``:
    this computer's details, copied the first time for the server's library. ``key``: the
    local library's data key when it is encrypted: the private notes kept on this computer
    are encrypted with it."""
    from reviewdesk.store.server import open_server_store

    require_server_support()
    store = open_server_store(connection_settings(choice, password))
    del password
    try:
        notes = LocalNotes(data_dir, choice.key, choice.account, key=key)
        services = Services.over(store, clock=clock, lazy=True)
        services.server = choice
        services.provide(profile=LocalProfile(notes, profile))  # kept on this computer
        services.build_all()
        services.reviews.local_notes = notes
        return services
    except BaseException:
        store.close()
        raise


def move_library(local: Services, server: Services, *, source: str) -> list[ReviewSummary]:
    """Copy every review of this computer's library (not those in its Trash) into the server,
    in one transaction: references, answers, analysis and papers, each with an audit entry
    "review.imported" saying where from. A reference already on the server refuses the lot
    and nothing changes. The local library is left as it was."""
    import json

    reviews = local.reviews.list_reviews(include_archived=True, count_answers=False)
    if not reviews:
        raise ValidationError("This library has no reviews to move. Nothing was changed.")
    documents = [json.loads(local.exchange.export_json_bytes(r.id)) for r in reviews]
    return server.exchange.import_documents(documents, source=f"imported from {source}")


class Partnership:
    """What the window asks of partnership mode, over the library it has open (``services``):
    it reaches these through ``services.partnership`` and never imports the store."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def account_kind(self) -> str | None:
        """On a server, the signed-in account's kind ('admin', 'lead' or 'contributor'), which
        decides the menus (the database enforces it either way); None for a library file."""
        if not self._services.on_server:
            return None
        from reviewdesk.store.server import account_kind

        with self._services.store.read() as session:
            return account_kind(session)

    @staticmethod
    def kerberos_available() -> bool:
        return kerberos_available()

    def sign_in(self, choice: ServerChoice, password: str | None, data_dir: Path) -> Services:
        """Sign in; this computer's details are carried over the first time."""
        on_server = self._services.server is not None
        local = None if on_server else self._services.profile.get()
        return sign_in(choice, password, data_dir=data_dir, profile=local, key=self._local_key())

    def _local_key(self) -> DatabaseKey | None:
        """The local library's data key (None when it is not encrypted): from the library
        open now, or, signed in already, the one the private notes were opened with."""
        notes = self._services.reviews.local_notes
        if self._services.server is not None:
            return notes.key if notes is not None else None
        return self._services.store.key

    def move_here_to(
        self, choice: ServerChoice, password: str | None, data_dir: Path
    ) -> tuple[Services, list[ReviewSummary]]:
        """Sign in, then move this library's reviews to the server (see :func:`move_library`)."""
        server = self.sign_in(choice, password, data_dir)
        try:
            return server, move_library(self._services, server, source=str(data_dir))
        except BaseException:
            server.close()
            raise
