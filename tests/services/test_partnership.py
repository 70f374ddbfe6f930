"""Partnership mode's pieces that need no server: what is checked before anything is sent,
and the local file that keeps private notes off the server (issue 22)."""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, datetime

import pytest

from reviewdesk.domain.errors import DatabaseError, ValidationError
from reviewdesk.domain.partnership import ServerChoice
from reviewdesk.services import partnership
from reviewdesk.store.local_notes import FILE_NAME, LocalNotes


def test_settings_are_checked_before_anything_is_sent(tmp_path) -> None:
    with pytest.raises(ValidationError) as missing:
        partnership.connection_settings(ServerChoice(host=" ", account=""), "pw")
    assert set(missing.value.problems) == {"host", "account"}
    with pytest.raises(ValidationError, match="could not be found"):
        partnership.connection_settings(
            ServerChoice("db.council.example", "sam.field", ca_file=str(tmp_path / "no.pem")),
            "pw",
        )
    args = partnership.connection_settings(ServerChoice("db.council.example", "sam.field"), "pw")
    assert args["sslmode"] == "verify-full"  # always, over any network
    socket = partnership.connection_settings(ServerChoice(str(tmp_path), "sam.field"), "pw")
    assert "sslmode" not in socket  # a Unix-socket folder on this computer
    kerberos = partnership.connection_settings(
        ServerChoice("db.council.example", "sam.field", kerberos=True), "typed anyway"
    )
    assert "password" not in kerberos and kerberos["gssencmode"] == "disable"


def test_without_the_driver_signing_in_is_refused_kindly(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(DatabaseError, match="without its server support"):
        partnership.sign_in(
            ServerChoice("db.council.example", "sam.field"), "pw", data_dir=tmp_path
        )


def test_notes_are_kept_per_server_and_account_in_a_private_file(tmp_path) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    mine = LocalNotes(tmp_path, "db.council.example:5432/reviewdesk", "sam.field")
    mine.save("LCSPR-2026-07", "", "Only mine", at)
    mine.save("LCSPR-2026-07", "babies", "About babies", at)
    mine.save("LCSPR-2026-07", "", "Only mine, again", at)
    assert mine.notes("LCSPR-2026-07") == {"": "Only mine, again", "babies": "About babies"}
    assert (
        LocalNotes(tmp_path, "db.council.example:5432/reviewdesk", "kit.moor").notes(
            "LCSPR-2026-07"
        )
        == {}
    )
    assert (
        LocalNotes(tmp_path, "other.example:5432/reviewdesk", "sam.field").notes("LCSPR-2026-07")
        == {}
    )
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600
