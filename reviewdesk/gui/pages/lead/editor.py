"""The editing pattern every toolkit page shares: a table of items beside a form, with New, Save
and Delete…; deleting something that is cited asks first and keeps it as removed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QTableView, QWidget

from reviewdesk.gui.models.table import RowsModel
from reviewdesk.gui.pages.lead.common import LeadPage, select_id, selected_id


class EditorPage(LeadPage):
    """Subclasses build their form, call :meth:`editor_buttons`, and supply the hooks below."""

    model: RowsModel
    table: QTableView

    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(services, review_id, parent)
        self.editing: int | None = None
        self.texts = {"added": self.tr("Added."), "saved": self.tr("Saved."),
                      "delete": self.tr("Delete")}  # fmt: skip

    def editor_buttons(self, form: QFormLayout, box: QWidget, new: str, save: str) -> None:
        self.new_button = QPushButton(new, box)
        self.save_button = QPushButton(save, box)
        self.delete_button = QPushButton(self.tr("De&lete…"), box)
        row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(button)
        form.addRow(row)
        self.table.selectionModel().selectionChanged.connect(self._load_selected)
        self.new_button.clicked.connect(self.new_item)
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

    # --- the shared flow ----------------------------------------------------------------------

    def reselect(self) -> None:
        if self.editing is not None:
            select_id(self.table, self.model, self.editing)

    def _load_selected(self) -> None:
        item_id = selected_id(self.table)
        if item_id is None:
            return
        self.editing = item_id
        self.load(self.model.row(self.model.row_of(item_id)))
        self.delete_button.setEnabled(True)

    def new_item(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.clear_form()
        self.delete_button.setEnabled(False)

    def save(self) -> None:
        item = self.item_from_form()
        if item is None:
            return
        editing = self.editing
        if editing is None:
            saved = self.attempt(lambda: self.add(item), self.texts["added"])
        else:
            saved = self.attempt(lambda: self.edit(editing, item), self.texts["saved"])
        if saved is not None:
            self.editing = saved.id
            self.refresh()
            self.after_save(saved)

    def after_save(self, saved: Any) -> None:
        """Called once a save has been read back (pages may show more)."""

    def delete(self) -> None:
        if self.editing is None:
            return
        item_id = self.editing
        question, cited = self.delete_question(item_id)
        if not self.confirm(self, self.texts["delete"], question):
            return
        outcome = self.attempt(lambda: self.remove(item_id, cited))
        if outcome is not None:
            self.say(self.tr(outcome.message))
            self.new_item()
            self.refresh()
