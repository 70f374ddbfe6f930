"""Partnership mode (issue 22): which shared server a person signs in to, in plain Python.

The password is never part of it: it is typed each time and handed straight to the
connection. What is here is what ReviewDesk remembers between starts (gui/settings.py) and
how it names the server in the window's title and status bar.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PORT = 5432
DEFAULT_DATABASE = "reviewdesk"


def is_local_socket(host: str) -> bool:
    """A folder on this computer (libpq reads a host starting with '/' as a Unix socket)."""
    return host.startswith("/")


@dataclass(frozen=True)
class ServerChoice:
    """Where the partnership's server is and which account signs in (never the password)."""

    host: str
    account: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    ca_file: str = ""  # the certificate authority that signed the server's TLS certificate
    kerberos: bool = False  # sign in with the Windows logon (GSSAPI): no password typed

    @property
    def key(self) -> str:
        """The server's identity for things kept on this computer (private notes)."""
        return f"{self.host}:{self.port}/{self.database}"

    @property
    def label(self) -> str:
        """How the window names it: "sam.field on db.council.example (reviewdesk)"."""
        host = "this computer" if is_local_socket(self.host) else self.host
        return f"{self.account} on {host} ({self.database})"

    def problems(self) -> dict[str, str]:
        """What is missing or unusable, by field (empty when it can be tried)."""
        found: dict[str, str] = {}
        if not self.host.strip():
            found["host"] = "Please enter the server's name (IT can tell you)."
        if not self.account.strip():
            found["account"] = "Please enter your account name on the server."
        if not 0 < self.port < 65536:
            found["port"] = "The port is a number from 1 to 65535 (usually 5432)."
        if not self.database.strip():
            found["database"] = "Please enter the database's name (usually reviewdesk)."
        return found
