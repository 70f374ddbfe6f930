"""Signing in to the partnership's server from the window, with the keyboard, against the
throwaway cluster (tests/pg.py): the library shown is the server's, as far as the account may
see it; a wrong password and a server at another revision are told kindly and change nothing;
private notes written in the window stay on this computer (issue 22, points 2 and 6)."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from reviewdesk.services.bundle import open_services
from tests.pg import OWNER, TEST_PASSWORD
from tests.server.test_tls import tls_cluster  # noqa: F401  (a fixture: TLS on 127.0.0.1)


@pytest.fixture
def server_reviews(pg_server, pg_database, record):  # type: ignore[no-untyped-def]
    """Two leads on the server, each with a review of their own."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    made = {}
    for account, reference in (("ash_lead", "LCSPR-2026-07"), ("blake_lead", "LCSPR-2026-99")):
        store = open_server_store(pg_server.args(pg_database, pg_server.account(account, "lead")))
        svc = Services.over(store)
        try:
            made[account] = svc.reviews.create(
                replace(record, reference=reference, title=f"Review led by {account}")
            )
        finally:
            svc.close()
    # Ash invites Kit's account to the review, to write as its contributor "Kit Moor"
    import psycopg as pg

    pg_server.account("kit_contrib", "contributor")
    store = open_server_store(pg_server.args(pg_database, "ash_lead"))
    svc = Services.over(store)
    try:
        kit = svc.reviews.add_contributor(made["ash_lead"].id, "Kit Moor", "Health visitor", "")
    finally:
        svc.close()
    with pg.connect(**pg_server.args(pg_database, "ash_lead"), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO review_member (review_id, role_name, kind, contributor_id) "
            "VALUES (%s, 'kit_contrib', 'contributor', %s)",
            (made["ash_lead"].id, kit.id),
        )
    return made


@pytest.fixture
def owner_sql(pg_server, pg_database):  # type: ignore[no-untyped-def]
    conn = psycopg.connect(**pg_server.args(pg_database, OWNER), autocommit=True)
    yield conn
    conn.close()


def _sign_in(window, qtbot, pg_server, pg_database, account: str, password: str, action=None):  # type: ignore[no-untyped-def]
    """File › Connect to a partnership server… (or ``action``), then the form filled in with
    the keyboard."""
    (action or window.menu_actions.connect_server).trigger()
    dialog = window.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible)
    # nothing remembered yet: typing starts at the server's name
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host, timeout=2000)
    qtbot.keyClicks(dialog.host, str(pg_server.cluster.socket_dir))
    qtbot.keyClick(dialog.host, Qt.Key.Key_Tab)  # to the port
    dialog.port.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), str(pg_server.cluster.port))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to the database
    assert QApplication.focusWidget() is dialog.database
    dialog.database.selectAll()
    qtbot.keyClicks(dialog.database, pg_database)
    qtbot.keyClick(dialog.database, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.account
    qtbot.keyClicks(dialog.account, account)
    qtbot.keyClick(dialog.account, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Sign in
    return dialog


@pytest.mark.parametrize("account", ["ash_lead", "kit_contrib"])
def test_signing_in_with_the_keyboard_shows_only_the_reviews_the_account_may_see(
    window, qtbot, pg_server, pg_database, server_reviews, account
) -> None:
    local_before = window.services
    dialog = _sign_in(window, qtbot, pg_server, pg_database, account, TEST_PASSWORD)
    qtbot.waitUntil(lambda: window.services is not local_before, timeout=15000)
    assert not dialog.isVisible()
    assert window.services.server is not None
    shown = [
        window.library.proxy.index(row, 0).data() for row in range(window.library.proxy.rowCount())
    ]
    assert len(shown) == 1 and "LCSPR-2026-07" in " ".join(map(str, shown))
    assert account in window.windowTitle()
    assert account in window.server_label.text()
    assert "stays on this computer, in" not in window.library.privacy.text()
    assert "partnership's reviews on its server" in window.library.privacy.text()
    # remembered for next time, without the password
    remembered = window.settings.server_choice
    assert (remembered.account, remembered.database) == (account, pg_database)
    window.settings.sync()
    assert TEST_PASSWORD not in window.settings.path.read_text(encoding="utf-8")
    # the next time the dialog opens, it offers the same server and waits for the password
    window.menu_actions.connect_server.trigger()
    again = window.sign_in_dialog
    qtbot.waitUntil(again.isVisible)
    assert again.host.text() == str(pg_server.cluster.socket_dir)
    assert again.account.text() == account and again.password.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.password, timeout=2000)
    again.reject()


def test_a_wrong_password_is_told_kindly_and_changes_nothing(
    window, qtbot, pg_server, pg_database, server_reviews
) -> None:
    local = window.services
    dialog = _sign_in(window, qtbot, pg_server, pg_database, "ash_lead", "not the password 1")
    qtbot.waitUntil(lambda: "did not accept" in dialog.error.text(), timeout=15000)
    assert "account name and password" in dialog.error.text()
    assert dialog.isVisible() and window.services is local
    assert dialog.password.text() == ""  # typed again, never kept
    assert QApplication.focusWidget() is dialog.password
    assert window.settings.server_choice is None
    dialog.reject()


def test_a_server_at_another_revision_is_refused_with_a_message_for_it(
    window, qtbot, pg_server, pg_database, server_reviews, owner_sql
) -> None:
    owner_sql.execute("UPDATE alembic_version SET version_num = '0010'")
    local = window.services
    dialog = _sign_in(window, qtbot, pg_server, pg_database, "ash_lead", TEST_PASSWORD)
    qtbot.waitUntil(lambda: "revision" in dialog.error.text(), timeout=15000)
    assert "ask IT to run 'reviewdesk server upgrade'" in dialog.error.text()
    assert window.services is local
    assert owner_sql.execute("SELECT version_num FROM alembic_version").fetchone() == ("0010",)
    dialog.reject()


@pytest.mark.parametrize("account", ["ash_lead", "kit_contrib"])
def test_a_private_note_written_in_the_window_never_reaches_the_server(
    window, qtbot, pg_server, pg_database, server_reviews, owner_sql, account
) -> None:
    local = window.services
    _sign_in(window, qtbot, pg_server, pg_database, account, TEST_PASSWORD)
    qtbot.waitUntil(lambda: window.services is not local, timeout=15000)
    assert window.open_review(server_reviews["ash_lead"].id)
    ws = window.workspace
    # each account writes as its own contributor: Kit as the one the lead invited
    mine = owner_sql.execute(
        "SELECT contributor_id FROM review_member WHERE role_name = %s "
        "AND contributor_id IS NOT NULL",
        (account,),
    ).fetchall()
    assert mine == [(ws.me.id,)]
    if account == "kit_contrib":
        assert ws.me.name == "Kit Moor"
    ws.focus_notes()
    editor = ws.notes.current()
    qtbot.keyClicks(editor, "Only for me: quokka reflection.")
    with qtbot.waitSignal(window.autosaver.target_saved, timeout=5000):
        window.menu_actions.save_now.trigger()
    assert window.services.reviews.private_notes(ws.me.id)[""] == (
        "Only for me: quokka reflection."
    )
    # as the server's owner (not bound by row-level security): the text is nowhere
    columns = owner_sql.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')"
    ).fetchall()
    assert len(columns) > 30
    for table, column in columns:
        hits = owner_sql.execute(
            f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE %s', ("%quokka%",)
        ).fetchone()
        assert hits == (0,), f"{table}.{column}"
    assert owner_sql.execute("SELECT count(*) FROM private_note").fetchone() == (0,)
    # kept on this computer, readable by this account only
    from reviewdesk.store.local_notes import FILE_NAME

    kept = window.paths.data_dir / FILE_NAME
    assert b"quokka" in kept.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_lead_moves_this_library_to_the_server_from_the_window(
    window, qtbot, pg_server, pg_database, owner_sql
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    window.services.exchange.add_demo()
    reviews = {r.reference for r in window.services.reviews.list_reviews()}
    pg_server.account("ash_lead", "lead")
    assert window.menu_actions.move_to_server.isVisible()  # a lead's tool
    local = window.services
    told: list[str] = []

    def read_and_close_the_message() -> None:  # "N reviews were copied…", then OK
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                told.append(widget.text())
                widget.accept()
                return
        if not told:
            QTimer.singleShot(50, read_and_close_the_message)

    _sign_in(
        window,
        qtbot,
        pg_server,
        pg_database,
        "ash_lead",
        TEST_PASSWORD,
        action=window.menu_actions.move_to_server,
    )
    read_and_close_the_message()
    qtbot.waitUntil(lambda: window.services is not local, timeout=30000)
    assert told and "copied to the partnership server" in told[0]
    assert {r.reference for r in window.services.reviews.list_reviews()} == reviews
    assert window.library.proxy.rowCount() == len(reviews)
    assert owner_sql.execute("SELECT count(*) FROM review").fetchone() == (len(reviews),)


def test_over_the_network_the_certificate_is_checked_and_a_wrong_one_told_kindly(
    window,
    qtbot,
    tls_cluster,  # noqa: F811
) -> None:
    """Against a cluster on 127.0.0.1 with TLS (tests/server/test_tls.py): the certificate
    authority chosen in the dialog decides; there is no switch to skip the check."""
    cluster, folder, port = tls_cluster
    local = window.services
    window.menu_actions.connect_server.trigger()
    dialog = window.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not [
        w for w in dialog.findChildren(QCheckBox) if "TLS" in w.text() or "encrypt" in w.text()
    ]
    for ca, told in (
        ("other-ca.pem", "could not confirm the server's identity"),
        # the right authority: signed in over TLS, to a database IT has not set up yet
        ("ca.pem", "has no ReviewDesk schema yet"),
    ):
        for field, text in (
            (dialog.host, "localhost"),
            (dialog.database, "postgres"),
            (dialog.account, "postgres"),
            (dialog.ca_file, str(folder / ca)),
        ):
            field.clear()
            qtbot.keyClicks(field, text)
        dialog.port.setValue(port)
        qtbot.keyClicks(dialog.password, cluster.password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda told=told: told in dialog.error.text(), timeout=15000)
        assert window.services is local
    dialog.reject()


def test_the_next_start_offers_the_remembered_server(
    qtbot, data_dir, pg_server, pg_database, server_reviews
) -> None:
    """Started again after signing in once: the laptop's library opens, then the sign-in
    dialog offers the same server, waiting only for the password."""
    import sys

    from reviewdesk.app import build_gui
    from reviewdesk.domain.partnership import ServerChoice
    from reviewdesk.domain.review import Profile
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.paths import resolve_paths

    paths = resolve_paths(data_dir)
    svc = open_services(paths, daily_backup=False)
    svc.profile.save(Profile("Ash Field", "Review lead", "Eastmere LSCP"))
    svc.close()
    AppSettings(paths.settings_file).server_choice = ServerChoice(
        host=str(pg_server.cluster.socket_dir),
        account="ash_lead",
        port=pg_server.cluster.port,
        database=pg_database,
    )
    _app, window = build_gui(str(data_dir), [sys.argv[0]])
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: (
            getattr(window, "sign_in_dialog", None) is not None
            and window.sign_in_dialog.isVisible()
        ),
        timeout=15000,
    )
    dialog = window.sign_in_dialog
    assert dialog.account.text() == "ash_lead" and dialog.database.text() == pg_database
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password, timeout=2000)
    local = window.services
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.services is not local, timeout=15000)
    assert [r.reference for r in window.services.reviews.list_reviews()] == ["LCSPR-2026-07"]
    assert window.services.profile.get().name == "Ash Field"  # carried over the first time
    window.close()
    window.services.close()
