"""The menu bar and every action in it, each with its keyboard shortcut."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from reviewdesk.gui.icons import icon

if TYPE_CHECKING:
    from reviewdesk.gui.main_window import MainWindow

Key = QKeySequence.StandardKey


class Actions:
    """Every action of the main window, by name. A plain class rather than a dataclass: making
    a dataclass of these fields costs a few milliseconds at start-up, before the first paint."""

    new: QAction
    open: QAction
    import_: QAction
    export: QAction
    connect_server: QAction
    move_to_server: QAction
    save_now: QAction
    details: QAction
    data_folder: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    larger: QAction
    smaller: QAction
    reset_size: QAction
    notes: QAction
    overview: QAction
    previous_theme: QAction
    next_theme: QAction
    summary: QAction
    unanswered: QAction
    compare: QAction
    case_record: QAction
    focus_notes: QAction
    library: QAction
    shortcuts: QAction
    about: QAction
    audit: QAction
    library_settings: QAction
    lock: QAction
    send_pack: QAction
    return_contribution: QAction
    contributions: QAction
    lead_toolkit: QAction
    name_key: QAction
    dashboard: QAction
    learning_report: QAction
    search: QAction
    due: QAction
    dpo: QAction
    learning_menu: QMenu
    rapid_review: QAction
    review_menu: QMenu
    go_to: list[QAction]

    def __init__(self, **actions: QAction | QMenu | list[QAction]) -> None:
        wanted, given = set(Actions.__annotations__), set(actions)
        if given != wanted:
            raise TypeError(f"Actions: missing {wanted - given}, unknown {given - wanted}")
        self.__dict__.update(actions)

    def review_actions(self) -> list[QAction]:
        """The actions that need an open review."""
        return [
            self.overview,
            self.previous_theme,
            self.next_theme,
            self.summary,
            self.unanswered,
            self.compare,
            self.case_record,
            self.send_pack,
            self.return_contribution,
            self.contributions,
            self.lead_toolkit,
            self.name_key,
            self.rapid_review,
            self.focus_notes,
            self.library,
            self.find,
            self.find_next,
            self.find_previous,
            self.save_now,
            *self.go_to,
        ]


def _action(
    window: QMainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    keys: QKeySequence | Key | str | list[QKeySequence | str] | None = None,
    icon_name: str = "",
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    # setShortcuts with a list, and no copy of a QKeySequence: setShortcut (and QKeySequence's
    # copy) weigh overloads that take Qt's keys, whose namespace costs about 15 ms to build
    # before the first paint (widgets/basics.py).
    if keys is not None:
        given = keys if isinstance(keys, list) else [keys]
        action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in given])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)  # shortcuts work wherever the focus is
    return action


def _partnership() -> ModuleType:
    from reviewdesk.gui import partnership  # loaded when first used, not at start-up

    return partnership


def build_menus(w: MainWindow) -> Actions:
    """Create the menus of main window ``w`` (whose methods the actions call, with those that
    open the review's windows and dialogs on ``w.review_actions``, gui/review_dialogs.py)."""
    tr = w.tr
    r = w.review_actions
    bar = w.menuBar()
    file = bar.addMenu(tr("&File"))
    new = _action(w, file, tr("&New review..."), w.new_review, Key.New, "new")
    open_ = _action(
        w,
        file,
        tr("&Open a review..."),
        w.show_library_to_open,
        Key.Open,
        "open",
        tr("Go to the library to choose a review"),
    )
    import_ = _action(w, file, tr("&Import a review..."), r.import_review, "Ctrl+I", "import")
    export = _action(w, file, tr("&Export..."), w.request_export, "Ctrl+E", "export")
    file.addSeparator()
    connect_server = _action(  # partnership mode (issue 22): gui/partnership.py
        w,
        file,
        tr("&Connect to a partnership server..."),
        lambda: _partnership().connect_to_server(w),
        None,
        "",
        tr("Sign in to the reviews your partnership keeps on its shared server"),
    )
    move_to_server = _action(
        w,
        file,
        tr("&Move this library to the partnership server..."),
        lambda: _partnership().move_library_to_server(w),
        None,
        "",
        tr("Copy every review in this library to the partnership server"),
    )
    file.addSeparator()
    save_now = _action(
        w,
        file,
        tr("&Save now"),
        w.save_now,
        Key.Save,
        "saved",
        tr("Your writing saves itself; this saves this moment"),
    )
    details = _action(w, file, tr("Your &details..."), w.edit_details, None, "user")
    data_folder = _action(w, file, tr("Show the data &folder"), w.show_data_folder, None, "folder")
    audit = _action(
        w,
        file,
        tr("&Audit trail..."),
        r.show_audit,
        None,
        "",
        tr("Who changed what, and when (never the words anyone wrote)"),
    )
    library_settings = _action(
        w,
        file,
        tr("Li&brary settings..."),
        r.show_library_settings,
        None,
        "",
        tr("Encryption, the default protective marking, the idle lock and retention dates"),
    )
    lock = _action(
        w,
        file,
        tr("&Lock ReviewDesk now"),
        w.lock_now,
        "Ctrl+Shift+L",
        "lock",
        tr("Hide your work until you come back"),
    )
    file.addSeparator()
    quit_ = _action(w, file, tr("&Quit"), w.close, Key.Quit)

    edit = bar.addMenu(tr("&Edit"))
    undo = _action(w, edit, tr("&Undo"), w.undo, Key.Undo)
    redo = _action(w, edit, tr("&Redo"), w.redo, [QKeySequence(Key.Redo), "Ctrl+Y"])
    edit.addSeparator()
    find = _action(w, edit, tr("&Find in this review..."), w.find, Key.Find, "find")
    find_next = _action(w, edit, tr("Find &next"), w.find_next, "F3")
    find_previous = _action(w, edit, tr("Find &previous"), w.find_previous, "Shift+F3")

    view = bar.addMenu(tr("&View"))
    larger = _action(
        w, view, tr("&Larger text"), w.text_larger, [QKeySequence(Key.ZoomIn), "Ctrl+="]
    )
    smaller = _action(w, view, tr("&Smaller text"), w.text_smaller, Key.ZoomOut)
    reset_size = _action(w, view, tr("&Reset text size"), w.text_reset, "Ctrl+0", "text-size")
    view.addSeparator()
    notes = _action(w, view, tr("Show &private notes"), w.toggle_notes)
    notes.setCheckable(True)

    review = bar.addMenu(tr("&Review"))
    overview = _action(w, review, tr("&Overview"), lambda: w.go_to(0), "Ctrl+1", "overview")
    previous_theme = _action(
        w, review, tr("&Previous theme"), w.previous_theme, "Ctrl+PgUp", "prev"
    )
    next_theme = _action(w, review, tr("&Next theme"), w.next_theme, "Ctrl+PgDown", "next")
    summary = _action(w, review, tr("&Summary"), w.go_to_summary, "Ctrl+9", "summary")
    go_menu = review.addMenu(tr("&Go to theme"))
    unanswered = _action(
        w, review, tr("First &unanswered prompt"), w.jump_to_unanswered, "Ctrl+J", "jump"
    )
    review.addSeparator()
    compare = _action(
        w,
        review,
        tr("&Read another contributor's answers..."),
        w.focus_compare,
        "Ctrl+Shift+C",
        "compare",
    )
    focus_notes = _action(
        w, review, tr("&Write a private note"), w.focus_notes, "Ctrl+Shift+N", "lock"
    )
    case_record = _action(
        w, review, tr("&Case record..."), w.edit_open_record, "Ctrl+Shift+E", "edit"
    )
    review.addSeparator()
    lead_toolkit = _action(
        w,
        review,
        tr("&Analysis: chronology, episodes, findings, actions..."),
        r.show_lead_toolkit,
        "Ctrl+Shift+A",
        "",
        tr("The review lead's chronology, timeline, findings and action plan"),
    )
    name_key = _action(
        w,
        review,
        tr("Name &key (real names and pseudonyms)..."),
        r.show_name_key,
        None,
        "",
        tr("Real names are replaced by pseudonyms or roles in every document"),
    )
    rapid_review = _action(
        w,
        review,
        tr("Rapid re&view for the Panel (Word)..."),
        r.show_rapid_review,
        None,
        "",
        tr("The rapid review in the Panel's template, prefilled from this review, to edit"),
    )
    send_pack = _action(
        w,
        review,
        tr("Sen&d to a contributor..."),
        r.send_pack,
        None,
        "",
        tr("Make an encrypted case pack for one practitioner"),
    )
    return_contribution = _action(
        w,
        review,
        tr("Return &my contribution..."),
        r.return_contribution,
        None,
        "",
        tr("Write your reflections to an encrypted file for the review lead"),
    )
    contributions = _action(w, review, tr("Contr&ibutions received..."), r.show_contributions, None)
    review.addSeparator()
    library = _action(w, review, tr("Back to the &library"), w.back_to_library, "Ctrl+L", "back")

    learning = bar.addMenu(tr("&Learning"))
    search = _action(
        w,
        learning,
        tr("&Search all reviews..."),
        r.show_search,
        "Ctrl+Shift+F",
        "find",
        tr("Find words in every review's answers, key learning and analysis"),
    )
    dashboard = _action(
        w,
        learning,
        tr("&Theme dashboard..."),
        r.show_dashboard,
        "Ctrl+Shift+D",
        "",
        tr("Which themes keep coming back across a period's reviews"),
    )
    learning_report = _action(
        w,
        learning,
        tr("&Learning report..."),
        r.show_learning_report,
        None,
        "",
        tr("The yearly learning report as PDF, Word or CSV"),
    )
    due = _action(
        w,
        learning,
        tr("D&ue and overdue..."),
        r.show_due,
        None,
        "",
        tr("What each review must do next, and by when, in working days"),
    )

    help_ = bar.addMenu(tr("&Help"))
    shortcuts = _action(
        w, help_, tr("&Keyboard shortcuts"), w.show_shortcuts, Key.HelpContents, "keyboard"
    )
    about = _action(w, help_, tr("&About ReviewDesk"), w.show_about, None, "info")
    dpo = _action(
        w,
        help_,
        tr("For your &data protection officer..."),
        w.governance.export_for_dpo,
        None,
        "",
        tr("What ReviewDesk stores, where, and how it is protected, as a PDF"),
    )

    return Actions(
        new=new,
        open=open_,
        import_=import_,
        export=export,
        connect_server=connect_server,
        move_to_server=move_to_server,
        save_now=save_now,
        details=details,
        data_folder=data_folder,
        quit=quit_,
        undo=undo,
        redo=redo,
        find=find,
        find_next=find_next,
        find_previous=find_previous,
        larger=larger,
        smaller=smaller,
        reset_size=reset_size,
        notes=notes,
        overview=overview,
        previous_theme=previous_theme,
        next_theme=next_theme,
        summary=summary,
        unanswered=unanswered,
        compare=compare,
        case_record=case_record,
        focus_notes=focus_notes,
        library=library,
        shortcuts=shortcuts,
        about=about,
        audit=audit,
        library_settings=library_settings,
        lock=lock,
        send_pack=send_pack,
        return_contribution=return_contribution,
        contributions=contributions,
        lead_toolkit=lead_toolkit,
        name_key=name_key,
        dashboard=dashboard,
        learning_report=learning_report,
        search=search,
        due=due,
        dpo=dpo,
        learning_menu=learning,
        rapid_review=rapid_review,
        review_menu=go_menu,
        go_to=[],
    )


def fill_theme_menu(w: MainWindow, actions: Actions, titles: list[str]) -> None:
    """One entry per theme of the open review: Ctrl+2 for the first theme, and so on."""
    for action in actions.go_to:
        actions.review_menu.removeAction(action)
        w.removeAction(action)
        action.deleteLater()
    actions.go_to = []
    for i, title in enumerate(titles):
        keys = f"Ctrl+{i + 2}" if i + 2 <= 8 else None
        action = _action(
            w, actions.review_menu, f"&{i + 1}  {title}", partial(w.go_to, i + 1), keys
        )
        actions.go_to.append(action)


def shortcut_rows(w: QMainWindow, actions: Actions) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut, then keys that are not actions."""
    rows: list[tuple[str, str, str]] = []
    for menu_action in w.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):  # None: an action of the bar itself
            continue
        where = menu_action.text().replace("&", "")
        for action in _walk(menu):
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            if keys:
                rows.append((where, action.text().replace("&", "").strip(), keys))
    tr = w.tr
    rows += [
        (tr("Anywhere"), tr("Move to the next or previous field"), "Tab, Shift+Tab"),
        (tr("Anywhere"), tr("Press the button with the underlined letter"), "Alt+letter"),
        (tr("Library"), tr("Open the selected review"), "Enter"),
        (tr("Find"), tr("Next match, previous match, close"), "Enter, Shift+Enter, Esc"),
        (tr("Dates"), tr("Choose a date from a calendar"), "Alt+Down"),
        (tr("Relevance"), tr("Choose the next or previous rating"), "Arrow keys"),
    ]
    return rows


def _walk(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        submenu = action.menu()  # a QMenu or None (PySide6's stubs say QObject)
        if isinstance(submenu, QMenu):
            found += _walk(submenu)
        elif not action.isSeparator():
            found.append(action)
    return found
