"""The case record as a form, in four sections, shared by the new-review wizard and the dialog
that edits a case record later.

Checks come from :func:`reviewdesk.domain.case_checks.check_case_record`. A *problem* (no
reference) is shown under its field and stops the form; a *caution* (a notification dated before
the incident) is shown as a question with a "Yes, that is right" box: the form goes on only once
the person has confirmed it, so nothing odd is silently accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.case_checks import MAX_NAME, MAX_REFERENCE, MAX_TITLE, check_case_record
from reviewdesk.domain.review import (
    DEFAULT_AGENCIES,
    HOUSEHOLD_ROLES,
    CaseRecord,
    Child,
    HouseholdMember,
    KeyDates,
    ReviewStatus,
    ReviewType,
)
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.widgets.basics import buddy, button, label
from reviewdesk.gui.widgets.date_field import DateField
from reviewdesk.gui.widgets.feedback import FieldMessage
from reviewdesk.gui.widgets.row_list import RowList

ABOUT_KEYS = frozenset({"reference", "title", "lead"})
DATE_KEYS = frozenset(
    {"incident", "notification", "rapid_review", "decision", "publication", "scope"}
)
PEOPLE_KEYS = frozenset({"children", "household"})
AGENCY_KEYS = frozenset({"agencies"})
ALL_KEYS = ABOUT_KEYS | DATE_KEYS | PEOPLE_KEYS | AGENCY_KEYS

BAD_DATE = "Please enter the date as day/month/year, for example 14/02/2026, or leave it blank."
CONFIRM_TEXT = {"children": "Carry on for now: I will add the children later"}


def base_key(key: str) -> str:
    return key.split("[", 1)[0]


class _EnterLine(QLineEdit):
    """Enter adds what was typed (and does not also press the dialog's default button)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _Section(QWidget):
    """A column of fields, each with its label above it: readable at any text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)

    def field(
        self, text: str, widget: QWidget, message: FieldMessage | None, hint: str = ""
    ) -> None:
        """A label (the field's buddy), the field, a hint and the field's message."""
        target = widget.focusProxy() or widget
        caption = buddy(text, target, self, "strong")
        if isinstance(target, QLineEdit | QComboBox):
            target.setAccessibleName(text.replace("&", ""))
        self.column.addWidget(caption)
        self.column.addWidget(widget)
        if hint:
            self.column.addWidget(label(hint, "small", self))
        if message is not None:
            self.column.addWidget(message)
        self.column.addSpacing(12)

    def block(self, widget: QWidget) -> None:
        self.column.addWidget(widget)

    def finish(self) -> None:
        self.column.addStretch(1)


class CaseForm(QObject):
    """The four sections (``about``, ``dates``, ``people``, ``agencies``) and their checks."""

    changed = Signal()

    def __init__(self, parent: QWidget, *, taken_references: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self._taken = {r.strip().casefold() for r in taken_references}
        self._touched: set[str] = set()
        self._confirmed: set[tuple[str, str]] = set()
        self.messages: dict[str, FieldMessage] = {}
        self.about = self._build_about(parent)
        self.dates = self._build_dates(parent)
        self.people = self._build_people(parent)
        self.agencies = self._build_agencies(parent)

    # --- building -----------------------------------------------------------------------------

    def _message(self, key: str, parent: QWidget) -> FieldMessage:
        message = FieldMessage(parent)
        message.confirmed_changed.connect(lambda key=key, m=message: self._confirm(key, m))
        self.messages[key] = message
        return message

    def _build_about(self, parent: QWidget) -> _Section:
        s = _Section(parent)
        self.reference = QLineEdit(s)
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setPlaceholderText(self.tr("for example LCSPR-2026-03"))
        self.title = QLineEdit(s)
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("for example Child A, 2026"))
        self.review_type = QComboBox(s)
        for kind in ReviewType:
            self.review_type.addItem(translate_label(kind.label), kind)
        self.review_type.setCurrentIndex(list(ReviewType).index(ReviewType.LCSPR))
        self.status = QComboBox(s)
        for status in ReviewStatus:
            self.status.addItem(translate_label(status.label), status)
        self.lead = QLineEdit(s)
        self.lead.setMaxLength(MAX_TITLE)
        self.lead.setPlaceholderText(self.tr("a role, for example Independent reviewer"))
        s.field(
            self.tr("&Reference"),
            self.reference,
            self._message("reference", s),
            self.tr("Used in file names and exports. Letters, numbers, spaces and . _ / -"),
        )
        s.field(
            self.tr("&Title"),
            self.title,
            self._message("title", s),
            self.tr("Use pseudonyms only, never a child's real name."),
        )
        s.field(self.tr("Review t&ype"), self.review_type, None)
        s.field(self.tr("Stat&us"), self.status, None)
        s.field(self.tr("&Lead reviewer"), self.lead, self._message("lead", s))
        s.finish()
        for w in (self.reference, self.title, self.lead):
            w.editingFinished.connect(lambda w=w: self._edited(w))
            w.textChanged.connect(self.changed)
        return s

    def _build_dates(self, parent: QWidget) -> _Section:
        s = _Section(parent)
        self.date_fields: dict[str, DateField] = {}
        for name in KeyDates.FIELDS:
            caption = KeyDates.LABELS[name]
            field = DateField(caption.lower(), s)
            field.set_label(self.tr(caption))
            self.date_fields[name] = field
            s.field(self.tr(caption), field, self._message(name, s))
            field.line.editingFinished.connect(lambda name=name: self._touch(name))
            field.changed.connect(self._recheck)
        self.scope_start = DateField(self.tr("start of the scope period"), s)
        self.scope_start.set_label(self.tr("Scope period starts"))
        self.scope_end = DateField(self.tr("end of the scope period"), s)
        self.scope_end.set_label(self.tr("Scope period ends"))
        s.block(label(self.tr("Scope period (terms of reference)"), "h3", s))
        s.field(self.tr("Starts"), self.scope_start, None)
        s.field(
            self.tr("Ends"),
            self.scope_end,
            self._message("scope", s),
            self.tr("The period the review looks at. Leave blank if not decided yet."),
        )
        for field in (self.scope_start, self.scope_end):
            field.line.editingFinished.connect(lambda: self._touch("scope"))
            field.changed.connect(self._recheck)
        s.finish()
        return s

    def _build_people(self, parent: QWidget) -> QWidget:
        w = QWidget(parent)
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(label(self.tr("Children"), "h3", w))
        layout.addWidget(
            label(
                self.tr(
                    "Use a pseudonym for each child (Child A, Sibling 1), never a real name, "
                    "and their age or age band at the time."
                ),
                "muted",
                w,
            )
        )
        self.child_rows = RowList(
            self.tr("child"),
            (self.tr("Pseudonym"), self.tr("Age at the time")),
            (self.tr("Child A"), self.tr("for example 7 months")),
            self.tr("Add a &child"),
            w,
        )
        layout.addWidget(self.child_rows)
        layout.addWidget(self._message("children", w))
        layout.addSpacing(12)
        layout.addWidget(label(self.tr("Household and family"), "h3", w))
        layout.addWidget(
            label(
                self.tr("People who lived in or often visited the household, by role."), "muted", w
            )
        )
        self.household = RowList(
            self.tr("household member"),
            (self.tr("Role"), self.tr("About them (optional)")),
            (self.tr("for example Mother"), self.tr("for example Lived at the address from 2025")),
            self.tr("Add a household &member"),
            w,
            choices=HOUSEHOLD_ROLES,
        )
        layout.addWidget(self.household)
        layout.addStretch(1)
        for rows, key in ((self.child_rows, "children"), (self.household, "household")):
            rows.changed.connect(self._recheck)
            rows.edited.connect(lambda key=key: self._touch(key))
        return w

    def _build_agencies(self, parent: QWidget) -> QWidget:
        w = QWidget(parent)
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(
            label(self.tr("Tick every agency that worked with the child or family."), "muted", w)
        )
        self._agency_grid = QGridLayout()
        self._agency_grid.setHorizontalSpacing(24)
        self._agency_grid.setVerticalSpacing(2)
        layout.addLayout(self._agency_grid)
        self.agency_boxes: list[QCheckBox] = []
        for name in DEFAULT_AGENCIES:
            self._add_agency_box(name, checked=False)
        self.other_agency = _EnterLine(w)
        self.other_agency.setMaxLength(MAX_NAME)
        self.other_agency.setPlaceholderText(self.tr("for example School nursing"))
        self.other_agency.entered.connect(self._add_other)
        add = button(self.tr("Add agenc&y"), w, icon_name="add")
        add.clicked.connect(self._add_other)
        row = QGridLayout()
        row.addWidget(buddy(self.tr("Another agency:"), self.other_agency, w), 0, 0)
        row.addWidget(self.other_agency, 0, 1)
        row.addWidget(add, 0, 2)
        row.setColumnStretch(1, 1)
        layout.addSpacing(6)
        layout.addLayout(row)
        self.agency_message = self._message("agencies", w)
        layout.addWidget(self.agency_message)
        layout.addStretch(1)
        return w

    def _add_agency_box(self, name: str, *, checked: bool) -> QCheckBox:
        box = QCheckBox(name)
        box.setChecked(checked)
        box.toggled.connect(self.changed)
        index = len(self.agency_boxes)
        self._agency_grid.addWidget(box, index // 2, index % 2)
        self.agency_boxes.append(box)
        return box

    def _add_other(self) -> None:
        name = " ".join(self.other_agency.text().split())
        if not name:
            return
        for box in self.agency_boxes:
            if box.text().casefold() == name.casefold():
                box.setChecked(True)
                break
        else:
            self._add_agency_box(name, checked=True)
        self.other_agency.clear()
        self.changed.emit()

    # --- values -------------------------------------------------------------------------------

    def record(self) -> CaseRecord:
        dates = {name: f.value() for name, f in self.date_fields.items()}
        return CaseRecord(
            reference=self.reference.text().strip(),
            title=self.title.text().strip(),
            review_type=ReviewType(self.review_type.currentData()),
            status=ReviewStatus(self.status.currentData()),
            dates=KeyDates(**dates),
            scope_start=self.scope_start.value(),
            scope_end=self.scope_end.value(),
            lead=self.lead.text().strip(),
            children=tuple(
                Child(p.strip(), a.strip())
                for p, a in self.child_rows.values()
                if p.strip() or a.strip()
            ),
            household=tuple(
                HouseholdMember(r.strip(), d.strip())
                for r, d in self.household.values()
                if r.strip() or d.strip()
            ),
            agencies=tuple(b.text() for b in self.agency_boxes if b.isChecked()),
        )

    def set_record(self, record: CaseRecord) -> None:
        self.reference.setText(record.reference)
        self.title.setText(record.title)
        self.review_type.setCurrentIndex(list(ReviewType).index(record.review_type))
        self.status.setCurrentIndex(list(ReviewStatus).index(record.status))
        self.lead.setText(record.lead)
        for name, field in self.date_fields.items():
            field.set_value(getattr(record.dates, name))
        self.scope_start.set_value(record.scope_start)
        self.scope_end.set_value(record.scope_end)
        self.child_rows.set_rows([(c.pseudonym, c.age) for c in record.children])
        self.household.set_rows([(h.role, h.description) for h in record.household])
        chosen = {a.casefold() for a in record.agencies}
        for box in self.agency_boxes:
            box.setChecked(box.text().casefold() in chosen)
        known = {b.text().casefold() for b in self.agency_boxes}
        for name in record.agencies:
            if name.casefold() not in known:
                self._add_agency_box(name, checked=True)

    # --- checks -------------------------------------------------------------------------------

    def _problems_and_cautions(self, today: date | None) -> tuple[dict[str, str], dict[str, str]]:
        record = self.record()
        checks = check_case_record(record, today)
        problems = dict(checks.problems)
        cautions = dict(checks.cautions)
        if record.reference.strip().casefold() in self._taken:
            problems["reference"] = (
                f"A review with the reference '{record.reference.strip()}' is already in this "
                "library. Please choose another."
            )
        for name, field in self.date_fields.items():
            if not field.is_valid():
                problems[name] = BAD_DATE
        if not (self.scope_start.is_valid() and self.scope_end.is_valid()):
            problems["scope"] = BAD_DATE
        # Blank rows are left out of the record, so index the row problems by the rows shown.
        remapped: dict[str, str] = {}
        shown = {
            key: [i for i, (a, b) in enumerate(rows.values()) if a.strip() or b.strip()]
            for rows, key in ((self.child_rows, "children"), (self.household, "household"))
        }
        for k, message in problems.items():
            if "[" in k and base_key(k) in shown:
                index = int(k.split("[", 1)[1].rstrip("]"))
                remapped[f"{base_key(k)}[{shown[base_key(k)][index]}]"] = message
            else:
                remapped[k] = message
        return remapped, cautions

    def check(self, scope: Iterable[str] = ALL_KEYS, *, today: date | None = None) -> bool:
        """Show the messages for the fields in ``scope`` (base keys). True when nothing there
        stops the form: no problems, and every caution confirmed."""
        scope = set(scope)
        self._touched |= scope
        return self._show(scope, today)

    def _show(self, scope: set[str], today: date | None = None) -> bool:
        problems, cautions = self._problems_and_cautions(today)
        ok = True
        for rows, key in ((self.child_rows, "children"), (self.household, "household")):
            for i in range(len(rows.rows)):
                if f"{key}[{i}]" in problems:
                    rows.message_for(i)
        for key, message in self._all_messages().items():
            if base_key(key) not in scope:
                continue
            if key in problems:
                message.show_problem(problems[key])
                ok = False
            elif key in cautions:
                text = cautions[key]
                confirm = self.tr(CONFIRM_TEXT.get(key, "Yes, that is right"))
                message.show_caution(text, confirm, (key, text) in self._confirmed)
                ok = ok and message.confirmed
            else:
                message.clear()
        return ok

    def cautions_confirmed(self) -> bool:
        _, cautions = self._problems_and_cautions(None)
        return all((k, m) in self._confirmed for k, m in cautions.items())

    def focus_first_issue(self) -> QWidget | None:
        """Move the keyboard focus to the first thing to put right (or confirm); return it."""
        fields: dict[str, QWidget] = {
            "reference": self.reference,
            "title": self.title,
            "lead": self.lead,
            **{name: f.line for name, f in self.date_fields.items()},
            "scope": self.scope_end.line,
        }
        rows = {"children": self.child_rows, "household": self.household}
        for key, message in self._all_messages().items():
            if message.isHidden() or (message.kind == "caution" and message.confirmed):
                continue
            if message.kind == "caution":
                target: QWidget = message.confirm
            elif "[" in key and base_key(key) in rows:
                target = rows[base_key(key)].rows[int(key.split("[", 1)[1].rstrip("]"))].first
            else:
                target = fields.get(key, message)
            target.setFocus()
            return target
        return None

    def _all_messages(self) -> dict[str, FieldMessage]:
        messages = dict(self.messages)
        for rows, key in ((self.child_rows, "children"), (self.household, "household")):
            for i, row in enumerate(rows.rows):
                if row.message is not None:
                    messages[f"{key}[{i}]"] = row.message
        return messages

    def _confirm(self, key: str, message: FieldMessage) -> None:
        if message.confirmed:
            self._confirmed.add((key, message.message))
        else:
            self._confirmed.discard((key, message.message))
        self.changed.emit()

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self._show(self._touched)

    def _edited(self, widget: QWidget) -> None:
        keys: dict[QWidget, str] = {
            self.reference: "reference",
            self.title: "title",
            self.lead: "lead",
        }
        key = keys[widget]
        self._touch(key)

    def _recheck(self) -> None:
        if self._touched:
            self._show(self._touched)
        self.changed.emit()
