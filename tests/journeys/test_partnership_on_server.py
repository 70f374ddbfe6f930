"""Journey 8 (issue 22's done-when): two leads and a contributor, on three connections to one
server, work on one review at once through their windows.

Each person has a main window of their own, signed in with their own database account (three
services over :func:`open_server_store`, as the app holds them once signed in; the sign-in
dialog is another part of issue 22), and a data folder of their own (settings, drafts). IT's
part (accounts, the review's invitations) is done beforehand as IT and the lead would.

- Kit (contributor) writes; Sam (lead) writes in the review team's joint entry, which Sam gave
  both leads' accounts (each lead otherwise gets an entry of their own); Ash (the second lead)
  sees Sam's words appear there without a restart (LISTEN/NOTIFY).
- Ash and Sam write the same answer at once: Ash's window shows a quiet note while Ash types,
  and Ash's save opens the conflict dialog; Ash combines the texts by keyboard. Both texts are in
  the history, the combined one is stored, and Sam's window shows it.
- The server goes down (the cluster is really stopped) while Kit types: the words stay in the
  editor and in a private draft file, Kit is told calmly, and once the server is back the words
  are saved and the draft removed.
- At the end, as the database's owner: the stored answers, and an audit trail whose chain
  verifies and names each account.

Needs PostgreSQL (tests/pg.py); skipped without it, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import stat
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt

from reviewdesk.domain.review import Profile
from tests.pg import OWNER

ALT = Qt.KeyboardModifier.AltModifier
LEAD_A, LEAD_B, KIT = "sam_field", "ash_rowe", "kit_moor"


def _window(qtbot, services, folder: Path):  # type: ignore[no-untyped-def]
    """A person's main window over their own signed-in services, with their own data folder
    (a small test helper until the app's sign-in dialog opens one)."""
    from PySide6.QtWidgets import QApplication

    from reviewdesk.gui.main_window import MainWindow
    from reviewdesk.gui.settings import AppSettings
    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths

    folder.mkdir(parents=True, exist_ok=True)
    paths = resolve_paths(folder)
    appearance = Appearance(QApplication.instance(), 1.0, "light")
    appearance.apply()
    window = MainWindow(paths, AppSettings(paths.settings_file), appearance)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.attach(services)
    return window


def _open(qtbot, window, review_id: int) -> None:  # type: ignore[no-untyped-def]
    """Open the review from the library list, by keyboard."""
    window.library.select(review_id)
    window.library.table.setFocus()
    qtbot.keyClick(window.library.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)


def _card(window, theme: int, prompt: int):  # type: ignore[no-untyped-def]
    window.workspace.go(theme + 1)
    return window.workspace.theme_pages[theme].cards[prompt]


def _type(qtbot, window, card, words: str) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    card.editor.setFocus()
    card.editor.moveCursor(card.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.editor, words)


def _save(window) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.save_now.trigger()


@pytest.mark.slow
def test_two_leads_and_a_contributor_work_on_one_review_at_once(
    qtbot, pg_server, pg_database, record, tmp_path: Path
) -> None:
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    opened = []

    def sign_in(account: str, kind: str):  # type: ignore[no-untyped-def]
        pg_server.account(account, kind)
        svc = Services.over(open_server_store(pg_server.args(pg_database, account), pool_size=2))
        opened.append(svc)
        return svc

    def owner_sql(sql: str, *params: object) -> list[tuple]:
        with psycopg.connect(**pg_server.args(pg_database, OWNER)) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    windows = []
    try:
        # --- beforehand: Sam starts the review, invites Ash (lead) and Kit (contributor) ---
        sam = sign_in(LEAD_A, "lead")
        sam.profile.save(Profile("Sam Field", "Review lead", "Northvale Partnership"))
        review = sam.reviews.create(record)
        kit_entry = sam.reviews.add_contributor(review.id, "Kit Moor", "School nurse", "Health")
        team = sam.reviews.add_contributor(
            review.id, "Review team", "Review leads", "Northvale Partnership"
        )
        with psycopg.connect(**pg_server.args(pg_database, LEAD_A), autocommit=True) as conn:
            conn.execute(
                "INSERT INTO review_member VALUES (%s, %s, 'lead', NULL)", (review.id, LEAD_B)
            )
            for lead in (LEAD_A, LEAD_B):  # both leads write the team's joint reflections
                conn.execute(
                    "INSERT INTO review_member VALUES (%s, %s, 'contributor', %s)",
                    (review.id, lead, team.id),
                )
            conn.execute(
                "INSERT INTO review_member VALUES (%s, %s, 'contributor', %s)",
                (review.id, KIT, kit_entry.id),
            )
        ash = sign_in(LEAD_B, "lead")
        kit = sign_in(KIT, "contributor")

        # --- three windows, three connections, one review ---
        sam_w = _window(qtbot, sam, tmp_path / "sam")
        ash_w = _window(qtbot, ash, tmp_path / "ash")
        kit_w = _window(qtbot, kit, tmp_path / "kit")
        windows += [sam_w, ash_w, kit_w]
        for w in windows:
            _open(qtbot, w, review.id)
            qtbot.waitUntil(w.live_changes.listener.connected.is_set, timeout=30_000)
        assert kit_w.workspace.me.id == kit_entry.id  # Kit writes as the invited entry
        assert sam_w.workspace.me.id == ash_w.workspace.me.id == team.id  # the joint entry
        assert sam_w.workspace.me.name == "Review team"  # not renamed after whoever opened it

        # Kit writes an answer of her own.
        kit_card = _card(kit_w, 0, 0)
        _type(qtbot, kit_w, kit_card, "I saw the bruise on 3 March and told the lead.")
        _save(kit_w)
        qtbot.waitUntil(lambda: kit_w.save_state.value == "saved", timeout=30_000)

        # Sam writes; Ash, not editing that answer, sees it without a restart.
        sam_first = _card(sam_w, 0, 0)
        ash_first = _card(ash_w, 0, 0)
        _type(qtbot, sam_w, sam_first, "The strategy meeting had no health voice.")
        _save(sam_w)
        qtbot.waitUntil(
            lambda: ash_first.editor.toPlainText() == "The strategy meeting had no health voice.",
            timeout=30_000,
        )
        assert LEAD_A in ash_first.changed_note.text()

        # --- a conflicting edit: Ash and Sam write prompt 2 at once; Sam saves first ---
        ash_second = _card(ash_w, 0, 1)
        sam_second = _card(sam_w, 0, 1)
        # Ash is mid-sentence throughout (her pause for the autosave never comes while Sam
        # types and saves: on a loaded machine Sam's typing alone outlasts the 1 s pause).
        ash_w.autosaver.set_delay(120_000)
        _type(qtbot, ash_w, ash_second, "Ash: the GP was never invited.")
        _type(qtbot, sam_w, sam_second, "Sam: the referral was closed too soon.")
        _save(sam_w)
        qtbot.waitUntil(lambda: sam_w.save_state.value == "saved", timeout=30_000)

        # Ash is still writing: a quiet note, the editor left alone.
        def noted() -> str:
            note = getattr(ash_second, "changed_note", None)
            return "" if note is None else note.text()

        qtbot.waitUntil(
            lambda: LEAD_A in noted() and "while you were writing" in noted(), timeout=30_000
        )
        assert ash_second.editor.toPlainText() == "Ash: the GP was never invited."
        ash_w.activateWindow()
        _save(ash_w)
        sync = ash_w.workspace.sync
        qtbot.waitUntil(lambda: sync.conflict_dialog is not None, timeout=30_000)
        dialog = sync.conflict_dialog
        qtbot.waitExposed(dialog)
        assert dialog.heading.text() == "Someone else changed this answer while you were writing"
        assert dialog.theirs_pane.toPlainText() == "Sam: the referral was closed too soon."
        assert dialog.mine_pane.toPlainText() == "Ash: the GP was never invited."
        assert LEAD_A in dialog.explanation.text()
        combined = "Sam: the referral was closed too soon.\n\nAsh: the GP was never invited."
        assert dialog.combined.toPlainText() == combined
        qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)  # Keep the combined text
        prompt = sam_second.prompt.id
        lead_entry = sam_w.workspace.me.id
        qtbot.waitUntil(
            lambda: sam.reviews.answer(lead_entry, prompt).text == combined, timeout=30_000
        )
        history = [(h.kind, h.text) for h in sam.reviews.answer_history(lead_entry, prompt)]
        assert history == [
            ("theirs", "Sam: the referral was closed too soon."),
            ("yours", "Ash: the GP was never invited."),
        ]
        # Sam's window, not editing it any more, shows the combined text.
        qtbot.waitUntil(lambda: sam_second.editor.toPlainText() == combined, timeout=30_000)

        # --- the server goes down while Kit writes ---
        kit_w.activateWindow()
        pg_server.cluster.halt()
        try:
            _type(qtbot, kit_w, kit_card, " Then I rang the health visitor.")
            _save(kit_w)
            banner = kit_w.workspace.banner
            qtbot.waitUntil(banner.isVisible, timeout=30_000)
            assert "connection to the server was lost" in banner.text.text()
            assert "nothing you typed has been lost" in banner.text.text()
            typed = "I saw the bruise on 3 March and told the lead. Then I rang the health visitor."
            assert kit_card.editor.toPlainText() == typed
            drafts = list((tmp_path / "kit" / "drafts").rglob("*.json"))
            assert len(drafts) == 1 and typed in drafts[0].read_text("utf-8")
            assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600
        finally:
            pg_server.cluster.resume()
        # Back: saved at the next try (here "Try again now", as Kit would), the draft removed.
        qtbot.mouseClick(banner.retry, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=30_000)
        qtbot.waitUntil(lambda: not list((tmp_path / "kit" / "drafts").rglob("*.json")))

        # --- the far end, as the database's owner ---
        stored = dict(owner_sql("SELECT contributor_id || ':' || prompt_id, text FROM answer"))
        assert stored[f"{kit_entry.id}:{kit_card.prompt.id}"] == typed
        assert stored[f"{lead_entry}:{prompt}"] == combined, owner_sql(
            "SELECT version, updated_by, text FROM answer WHERE prompt_id = %s", prompt
        ) + owner_sql("SELECT seq, who, action, what FROM audit_log ORDER BY seq")
        who = {w for (w,) in owner_sql("SELECT DISTINCT who FROM audit_log")}
        assert {LEAD_A, LEAD_B, KIT} <= who
        assert sam.audit.verify().ok
    finally:
        for w in windows:  # nothing may wait for a person at teardown (a failed test reports)
            if w.workspace is not None:
                if w.workspace.sync.conflict_dialog is not None:
                    w.workspace.sync.conflict_dialog.done(0)
                w.autosaver.finish(5)
                w.autosaver.clear()
            w.live_changes.stop()
            w.autosaver.stop()
            w.hide()
        for svc in opened:
            svc.close()
