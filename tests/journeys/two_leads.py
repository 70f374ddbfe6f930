"""What the two-lead journeys share (two leads signed in to one server, each in a main window,
working in the analysis window): signing in, opening a page of the analysis window at an item,
and typing over a box as a person does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def lead_signer(pg_server: Any, pg_database: str, opened: list[Any]) -> Any:
    """``sign_in(account)``: a lead account on the server and the services signed in as it
    (kept in ``opened``, for the test to close)."""
    from reviewdesk.services.bundle import Services
    from reviewdesk.store.server import open_server_store

    def sign_in(account: str) -> Any:
        pg_server.account(account, "lead")
        svc = Services.over(open_server_store(pg_server.args(pg_database, account), pool_size=2))
        opened.append(svc)
        return svc

    return sign_in


def item_page(qtbot: Any, window: Any, page: str, item_id: int) -> Any:
    """The analysis window by its menu, at the tab of the toolkit's ``page``, with the item
    clicked in its table."""
    window.menu_actions.lead_toolkit.trigger()
    lead = window.review_actions.lead_window
    qtbot.waitExposed(lead)
    shown = getattr(lead.toolkit, page)
    lead.toolkit.tabs.setCurrentWidget(shown)
    row = shown.model.row_of(item_id)
    rect = shown.table.visualRect(shown.model.index(row, 0))
    qtbot.mouseClick(shown.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.editing == item_id
    return shown


def retype(qtbot: Any, box: Any, words: str) -> None:
    """Go to the box's window, select what the box holds and type ``words`` over it."""
    box.window().activateWindow()
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, words)
