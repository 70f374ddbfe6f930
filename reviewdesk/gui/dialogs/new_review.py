"""The new-review wizard: the whole case record, step by step, then the framework to use."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.errors import DuplicateReviewError, ReviewDeskError, ValidationError
from reviewdesk.domain.framework import Framework
from reviewdesk.gui.dialogs.case_form import (
    ABOUT_KEYS,
    AGENCY_KEYS,
    DATE_KEYS,
    PEOPLE_KEYS,
    CaseForm,
)
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.icons import icon
from reviewdesk.gui.widgets.basics import button, card, label
from reviewdesk.gui.wording import record_lines


def dialog_size(widget: QWidget, columns: int, lines: int) -> tuple[int, int]:
    """A dialog size that grows with the text size, within the screen."""
    metrics = widget.fontMetrics()
    width, height = metrics.averageCharWidth() * columns, metrics.lineSpacing() * lines
    screen = widget.screen().availableGeometry() if widget.screen() else None
    if screen is not None:
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
    return max(width, 640), max(height, 480)


def scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    widget.setObjectName("scrollBody")
    area.setWidget(widget)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class NewReviewWizard(QDialog):
    """Emits ``created(summary)`` once the review is saved."""

    created = Signal(object)

    STEPS = (
        ("About the review", "The reference and title everyone will know it by."),
        ("Key dates", "The dates so far. Leave any that are not known yet blank."),
        ("Children and household", "Who the review is about, by pseudonym and role."),
        ("Agencies", "Every agency that worked with the child or family."),
        ("Framework", "The themes and prompts contributors will reflect on."),
        ("Check and create", "Look over the case record. You can change it later."),
    )

    def __init__(
        self,
        reviews,
        frameworks: Sequence[Framework],
        taken_references: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self._reviews = reviews
        self._frameworks = list(frameworks)
        self.setWindowTitle(self.tr("New review"))
        self.setModal(True)
        self.resize(*dialog_size(self, 130, 44))
        self.form = CaseForm(self, taken_references=taken_references)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        side = QWidget(self)
        side.setObjectName("page")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(20, 24, 12, 20)
        side_layout.addWidget(label(self.tr("NEW REVIEW"), "eyebrow", side))
        self.steps = QListWidget(side)
        self.steps.setObjectName("steps")
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setAccessibleName(self.tr("Steps"))
        for i, (title, _) in enumerate(self.STEPS):
            QListWidgetItem(f"{i + 1}.  {self.tr(title)}", self.steps)
        self.steps.itemClicked.connect(self._step_clicked)
        side_layout.addWidget(self.steps, 1)
        side.setFixedWidth(max(230, self.fontMetrics().averageCharWidth() * 24))
        outer.addWidget(side)

        main = QWidget(self)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(28, 24, 28, 20)
        main_layout.setSpacing(6)
        self.eyebrow = label("", "eyebrow", main)
        self.heading = label("", "h2", main)
        self.intro = label("", "muted", main)
        main_layout.addWidget(self.eyebrow)
        main_layout.addWidget(self.heading)
        main_layout.addWidget(self.intro)
        main_layout.addSpacing(10)
        self.pages = QStackedWidget(main)
        for section in (self.form.about, self.form.dates, self.form.people, self.form.agencies):
            self.pages.addWidget(scrolled(section, self.pages))
        self.pages.addWidget(scrolled(self._build_framework_page(), self.pages))
        self.check_body = QWidget()
        self.check_layout = QVBoxLayout(self.check_body)
        self.check_layout.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(scrolled(self.check_body, self.pages))
        main_layout.addWidget(self.pages, 1)

        buttons = QHBoxLayout()
        self.cancel_button = button(self.tr("Cancel"), main)
        self.back_button = button(self.tr("&Back"), main, icon_name="prev")
        self.next_button = button(self.tr("&Next"), main, icon_name="next", primary=True)
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.create_button = button(
            self.tr("&Create review"), main, icon_name="check", primary=True
        )
        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.create_button.clicked.connect(self.create_review)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.create_button)
        main_layout.addSpacing(8)
        main_layout.addLayout(buttons)
        outer.addWidget(main, 1)
        self.summary = None
        self._go(0)

    # --- the framework step -------------------------------------------------------------------

    def _build_framework_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.framework_group = QButtonGroup(page)
        for i, fw in enumerate(self._frameworks):
            frame, box = card(page)
            choice = QRadioButton(fw.title, frame)
            choice.setChecked(i == 0)
            self.framework_group.addButton(choice, i)
            box.addWidget(choice)
            version = label(
                self.tr("Version %s, %d prompts") % (fw.version, fw.prompt_count), "small", frame
            )
            version.setObjectName("frameworkVersion")
            box.addWidget(version)
            box.addWidget(label(self.tr("Source: %s") % fw.source, "small", frame))
            if fw.description:
                box.addWidget(label(fw.description, "muted", frame))
            themes = "\n".join(f"{n}.  {t.title}" for n, t in enumerate(fw.themes, 1))
            box.addWidget(label(self.tr("Themes:") + "\n" + themes, "", frame))
            layout.addWidget(frame)
        layout.addWidget(
            label(
                self.tr(
                    "The framework is copied into the review when it starts, so later changes to "
                    "a framework file never rewrite work already done."
                ),
                "small",
                page,
            )
        )
        layout.addStretch(1)
        return page

    def framework(self) -> Framework:
        return self._frameworks[max(0, self.framework_group.checkedId())]

    # --- the check step -----------------------------------------------------------------------

    def _fill_check_page(self) -> None:
        while self.check_layout.count():
            item = self.check_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        frame, box = card(self.check_body)
        for caption, value in record_lines(self.form.record()):
            row = QHBoxLayout()
            name = label(self.tr(caption), "muted", frame)
            name.setMinimumWidth(name.fontMetrics().horizontalAdvance("Notification to the Panel "))
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            row.addWidget(name)
            row.addWidget(label(value, "", frame), 1)
            box.addLayout(row)
        self.check_layout.addWidget(frame)
        fw = self.framework()
        self.check_layout.addWidget(
            label(
                self.tr("Framework: %s (%d themes)") % (fw.title, len(fw.themes)),
                "",
                self.check_body,
            )
        )
        confirmed = [m.message for m in self.form.messages.values() if m.confirmed]
        if confirmed:
            self.check_layout.addWidget(
                label(
                    self.tr("You confirmed:") + "\n• " + "\n• ".join(confirmed),
                    "muted",
                    self.check_body,
                )
            )
        self.check_layout.addStretch(1)

    # --- moving between steps -----------------------------------------------------------------

    SCOPES = (ABOUT_KEYS, DATE_KEYS, PEOPLE_KEYS, AGENCY_KEYS)

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.steps.setCurrentRow(index)
        for i in range(self.steps.count()):
            self.steps.item(i).setIcon(icon("check") if i < index else icon("state-not-started"))
        self.steps.item(index).setIcon(icon("next"))
        title, intro = self.STEPS[index]
        self.eyebrow.setText(self.tr("STEP %d OF %d") % (index + 1, len(self.STEPS)))
        self.heading.setText(self.tr(title))
        self.intro.setText(self.tr(intro))
        last = index == len(self.STEPS) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.create_button.setVisible(last)
        (self.create_button if last else self.next_button).setDefault(True)
        if last:
            self._fill_check_page()
        self._focus_first()

    def _focus_first(self) -> None:
        index = self.current()
        first = {
            0: self.form.reference,
            1: self.form.date_fields["incident"].line,
            2: self.form.child_rows.add_button,
            3: self.form.agency_boxes[0] if self.form.agency_boxes else None,
            4: self.framework_group.checkedButton(),
        }.get(index) or (self.create_button if index == len(self.STEPS) - 1 else None)
        if first is not None:
            first.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._focus_first()

    def current(self) -> int:
        return self.pages.currentIndex()

    def _valid(self, index: int) -> bool:
        if index >= len(self.SCOPES):
            return True
        if self.form.check(self.SCOPES[index]):
            return True
        focus = self.form.focus_first_issue()
        page = self.pages.currentWidget()
        if focus is not None and isinstance(page, QScrollArea):
            page.ensureWidgetVisible(focus)
        return False

    def next(self) -> None:
        index = self.current()
        if self._valid(index) and index < len(self.STEPS) - 1:
            self._go(index + 1)

    def back(self) -> None:
        if self.current() > 0:
            self._go(self.current() - 1)

    def _step_clicked(self, item: QListWidgetItem) -> None:
        target = self.steps.row(item)
        if target < self.current():
            self._go(target)
        else:
            while self.current() < target and self._valid(self.current()):
                self._go(self.current() + 1)
            self.steps.setCurrentRow(self.current())

    # --- creating -----------------------------------------------------------------------------

    def create_review(self) -> None:
        for index in range(len(self.SCOPES)):
            if not self.form.check(self.SCOPES[index]):
                self._go(index)
                self._valid(index)
                return
        try:
            self.summary = self._reviews.create(
                self.form.record(), self.framework(), confirmed_cautions=True
            )
        except DuplicateReviewError as exc:
            self._go(0)
            self.form.messages["reference"].show_problem(str(exc))
            self.form.reference.setFocus()
            return
        except (ValidationError, ReviewDeskError) as exc:
            QMessageBox.warning(self, self.tr("The review was not created"), str(exc))
            return
        self.created.emit(self.summary)
        self.accept()

    # --- leaving ------------------------------------------------------------------------------

    def _has_input(self) -> bool:
        record = self.form.record()
        return bool(record.reference or record.title or record.children or record.agencies)

    def reject(self) -> None:
        if self.summary is None and self._has_input():
            answer = QMessageBox.question(
                self,
                self.tr("Leave the new review?"),
                self.tr("What you have entered for this new review will not be kept."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)
