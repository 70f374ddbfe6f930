"""On a server the menus follow the signed-in account's role (issue 22): a contributor does not
see the lead's tools, even on a laptop whose work mode says "lead"; a lead does. The database
enforces the roles either way (tests/server/test_permissions.py).

Needs PostgreSQL (tests/pg.py); skipped without it, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

from pathlib import Path

from tests.journeys.test_partnership_on_server import _window


def test_a_contributor_on_a_server_does_not_see_the_lead_s_tools(
    qtbot, pg_server, pg_database, tmp_path: Path
) -> None:
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    opened, windows = [], []
    try:
        for account, kind in (("kit_moor", "contributor"), ("sam_field", "lead")):
            pg_server.account(account, kind)
            svc = Services.over(open_server_store(pg_server.args(pg_database, account)))
            opened.append(svc)
            window = _window(qtbot, svc, tmp_path / account)
            windows.append(window)
            assert window.settings.work_mode in ("", "lead")  # this laptop would show a lead's
        kit, sam = windows
        assert not kit.governance.is_lead and sam.governance.is_lead
        assert not kit.menu_actions.lead_toolkit.isVisible()
        assert not kit.menu_actions.learning_menu.menuAction().isVisible()
        assert not kit.library.new_button.isVisible()
        assert sam.menu_actions.lead_toolkit.isVisible()
        assert sam.library.new_button.isVisible()
    finally:
        for w in windows:
            w.live_changes.stop()
            w.autosaver.stop()
            w.hide()
        for svc in opened:
            svc.close()
