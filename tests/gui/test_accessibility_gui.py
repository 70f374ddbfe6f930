"""Walk every screen: any focusable input without a visible label or an accessible name fails."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.domain.review import Profile
from reviewdesk.gui.dialogs.help import AboutDialog, ShortcutsDialog
from reviewdesk.gui.dialogs.profile import ProfileDialog
from reviewdesk.gui.dialogs.unsaved import UnsavedDialog
from reviewdesk.gui.menus import shortcut_rows
from tests.gui.a11y import unlabelled_inputs


def check(widget, where: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    problems = unlabelled_inputs(widget)
    assert not problems, f"{where}: inputs without a label or accessible name:\n" + "\n".join(
        problems
    )
    seen.append(where)


def test_every_screen_names_every_input(make_window, services, qtbot) -> None:
    seen: list[str] = []
    window = make_window(services)  # no profile yet: the first-run welcome
    qtbot.waitUntil(lambda: window.welcome is not None and window.welcome.isVisible())
    check(window.welcome, "welcome", seen)
    window.welcome.name.setText("Sam Carter")
    window.welcome.accept()
    check(window, "library (empty)", seen)
    services.exchange.add_demo()
    window.library.refresh()
    check(window, "library", seen)

    window.new_review()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    wizard.form.date_fields["incident"].line.setText("14/02/2026")
    wizard.form.date_fields["notification"].line.setText("10/02/2026")
    wizard.form.check()  # shows every message, cautions with their check boxes
    wizard.form.child_rows.add_row("Child A", "2 months")
    wizard.form.household.add_row("Mother", "")
    for step in range(len(wizard.STEPS)):
        wizard._go(step)
        check(wizard, f"wizard step {step + 1}", seen)
    wizard.done(0)

    summary = services.reviews.list_reviews()[0]
    window.edit_record(summary.id)
    dialog = window.record_dialog
    qtbot.waitUntil(dialog.isVisible)
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        check(dialog, f"case record tab {tab + 1}", seen)
    dialog.done(0)

    window.open_review(summary.id)
    ws = window.workspace
    for compare in (0, 1):
        ws.compare.setCurrentIndex(compare)
        for index in range(ws.summary_index + 1):
            ws.go(index)
            check(window, f"workspace page {index} (compare {compare})", seen)
    ws.show_find("carer")
    ws.banner.show_failure("The disk is full, so there is no room to save.", 2000)
    check(window, "workspace with find bar and banner", seen)

    for dialog in (
        ProfileDialog(Profile("Sam"), lambda p: p, "/data", first_run=False, parent=window),
        AboutDialog("/data", "environment", ["Framework"], lambda: None, window),
        ShortcutsDialog(shortcut_rows(window, window.menu_actions), window),
        UnsavedDialog("The disk is full.", ["Your answer to prompt 1"], window),
        *_review_dialogs(services, summary.id, window),
    ):
        dialog.show()
        check(dialog, type(dialog).__name__, seen)
        dialog.close()
    assert len(seen) >= 40  # every screen above was really walked


def _review_dialogs(services, review_id: int, parent):  # type: ignore[no-untyped-def]
    """The dialogs reached from the Review and File menus, each built as the menus build it."""
    from reviewdesk.gui.dialogs.audit_dialog import AuditDialog
    from reviewdesk.gui.dialogs.dashboard import DashboardWindow, ReviewsBehindDialog
    from reviewdesk.gui.dialogs.exchange_dialogs import (
        ContributionsDialog,
        ReturnContributionDialog,
        SendPackDialog,
    )
    from reviewdesk.gui.dialogs.export_dialog import ExportDialog
    from reviewdesk.gui.dialogs.lead_window import LeadToolkitWindow
    from reviewdesk.gui.dialogs.learning_report import LearningReportDialog
    from reviewdesk.gui.dialogs.library_settings import DeletionLogDialog, LibrarySettingsDialog
    from reviewdesk.gui.dialogs.name_key import NameKeyDialog
    from reviewdesk.gui.dialogs.publication_check import PublicationCheckDialog
    from reviewdesk.gui.dialogs.search import SearchWindow

    search = SearchWindow(services, parent)
    search.box.setText("carer")
    search.search_now()  # with results shown
    search.wait_for_results()
    assert search.results is not None and search.results.count > 0

    return [
        ExportDialog(services, review_id, parent),
        SendPackDialog(services, review_id, parent),
        ReturnContributionDialog(services, review_id, parent),
        ContributionsDialog(services, review_id, parent),
        NameKeyDialog(services, review_id, parent),
        PublicationCheckDialog(services, review_id, None, parent),
        LeadToolkitWindow(services, review_id, parent),
        AuditDialog(services, parent),
        DashboardWindow(services, parent),
        ReviewsBehindDialog(services, _all_reviews(services), "Reviews", parent),
        LearningReportDialog(services, parent),
        LibrarySettingsDialog(services, parent),
        DeletionLogDialog(services, parent),
        search,
    ]


def _all_reviews(services):  # type: ignore[no-untyped-def]
    from reviewdesk.domain.dashboard import Figure

    ids = tuple(r.id for r in services.reviews.list_reviews())
    return Figure("reviews", "Reviews", len(ids), ids)


def test_tab_moves_through_a_theme_in_reading_order(demo_window, qtbot) -> None:
    window = demo_window
    ws = window.workspace
    ws.go(2)
    page = ws.theme_pages[1]
    page.why.button.setFocus()
    order = []
    for _ in range(100):  # version 2: 13 prompts here, three stops each
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
        if QApplication.focusWidget() is page.key_learning:
            break
    expected = []
    for card in page.cards:
        expected += [card.editor, card.evidence]
    fields = [w for w in order if w in expected]
    assert fields == expected  # each answer, then its evidence, prompt after prompt
    rating = [w for w in order if w in page.relevance.buttons.values()]
    assert rating and order.index(rating[0]) > order.index(page.cards[-1].evidence)
    assert order[-1] is page.key_learning


def test_the_check_itself_catches_an_unnamed_field(qtbot) -> None:
    from PySide6.QtWidgets import (
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QToolButton,
        QVBoxLayout,
        QWidget,
    )

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    bare, named, labelled = QLineEdit(), QPlainTextEdit(), QLineEdit()
    icon_only = QToolButton()
    named.setAccessibleName("Notes")
    caption = QLabel("&Reference")
    caption.setBuddy(labelled)
    for w in (bare, named, caption, labelled, icon_only):
        layout.addWidget(w)
    holder.show()
    problems = unlabelled_inputs(holder)
    assert len(problems) == 2
    assert problems[0].startswith("QLineEdit") and problems[1].startswith("QToolButton")
