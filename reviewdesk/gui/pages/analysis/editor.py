"""The editing pattern every toolkit page shares: a table of items beside a form, with New, Save
and Delete…; deleting something that is cited asks first and keeps it as removed.

Nothing typed in the form is dropped without asking: moving to another row or to a new item
with changes not saved asks Save / Don't save / Cancel (:func:`ask_to_save`), and a refresh that
re-selects the row being edited keeps what is in the form.

An item that carries a version (a finding, a key practice episode, a recommendation, an action,
a decision: issue 22, point 5) is saved over the version the form was loaded from
(:attr:`EditorPage.version_seen`); when someone else saved it meanwhile the save overwrites
nothing and the edit-conflict dialog shows both texts (their text and the form's), to keep
theirs, keep mine or combine them. Pages with a version supply :meth:`main_text` and
:meth:`set_main_text`. A delete names the version too: when someone else changed the item since,
nothing is deleted, the message line says who, and the form shows their version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from reviewdesk.domain.errors import EditConflictError
from reviewdesk.gui.models.table import RowsModel
from reviewdesk.gui.pages.analysis.common import CheckList, LeadPage, select_id, selected_id

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_to_save(parent: QWidget, text: str) -> str:
    """Save / Don't save / Cancel, asked with a real message box (Save is the default, Esc is
    Cancel). Returns SAVE, DISCARD or CANCEL."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        parent.tr("Save your changes?"),
        text,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.button(QMessageBox.StandardButton.Save).setText(parent.tr("&Save"))
    box.button(QMessageBox.StandardButton.Discard).setText(parent.tr("&Don't save"))
    box.button(QMessageBox.StandardButton.Cancel).setText(parent.tr("Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


class EditorPage(LeadPage):
    """Subclasses build their form, call :meth:`editor_buttons`, and supply the hooks below."""

    model: RowsModel
    table: QTableView

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.editing: int | None = None
        self.texts = {"added": self.tr("Added."), "saved": self.tr("Saved."),
                      "delete": self.tr("Delete"), "item": self.tr("item")}  # fmt: skip
        self.form_box: QWidget | None = None
        self.not_in_form: set[QWidget] = set()  # form widgets that are not part of the item
        self._clean: tuple = ()
        self._moving = False  # the page itself is changing the selection
        self.version_seen = 0  # the version of the item the form was loaded from (0: none)
        self.conflict_dialog: QWidget | None = None  # open while a conflict is put to the person

    def editor_buttons(self, form: QFormLayout, box: QWidget, new: str, save: str) -> None:
        self.form_box = box
        self.new_button = QPushButton(new, box)
        self.save_button = QPushButton(save, box)
        self.delete_button = QPushButton(self.tr("De&lete…"), box)
        row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(button)
        form.addRow(row)
        self.table.selectionModel().selectionChanged.connect(self._load_selected)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)

    # --- hooks --------------------------------------------------------------------------------

    def load(self, item: Any) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def item_from_form(self) -> Any | None:
        """The item the form describes, or None (after saying why) when it cannot be read."""
        raise NotImplementedError

    def add(self, item: Any) -> Any:
        raise NotImplementedError

    def edit(self, item_id: int, item: Any) -> Any:
        raise NotImplementedError

    def delete_question(self, item_id: int) -> tuple[str, bool]:
        """What to ask before deleting, and whether the item is cited (then it is kept as
        removed)."""
        raise NotImplementedError

    def remove(self, item_id: int, cited: bool) -> Any:
        raise NotImplementedError

    def main_text(self) -> str:
        """The item's main text, as the form holds it (pages whose items carry a version)."""
        raise NotImplementedError

    def set_main_text(self, text: str) -> None:
        raise NotImplementedError

    # --- unsaved changes -----------------------------------------------------------------------

    def form_state(self) -> tuple:
        """What the form shows, to tell whether it changed since it was loaded or saved."""
        if self.form_box is None:
            return ()
        state: list[Any] = []
        for w in self.form_box.findChildren(QWidget):
            if w in self.not_in_form or isinstance(w.parent(), QComboBox):
                continue
            if isinstance(w, QLineEdit):
                state.append(w.text())
            elif isinstance(w, QPlainTextEdit):
                state.append(w.toPlainText())
            elif isinstance(w, QComboBox):
                state.append(w.currentText() if w.isEditable() else w.currentData())
            elif isinstance(w, QAbstractButton) and w.isCheckable():
                state.append(w.isChecked())
            elif isinstance(w, CheckList):
                state.append(tuple(sorted(map(str, w.checked()))))
            elif isinstance(w, QListWidget):
                state.append(tuple(w.item(i).text() for i in range(w.count())))
        return tuple(state)

    def mark_clean(self) -> None:
        self._clean = self.form_state()

    def is_dirty(self) -> bool:
        """Has the form been changed since it was loaded, cleared or saved?"""
        return self.form_state() != self._clean

    def unsaved_text(self) -> str:
        thing = self.texts["item"]
        if self.editing is None:
            return self.tr("You have started a new %s and not saved it. Save it?") % thing
        return self.tr("You have changed this %s and not saved it. Save your changes?") % thing

    def settle(self) -> bool:
        """Before the form is left: True when it may be (saved, discarded or unchanged), False
        when the person chose to stay or the save did not work (its message says why)."""
        if not self.is_dirty():
            return True
        choice = ask_to_save(self, self.unsaved_text())
        if choice == SAVE:
            return self.save_form()
        return choice == DISCARD

    def discard(self) -> None:
        """Put the form back as it was stored (the person chose not to save)."""
        if self.editing is not None and self.model.row_of(self.editing) >= 0:
            self._select_quietly(self.editing)
            self._show(self.editing)
        else:
            self.new_item()

    # --- the shared flow ----------------------------------------------------------------------

    def reselect(self) -> None:
        if self.editing is not None:
            select_id(self.table, self.model, self.editing)

    def _select_quietly(self, item_id: int | None) -> None:
        moving, self._moving = self._moving, True
        try:
            if item_id is None or not select_id(self.table, self.model, item_id):
                self.table.clearSelection()
        finally:
            self._moving = moving

    def _load_selected(self) -> None:
        if self._moving:
            return
        item_id = selected_id(self.table)
        if item_id is None:
            return
        if item_id == self.editing and self.is_dirty():
            return  # a refresh found the row being edited again: keep what is in the form
        if self.is_dirty():
            moving, self._moving = self._moving, True
            try:
                left = self.settle()
            finally:
                self._moving = moving
            if not left:
                self._select_quietly(self.editing)  # stay on the row being edited
                return
            self._select_quietly(item_id)  # a save read the table again
            if self.model.row_of(item_id) < 0:
                return
        self._show(item_id)

    def _show(self, item_id: int) -> None:
        self.editing = item_id
        item = self.model.row(self.model.row_of(item_id))
        self.version_seen = getattr(item, "version", 0)
        self.load(item)
        self.delete_button.setEnabled(True)
        self.mark_clean()

    def start_new(self) -> None:
        """The New button: asks first when the form holds changes not saved."""
        if self.settle():
            self.new_item()

    def new_item(self) -> None:
        self.editing = None
        self.version_seen = 0
        self._select_quietly(None)
        self.clear_form()
        self.delete_button.setEnabled(False)
        self.mark_clean()

    def save(self) -> None:
        self.save_form()

    def save_form(self) -> bool:
        """Save what the form holds; False (and the form kept) when it could not be."""
        item = self.item_from_form()
        if item is None:
            return False
        editing = self.editing
        if editing is None:
            saved = self.attempt(lambda: self.add(item), self.texts["added"])
        else:
            saved = self.attempt(lambda: self._edit_or_ask(editing, item), self.texts["saved"])
        if saved is None:
            return False
        self.editing = saved.id
        self.version_seen = getattr(saved, "version", 0)
        self.mark_clean()
        self.refresh()
        self.after_save(saved)
        return True

    def after_save(self, saved: Any) -> None:
        """Called once a save has been read back (pages may show more)."""

    # --- someone else saved the same item meanwhile (issue 22, point 5) -----------------------

    def _edit_or_ask(self, item_id: int, item: Any) -> Any:
        try:
            return self.edit(item_id, item)
        except EditConflictError as exc:  # nothing overwritten: both are kept in its history
            QTimer.singleShot(0, self, lambda e=exc, i=item_id: self._ask_which(e, i))
            raise  # the message line says so; the form keeps what was typed

    def _ask_which(self, exc: EditConflictError, item_id: int) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog

        if self.conflict_dialog is not None or item_id != self.editing:
            return
        what = self.tr("this %s") % self.texts["item"]
        dialog = EditConflictDialog(exc.conflict, (self.main_text(), ""), what, self.window())
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog, i=item_id: self._settled(d, i))
        dialog.open()

    def _settled(self, dialog: Any, item_id: int) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import THEIRS

        self.conflict_dialog = None
        dialog.deleteLater()
        if item_id != self.editing:
            return
        if not dialog.choice:
            self.say(
                self.tr(
                    "Your changes stay in the form. You will be asked again when you save; "
                    "both versions are kept in the history."
                )
            )
            return
        self.version_seen = dialog.conflict.their_version
        if dialog.choice == THEIRS:
            self.refresh()
            if self.model.row_of(item_id) >= 0:
                self._select_quietly(item_id)
                self._show(item_id)  # the stored version, in the form
            self.say(self.tr("Their version is kept; yours is in the history."))
            return
        self.set_main_text(dialog.text)
        if self.save_form():
            self.say(
                self.tr("Your version is kept; theirs is in the history.")
                if dialog.choice == "mine"
                else self.tr("The combined text is kept; both versions are in the history.")
            )

    def _remove_or_keep(self, item_id: int, cited: bool) -> Any:
        """Delete, unless someone else changed the item since the form was loaded: then nothing
        is deleted (the message line says who changed it) and their version is shown."""
        try:
            return self.remove(item_id, cited)
        except EditConflictError:
            QTimer.singleShot(0, self, lambda i=item_id: self._show_kept(i))
            raise

    def _show_kept(self, item_id: int) -> None:
        """A delete refused because someone else changed the item: the stored version in the
        form, so the person sees their change (unless the form holds changes not saved: those
        stay, and saving them asks which to keep)."""
        if item_id != self.editing:
            return
        self.refresh()
        if not self.is_dirty() and self.model.row_of(item_id) >= 0:
            self._select_quietly(item_id)
            self._show(item_id)

    def heard(self, notice: dict[str, Any]) -> None:
        """Another lead saved an item of this page (a notice from the server, gui/live.py):
        when it is the one being edited here with changes not saved, a quiet word; the form is
        left alone, and its save asks which to keep."""
        version = notice.get("version")
        if notice.get("item") != self.editing or not isinstance(version, int):
            return
        if version <= self.version_seen or not self.is_dirty():
            return
        who = str(notice.get("by") or "") or self.tr("someone else")
        self.say(
            self.tr(
                "%s changed this %s while you were editing it. Your changes stay in the form; "
                "when you save, you will be asked which to keep."
            )
            % (who, self.texts["item"])
        )

    def delete(self) -> None:
        if self.editing is None:
            return
        item_id = self.editing
        question, cited = self.delete_question(item_id)
        if not self.confirm(self, self.texts["delete"], question):
            return
        outcome = self.attempt(lambda: self._remove_or_keep(item_id, cited))
        if outcome is not None:
            self.say(self.tr(outcome.message))
            self.new_item()
            self.refresh()
