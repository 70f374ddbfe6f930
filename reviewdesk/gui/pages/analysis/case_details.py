"""The case record for analysis (issue 18, point 5): the incident and each child's categories,
so the partnership can count and compare across its reviews.

Special-category data: the page says so, and says where it goes (the dashboard's counts and the
review's JSON file, never the summary, the briefing or a published document). Every choice may
be left "Not recorded". One form with Save; nothing typed is dropped without asking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.casefile import (
    CHILD_FIELDS,
    FIELD_LABELS,
    NOT_RECORDED,
    CaseDetails,
    ChildDetails,
    HarmType,
    IncidentKind,
    Labelled,
)
from reviewdesk.domain.errors import EditConflictError
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.pages.analysis.common import LeadPage


def choice_box(parent: QWidget, name: str, vocab: type[Labelled]) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    box.addItem(translate_label(NOT_RECORDED), None)
    for value in vocab:
        box.addItem(translate_label(value.label), value)
    return box


class ChildForm(QGroupBox):
    """One child's categories."""

    def __init__(self, pseudonym: str, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(pseudonym, parent)
        self.pseudonym = pseudonym
        form = QFormLayout(self)
        self.fields: dict[str, QComboBox | QLineEdit] = {}
        for name, vocab in CHILD_FIELDS.items():
            label = translate_label(FIELD_LABELS[name])
            accessible = self.tr("%1 of %2").replace("%1", label).replace("%2", pseudonym)
            if vocab is None:
                field: QComboBox | QLineEdit = QLineEdit(self)
                field.setAccessibleName(accessible)
                field.setPlaceholderText(self.tr("e.g. English, Polish, British Sign Language"))
            else:
                field = choice_box(self, accessible, vocab)
            self.fields[name] = field
            caption = self._captions()[name] if first else label + ":"
            form.addRow(caption, field)

    def _captions(self) -> dict[str, str]:
        """Access keys for the first child's fields (others are reached with Tab)."""
        return {
            "sex": self.tr("&Sex:"),
            "ethnicity": self.tr("&Ethnicity (ONS 2021):"),
            "first_language": self.tr("First lan&guage:"),
            "disability": self.tr("&Disability:"),
            "send": self.tr("Special educational &needs:"),
            "legal_status": self.tr("&Legal status at the time:"),
            "education": self.tr("Ed&ucation:"),
        }

    def set_child(self, child: ChildDetails) -> None:
        for name, field in self.fields.items():
            value = getattr(child, name)
            if isinstance(field, QLineEdit):
                field.setText(value)
            else:
                field.setCurrentIndex(max(0, field.findData(value)) if value else 0)

    def child(self) -> ChildDetails:
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            vocab = CHILD_FIELDS[name]
            if isinstance(field, QLineEdit) or vocab is None:
                values[name] = field.text() if isinstance(field, QLineEdit) else ""
            else:
                data = field.currentData()
                values[name] = vocab(data) if data else None
        return ChildDetails(self.pseudonym, **values)


class CaseDetailsPage(LeadPage):
    def __init__(self, services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services, review_id, parent)
        self.version_seen = 0  # the version the form was loaded from (issue 22, point 5)
        self.conflict_dialog: QWidget | None = None  # open while a conflict is put to the lead
        tr = self.tr
        notice = QLabel(
            tr(
                "Special-category data. These details let the partnership count and compare "
                "its reviews (the dashboard counts them). They are kept out of the summary, the "
                "briefing and every published document, and travel only in the review's JSON "
                "file, marked as special category. Leave anything you do not know as Not "
                "recorded."
            ),
            self,
        )
        notice.setWordWrap(True)
        notice.setObjectName("muted")
        notice.setAccessibleName(tr("About these details"))
        incident_box = QGroupBox(tr("The incident"), self)
        form = QFormLayout(incident_box)
        self.incident = choice_box(
            incident_box, tr("Incident: death or serious harm"), IncidentKind
        )
        self.harm_type = choice_box(incident_box, tr("Harm type"), HarmType)
        form.addRow(tr("&Incident:"), self.incident)
        form.addRow(tr("&Harm type:"), self.harm_type)

        self.children_box = QWidget(self)
        self.children_layout = QVBoxLayout(self.children_box)
        self.children_layout.setContentsMargins(0, 0, 0, 0)
        self.child_forms: list[ChildForm] = []
        self.none_label = QLabel(
            tr("The case record names no child yet: add them in Review › Case record first."),
            self.children_box,
        )
        self.none_label.setWordWrap(True)
        self.children_layout.addWidget(self.none_label)

        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.addWidget(incident_box)
        column.addWidget(self.children_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setAccessibleName(tr("The case record for analysis"))
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to

        self.save_button = QPushButton(tr("Sa&ve case record for analysis"), self)
        self.save_button.clicked.connect(self.save_form)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._clean: tuple = ()
        self.refresh()

    # --- state --------------------------------------------------------------------------------

    def details_from_form(self) -> CaseDetails:
        incident, harm = self.incident.currentData(), self.harm_type.currentData()
        return CaseDetails(
            incident=IncidentKind(incident) if incident else None,
            harm_type=HarmType(harm) if harm else None,
            children=tuple(f.child() for f in self.child_forms),
        )

    def is_dirty(self) -> bool:
        return bool(self._clean) and self.details_from_form() != self._clean[0]

    def unsaved_text(self) -> str:
        return self.tr(
            "You have changed the case record for analysis and not saved it. Save your changes?"
        )

    def _show(self, details: CaseDetails) -> None:
        names = [c.pseudonym for c in details.children]
        if names != [f.pseudonym for f in self.child_forms]:
            for f in self.child_forms:
                f.setParent(None)
                f.deleteLater()
            self.child_forms = [
                ChildForm(name, i == 0, self.children_box) for i, name in enumerate(names)
            ]
            named = {c.pseudonym for c in self.services.reviews.get(self.review_id).record.children}
            for f in self.child_forms:
                if f.pseudonym not in named:  # kept from before the case record renamed them
                    f.setTitle(
                        self.tr("%s (no longer in the case record: clear it to remove it)")
                        % f.pseudonym
                    )
            for f in self.child_forms:
                self.children_layout.addWidget(f)
            # Made after Save, each child's fields join Tab's round where they are seen: after
            # the harm type, before Save.
            previous: QWidget = self.harm_type
            for f in self.child_forms:
                for field in f.findChildren(QWidget):
                    # (not a drop-down's list: a window of its own)
                    if (
                        field.focusPolicy() & Qt.FocusPolicy.TabFocus
                        and field.window() is f.window()
                    ):
                        QWidget.setTabOrder(previous, field)
                        previous = field
        self.none_label.setVisible(not names)
        self.incident.setCurrentIndex(max(0, self.incident.findData(details.incident)))
        self.harm_type.setCurrentIndex(max(0, self.harm_type.findData(details.harm_type)))
        if details.incident is None:
            self.incident.setCurrentIndex(0)
        if details.harm_type is None:
            self.harm_type.setCurrentIndex(0)
        for f, child in zip(self.child_forms, details.children, strict=True):
            f.set_child(child)
        self.version_seen = details.version
        self._clean = (self.details_from_form(),)

    # --- the page's flow ----------------------------------------------------------------------

    def refresh(self) -> None:
        stored = self.services.case_details.details(self.review_id)
        if self.is_dirty() and [c.pseudonym for c in stored.children] == [
            f.pseudonym for f in self.child_forms
        ]:
            return  # keep what is typed; the toolkit asks before anything is dropped
        self._show(stored)

    def save_form(self) -> bool:
        details = self.details_from_form()
        saved = self.attempt(
            lambda: self._save_or_ask(details), self.tr("Case record for analysis saved.")
        )
        if saved is None:
            return False
        self._show(saved)
        return True

    # --- another lead saved the record meanwhile (issue 22, point 5) --------------------------

    def _save_or_ask(self, details: CaseDetails) -> CaseDetails:
        """Save over the version the form was loaded from; when another lead saved since,
        nothing is overwritten and both are put to the lead (the form keeps its choices)."""
        try:
            return self.services.case_details.save_details(
                self.review_id, details, base=self.version_seen
            )
        except EditConflictError as exc:
            QTimer.singleShot(0, self, lambda e=exc: self._ask_which(e))
            raise

    def _ask_which(self, exc: EditConflictError) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import EditConflictDialog

        if self.conflict_dialog is not None:
            return
        conflict: Any = exc.conflict
        what = self.tr("the case record for analysis")
        dialog = EditConflictDialog(conflict, (conflict.yours, ""), what, self.window())
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._settled(d))
        dialog.open()

    def _settled(self, dialog: Any) -> None:
        from reviewdesk.gui.dialogs.edit_conflict import THEIRS

        self.conflict_dialog = None
        dialog.deleteLater()
        if not dialog.choice:
            self.say(
                self.tr(
                    "Your choices stay in the form. You will be asked again when you save; "
                    "both versions are kept in the history."
                )
            )
            return
        self.version_seen = dialog.conflict.their_version
        if dialog.choice == THEIRS:
            self._show(self.services.case_details.details(self.review_id))
            self.say(self.tr("Their version is kept; yours is in the history."))
            return
        if self.save_form():
            self.say(self.tr("Your version is kept; theirs is in the history."))

    def discard(self) -> None:
        self._show(self.services.case_details.details(self.review_id))
