"""Library settings, for a review lead without a terminal: the default protective marking, the
idle lock, the working-day clocks (the partnership's closure days and the months a local review
has for its final report), and retention (each review's retention review date and the deletion
log).

The same as ``reviewdesk settings`` and ``reviewdesk retention`` on the command line, built from
services only (``services.settings`` and ``services.retention``). The settings are kept when
the person presses Save (all of them or none); a retention date is set or cleared at once by its
own buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.clocks import MAX_FINAL_REPORT_MONTHS, parse_closure_days
from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.style import roomy
from reviewdesk.gui.widgets.basics import buddy, label
from reviewdesk.gui.widgets.date_field import DateField, show_date

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from reviewdesk.services.bundle import Services

MAX_IDLE_MINUTES = 24 * 60  # what SettingsService.set_idle_lock_minutes accepts
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")  # in this order, typing OFFICIAL completes to it


def _long_date(value) -> str:
    return value.strftime("%d %b %Y") if value else ""


def _clean_marking(text: str) -> str:
    """The marking as the service will keep it ("" for none)."""
    clean = " ".join(text.split())
    return "" if clean.casefold() == "none" else clean


class LibrarySettingsDialog(QDialog):
    """``settings_saved`` carries the idle lock's minutes after a successful Save."""

    settings_saved = Signal(int)
    COLUMNS = ("Review", "Title", "Retention review date", "Due?")

    def __init__(self, services: Services, parent: QWidget | None = None, changer=None) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=1)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._changer = changer  # gui/dialogs/encryption.py EncryptionChanger (None: no box)
        self._items: list = []
        self.setWindowTitle(self.tr("Library settings"))
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(
            label(
                self.tr(
                    "These settings belong to this library, so they apply to everyone who uses "
                    "it on this computer."
                ),
                "muted",
                self,
            )
        )
        if changer is not None and getattr(services, "keys", None) is not None:
            from reviewdesk.gui.dialogs.library_encryption import EncryptionBox

            self.encryption = EncryptionBox(services, changer, self)
            layout.addWidget(self.encryption)
        layout.addWidget(self._settings_box())
        layout.addWidget(self._clocks_box())
        layout.addWidget(self._retention_box(), 1)

        row = QHBoxLayout()
        self.log_button = QPushButton(self.tr("Deletion l&og..."), self)
        self.log_button.setToolTip(self.tr("What was deleted for good, and when"))
        self.log_button.clicked.connect(self.show_deletion_log)
        row.addWidget(self.log_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save"))
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("&Close"))
        self.save_button.clicked.connect(self.save)
        for b in (self.save_button, self.close_button, self.log_button):
            b.setAutoDefault(False)  # Enter in the date field sets the date, nothing else
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons, 1)
        layout.addLayout(row)

        self._load_settings()
        self.refresh_retention()
        self.marking.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The body was moved into a scroll area as the dialog was shown (gui/fit.py), which
        # took the focus from the first field: without this it opened on Save, at the bottom.
        if not event.spontaneous() and not getattr(self, "_opened", False):
            self._opened = True
            self.marking.setFocus()

    # --- the two settings ------------------------------------------------------------------

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Settings"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        self.marking = QComboBox(box)
        self.marking.setEditable(True)
        self.marking.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.marking.addItems([*MARKINGS, self.tr("None")])
        self.marking.setMinimumContentsLength(24)
        self.marking.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 24))
        self.marking.setMaximumWidth(self.marking.minimumWidth())
        self.marking.setAccessibleName(self.tr("Protective marking for new documents"))
        self.marking.currentTextChanged.connect(self._edited)
        form.addRow(buddy(self.tr("Protective &marking for new documents:"), self.marking, box))
        form.addRow(self.marking)
        form.addRow(
            label(
                self.tr(
                    "Printed on every page of a document unless you choose another when you "
                    "export. Choose None for no marking, or type the one your organisation uses."
                ),
                "muted",
                box,
            )
        )

        self.idle = roomy(QSpinBox(box))
        self.idle.setRange(0, MAX_IDLE_MINUTES)
        self.idle.setSpecialValueText(self.tr("Off"))
        self.idle.setSuffix(self.tr(" minutes"))
        self.idle.setMinimumWidth(self.fontMetrics().horizontalAdvance("1440 minutes") + 48)
        self.idle.setMaximumWidth(self.idle.minimumWidth())
        self.idle.setAccessibleName(self.tr("Lock after this many minutes without activity"))
        self.idle.valueChanged.connect(self._edited)
        form.addRow(buddy(self.tr("&Lock after this many minutes without activity:"), self.idle))
        form.addRow(self.idle)
        form.addRow(
            label(
                self.tr(
                    "ReviewDesk locks when nobody has used it for this long; your writing is "
                    "saved first, and an encrypted library is closed until its passphrase is "
                    "given. 0 turns this off. A change takes effect as soon as you save it."
                ),
                "muted",
                box,
            )
        )
        self.error = label("", "error", box)
        self.error.hide()
        form.addRow(self.error)
        self.saved_note = label("", "", box)
        self.saved_note.hide()
        form.addRow(self.saved_note)
        return box

    def _clocks_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Working-day clocks"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.months = roomy(QSpinBox(box))
        self.months.setRange(1, MAX_FINAL_REPORT_MONTHS)
        self.months.setSuffix(self.tr(" months"))
        self.months.setMinimumWidth(self.fontMetrics().horizontalAdvance("24 months") + 48)
        self.months.setAccessibleName(self.tr("A local review's final report is due within"))
        self.months.valueChanged.connect(self._edited)
        form.addRow(
            buddy(self.tr("A local review's final report is d&ue within:"), self.months, box),
            self.months,
        )
        self.closures = QPlainTextEdit(box)
        self.closures.setTabChangesFocus(True)
        self.closures.setAccessibleName(self.tr("Closure days, one on each line"))
        self.closures.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.closures.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 20))
        self.closures.textChanged.connect(self._edited)
        form.addRow(buddy(self.tr("Closure da&ys, one on each line:"), self.closures, box))
        # The example beside the box, not greyed inside it, where it looked like dates entered.
        self.closures_example = label(self.tr("For example:\n29/12/2026\n30/12/2026"), "muted", box)
        self.closures_example.setWordWrap(False)
        beside = QHBoxLayout()
        beside.addWidget(self.closures)
        beside.addWidget(self.closures_example, 0, Qt.AlignmentFlag.AlignTop)
        beside.addStretch(1)
        form.addRow(beside)
        form.addRow(
            label(
                self.tr(
                    "Days the partnership is closed besides weekends and England and Wales bank "
                    "holidays (for example between Christmas and New Year), such as 29/12/2026. "
                    "The clocks leave them out, like bank holidays. The final report is due "
                    "within 6 months of the decision unless the partnership sets another time."
                ),
                "muted",
                box,
            )
        )
        self.clocks_error = label("", "error", box)
        self.clocks_error.hide()
        form.addRow(self.clocks_error)
        return box

    def _load_settings(self) -> None:
        settings = self._services.settings
        marking = settings.default_marking()
        months, closures = settings.final_report_months(), settings.closure_days()
        self._saved = (marking, settings.idle_lock_minutes(), months, closures)
        self.marking.setCurrentText(marking or self.tr("None"))
        self.idle.setValue(self._saved[1])
        self.months.setValue(months)
        self.closures.setPlainText("\n".join(f"{d:%d/%m/%Y}" for d in closures))

    def _edited(self, *_args: object) -> None:
        self.error.hide()
        self.saved_note.hide()
        if hasattr(self, "clocks_error"):
            self.clocks_error.hide()
        self.idle.setSuffix(self.tr(" minute") if self.idle.value() == 1 else self.tr(" minutes"))

    def _closures(self) -> tuple | None:
        try:
            return parse_closure_days(self.closures.toPlainText())
        except ValueError:
            return None

    def is_dirty(self) -> bool:
        """Is there a setting changed here and not yet saved?"""
        now = (
            _clean_marking(self.marking.currentText()),
            self.idle.value(),
            self.months.value(),
            self._closures(),
        )
        return now != self._saved

    def save(self) -> bool:
        """Keep every setting, or none (the message shown beside them)."""
        try:
            closures = parse_closure_days(self.closures.toPlainText())
        except ValueError as exc:  # checked before anything is kept
            self.clocks_error.setText(self.tr(str(exc)))
            self.clocks_error.show()
            self.closures.setFocus()
            return False
        settings = self._services.settings
        before = (
            settings.default_marking(),
            settings.idle_lock_minutes(),
            settings.final_report_months(),
            settings.closure_days(),
        )
        try:
            settings.set_default_marking(self.marking.currentText())
            try:
                settings.set_idle_lock_minutes(self.idle.value())
                settings.set_final_report_months(self.months.value())
                settings.set_closure_days(closures)
            except ReviewDeskError:
                settings.set_default_marking(before[0])  # none, not some of them
                settings.set_idle_lock_minutes(before[1])
                settings.set_final_report_months(before[2])
                settings.set_closure_days(before[3])
                raise
        except ReviewDeskError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.marking.setFocus()
            return False
        self._load_settings()
        self.saved_note.setText(self.tr("Your settings are saved."))
        self.saved_note.show()
        self.settings_saved.emit(self.idle.value())
        return True

    def reject(self) -> None:
        """Close: asks first only when a setting was changed and not saved."""
        if self.is_dirty():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Save your changes?"),
                self.tr("You have changed the library settings. Do you want to save them?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.button(QMessageBox.StandardButton.Discard).setText(self.tr("&Don't save"))
            box.setDefaultButton(QMessageBox.StandardButton.Save)
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        super().reject()

    # --- retention -------------------------------------------------------------------------

    def _retention_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Retention"), self)
        layout = QVBoxLayout(box)
        self.retention_intro = label("", "muted", box)
        layout.addWidget(self.retention_intro)

        self.table = QTableWidget(0, len(self.COLUMNS), box)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Reviews and their retention review dates"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        layout.addWidget(buddy(self.tr("Revie&ws:"), self.table, box))
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.date = DateField(self.tr("retention review date"), box)
        self.date.set_label(self.tr("Retention review date for the selected review"))
        caption = buddy(self.tr("Retention review &date:"), self.date, box)
        caption.setWordWrap(False)
        row.addWidget(caption)
        row.addWidget(self.date)
        self.date.line.returnPressed.connect(self.set_date)
        self.set_button = QPushButton(self.tr("Se&t date"), box)
        self.set_button.clicked.connect(self.set_date)
        self.clear_button = QPushButton(self.tr("Clea&r date"), box)
        self.clear_button.clicked.connect(self.clear_date)
        for b in (self.set_button, self.clear_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = label("", "", box)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        return box

    def refresh_retention(self, select_id: int | None = None) -> None:
        retention = self._services.retention
        today = retention.today()
        self._items = retention.items()
        due = [i for i in self._items if i.due(today)]
        intro = self.tr(
            "When each review's keeping should next be looked at. Today is %s. "
        ) % _long_date(today)
        if len(due) == 1:
            intro += self.tr("1 review is due for a retention review.")
        elif due:
            intro += self.tr("%d reviews are due for a retention review.") % len(due)
        else:
            intro += self.tr("No reviews are due for a retention review.")
        self.retention_intro.setText(intro)

        self.table.setRowCount(len(self._items))
        chosen = 0
        for r, item in enumerate(self._items):
            if item.review_on is None:
                state = self.tr("No date set")
            elif item.due(today):
                state = self.tr("Due")
            else:
                state = self.tr("Not yet")
            cells = (item.review.reference, item.review.title, _long_date(item.review_on), state)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.review.id)
                if c == 3 and item.due(today):
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(r, c, cell)
            if item.review.id == select_id:
                chosen = r
        if self._items:
            self.table.selectRow(chosen)
        self._selected_changed()

    def selected_item(self):
        rows = self.table.selectionModel().selectedRows()
        return self._items[rows[0].row()] if rows else None

    def _selected_changed(self) -> None:
        item = self.selected_item()
        self.date.set_value(item.review_on if item is not None else None)
        self.date.setEnabled(item is not None)
        self.set_button.setEnabled(item is not None)
        self.clear_button.setEnabled(item is not None and item.review_on is not None)

    def set_date(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        when = self.date.value()
        if when is None:
            self.status.setText(
                self.tr("Please type the date as day/month/year, for example 31/03/2027.")
                if not self.date.is_valid()
                else self.tr("Please type a date first, or choose one from the calendar.")
            )
            self.date.setFocus()
            return
        self._set(item, when)

    def clear_date(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._set(item, None)

    def _set(self, item, when) -> None:
        try:
            self._services.retention.set_review_date(item.review.id, when)
        except ReviewDeskError as exc:
            self.status.setText(str(exc))
            return
        reference = item.review.reference
        self.status.setText(
            self.tr("%s will be looked at again on %s.") % (reference, show_date(when))
            if when is not None
            else self.tr("%s no longer has a retention review date.") % reference
        )
        self.refresh_retention(select_id=item.review.id)

    def show_deletion_log(self) -> None:
        self.log_dialog = DeletionLogDialog(self._services, self)
        self.log_dialog.open()


class DeletionLogDialog(QDialog):
    """What was deleted for good from the Trash, newest first (never the content). Read-only."""

    COLUMNS = ("When", "Who", "Review", "Created", "Contributors", "Answers", "Why")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.setWindowTitle(self.tr("Deletion log"))
        self.resize(820, 380)
        layout = QVBoxLayout(self)
        records = services.retention.deletion_log()
        layout.addWidget(
            label(
                self.tr(
                    "Reviews deleted for good from the Trash, newest first. Only these details "
                    "are kept, never what anyone wrote. The log cannot be changed."
                )
                if records
                else self.tr("Nothing has been deleted for good from this library."),
                "",
                self,
            )
        )
        self.table = QTableWidget(len(records), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Deletion log, newest first"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for r, rec in enumerate(records):
            cells = (
                rec.at.astimezone().strftime("%d %b %Y, %H:%M"),
                rec.who,
                rec.reference,
                _long_date(rec.created_at.astimezone()),
                str(rec.contributors),
                str(rec.answers),
                rec.reason,
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
