"""Dialogs for the exchange loop (issue 7): send a case pack, open a pack or contribution, return
my contribution, and a small "Contributions" status widget for the review lead.

Each is built with injected services (``Dialog(services, review_id, parent=None)``; the open
dialog takes the file's path instead of a review) and is self-contained, so the main window only
needs to construct and show it. The slow part (the passphrase's key derivation, about half a
second) runs off the GUI thread; the dialog shows that it is working and stays responsive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.clocks import short_date
from reviewdesk.domain.errors import ReviewDeskError, WrongPassphraseError
from reviewdesk.domain.packs import ContributorExchange, FileInfo, FileKind
from reviewdesk.domain.passphrase import SEND_SEPARATELY
from reviewdesk.gui.dialogs.exchange_parts import (
    FileRow,
    PassphraseFields,
    WorkingDialog,
    safe_name,
    when,
)
from reviewdesk.gui.fit import fit_when_shown
from reviewdesk.gui.i18n import translate_label
from reviewdesk.gui.widgets.date_field import DateField

if TYPE_CHECKING:
    from reviewdesk.services.bundle import Services

PACK_FILTER = "ReviewDesk case pack (*.rdpack)"
RETURN_FILTER = "ReviewDesk contribution (*.rdreturn)"


# --- the lead: send to a contributor ------------------------------------------------------------


class SendPackDialog(WorkingDialog):
    """ "Send to contributor…": a case pack for one person, protected by a passphrase."""

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=2)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._review_id = review_id
        self.sent = None
        doc = services.reviews.get(review_id)
        self.setWindowTitle(self.tr("Send %s to a contributor") % doc.reference)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Make a case pack for one person. It holds the case record, the themes you "
                "choose and their own work so far. It never holds private notes or anyone "
                "else's reflections."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        who = QFormLayout()
        self.name = QLineEdit(self)
        self.role = QLineEdit(self)
        self.agency = QLineEdit(self)
        known = ", ".join(w.contributor.name for w in doc.contributors)
        if known:
            self.name.setToolTip(self.tr("Already in this review: %s") % known)
        who.addRow(self.tr("&Name:"), self.name)
        who.addRow(self.tr("&Role:"), self.role)
        who.addRow(self.tr("A&gency:"), self.agency)
        layout.addLayout(who)

        themes = QGroupBox(self.tr("Themes to include"), self)
        theme_layout = QVBoxLayout(themes)
        self.theme_boxes: dict[str, QCheckBox] = {}
        for theme in doc.framework.themes:
            box = QCheckBox(theme.short_title, themes)
            box.setChecked(True)
            box.setToolTip(theme.title)
            box.toggled.connect(self.update_ready)
            theme_layout.addWidget(box)
            self.theme_boxes[theme.id] = box
        layout.addWidget(themes)

        self.protect = QCheckBox(self.tr("Prot&ect the pack with a passphrase (recommended)"), self)
        self.protect.setChecked(True)
        self.protect.toggled.connect(self._protect_toggled)
        layout.addWidget(self.protect)
        self.passphrase = PassphraseFields(parent=self)
        self.passphrase.changed.connect(self.update_ready)
        layout.addWidget(self.passphrase)
        self.unprotected_note = QLabel(
            self.tr(
                "Without a passphrase, anyone who gets the file can read it. Only choose this "
                "for a route that is already secure."
            ),
            self,
        )
        self.unprotected_note.setWordWrap(True)
        self.unprotected_note.hide()
        layout.addWidget(self.unprotected_note)

        out = QFormLayout()
        self.output = FileRow(self.tr(PACK_FILTER), f"{safe_name(doc.reference)}.rdpack", self)
        self.output.changed.connect(self.update_ready)
        out.addRow(self.tr("&Save the pack as:"), self.output)
        self.return_by = DateField(self.tr("return-by date"), self)
        self.return_by.set_label(self.tr("Ask for the contribution back by (optional)"))
        self.return_by.setToolTip(
            self.tr("Optional. The Due and overdue view counts down to it until it comes back.")
        )
        self.return_by.changed.connect(self._return_by_changed)
        out.addRow(self.tr("Ask for it &back by:"), self.return_by)
        layout.addLayout(out)
        layout.addWidget(self.message)

        self.make_button = self.buttons.addButton(
            self.tr("&Make the pack"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.make_button.clicked.connect(self.make)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self.update_ready)
        self.update_ready()

    def chosen_themes(self) -> list[str]:
        return [tid for tid, box in self.theme_boxes.items() if box.isChecked()]

    def _protect_toggled(self, on: bool) -> None:
        self.passphrase.setVisible(on)
        self.unprotected_note.setVisible(not on)
        self.update_ready()

    def _return_by_changed(self) -> None:
        if self.return_by.is_valid():
            self.message.hide()
        else:
            self.show_message(
                self.tr("Please write the return-by date as a date, such as 18/12/2026."),
                problem=True,
            )
        self.update_ready()

    def update_ready(self) -> None:
        ready = (
            bool(self.name.text().strip())
            and bool(self.chosen_themes())
            and self.output.path() is not None
            and (not self.protect.isChecked() or self.passphrase.passphrase() is not None)
            and (not hasattr(self, "return_by") or self.return_by.is_valid())
        )
        self.make_button.setEnabled(ready and not self.busy)

    def make(self) -> None:
        output = self.output.checked_path()  # asks first if cloud-synced
        if output is None:
            return
        passphrase = self.passphrase.passphrase() if self.protect.isChecked() else None
        themes = self.chosen_themes()
        all_themes = len(themes) == len(self.theme_boxes)
        return_by = self.return_by.value()
        self.start(
            lambda: self._services.packs.make_pack(
                self._review_id,
                self.name.text(),
                output,
                passphrase,
                role=self.role.text(),
                agency=self.agency.text(),
                theme_ids=None if all_themes else themes,
                return_by=return_by,
            ),
            self._made,
            self.tr("Making the pack…"),
        )

    def _made(self, sent) -> None:
        self.sent = sent
        self.accept()


# --- anyone: open a pack or a contribution ------------------------------------------------------


class OpenExchangeFileDialog(WorkingDialog):
    """Open a case pack (practitioner) or a returned contribution (lead), asking for the
    passphrase only when the file is protected. A wrong passphrase can simply be typed again."""

    def __init__(self, services: Services, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=2)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._path = Path(path)
        self.result_of_import = None
        self.setWindowTitle(self.tr("Open %s") % self._path.name)
        self.setMinimumWidth(420)  # room for the wrong-passphrase explanation to read well
        layout = QVBoxLayout(self)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        form = QFormLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel(self.tr("&Passphrase:"), self)
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.open_button = self.buttons.addButton(
            self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.clicked.connect(self.open_file)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self.update_ready)
        self.passphrase.returnPressed.connect(self.open_file)
        self.info: FileInfo | None
        try:
            self.info = services.imports.inspect(self._path)
        except ReviewDeskError as exc:
            self.info = None
            self.about.setText(self._path.name)
            self.passphrase_label.hide()
            self.passphrase.hide()
            self.show_message(str(exc), problem=True)
            self.open_button.hide()
            return
        kind = {
            FileKind.PACK: self.tr("This is a case pack: opening it adds the review to your "
                                   "library, with a space for your own reflections."),
            FileKind.CONTRIBUTION: self.tr("This is a contribution returned by a practitioner: "
                                           "opening it adds their reflections to the review."),
            FileKind.REVIEW: self.tr("This is a whole review saved as a file (JSON)."),
        }[self.info.kind]  # fmt: skip
        protected = self.tr(" It is protected: please enter the passphrase you were given for it.")
        self.about.setText(kind + (protected if self.info.encrypted else ""))
        self.passphrase_label.setVisible(self.info.encrypted)
        self.passphrase.setVisible(self.info.encrypted)
        self.update_ready()

    def _choose_name(self, contributor) -> None:
        """The pack names her one way and her details another: say so, and let her choose."""
        profile = self._services.profile.get()
        if not profile.is_set or profile.name.strip().casefold() == contributor.name.casefold():
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Which name should your reflections carry?"),
            self.tr(
                "This case pack was made for %s. Your details give your name as %s. Your "
                "reflections will go back to the review lead under the name you choose; either "
                "way they arrive in the space the lead made for you."
            )
            % (contributor.name, profile.name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        keep = box.addButton(
            self.tr("&Keep %s") % contributor.name, QMessageBox.ButtonRole.AcceptRole
        )
        use = box.addButton(self.tr("&Use %s") % profile.name, QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is use:  # closed any other way: the pack's name stays
            self._services.reviews.rename_contributor(
                contributor.id, profile.name, profile.role, profile.agency
            )
            self.show_message(
                self.tr("Your reflections in this review will carry the name %s.") % profile.name
            )

    def update_ready(self) -> None:
        needs = self.info is not None and self.info.encrypted
        ready = self.info is not None and (not needs or bool(self.passphrase.text()))
        self.open_button.setEnabled(ready and not self.busy and self.result_of_import is None)

    def open_file(self) -> None:
        if not self.open_button.isEnabled():
            return
        secret = self.passphrase.text() if self.info and self.info.encrypted else None
        self.start(
            lambda: self._services.imports.import_file(self._path, secret),
            self._opened,
            self.tr("Opening…"),
        )

    def failed(self, exc: Exception) -> None:
        super().failed(exc)
        if isinstance(exc, WrongPassphraseError):
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _opened(self, result) -> None:
        self.result_of_import = result
        self.show_message(result.message)
        if result.pack is not None:
            self._choose_name(result.pack.contributor)
        self.passphrase.clear()
        self.passphrase_label.hide()
        self.passphrase.hide()
        self.open_button.hide()
        self.close_button.setText(self.tr("Close"))
        self.update_ready()


# --- the practitioner: return my contribution ---------------------------------------------------


class ReturnContributionDialog(WorkingDialog):
    """ "Return my contribution": my answers, ratings, key learning and evidence, encrypted."""

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self, scroll_keep=2)  # within the screen, however small (gui/fit.py)
        self._services = services
        self._review_id = review_id
        self.written = None
        self.setWindowTitle(self.tr("Return my contribution"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.passphrase = PassphraseFields(
            self.tr(
                "You can use the passphrase that came with the pack: the review lead already "
                "knows it."
            ),
            self,
        )
        self.passphrase.changed.connect(self.update_ready)
        layout.addWidget(self.passphrase)
        out = QFormLayout()
        try:
            preview = services.contributions.preview(review_id)
        except ReviewDeskError as exc:
            preview = None
            self.summary.setText(str(exc))
        suggested = (
            f"{safe_name(preview.reference)}-{safe_name(preview.contributor.name)}.rdreturn"
            if preview
            else "contribution.rdreturn"
        )
        self.output = FileRow(self.tr(RETURN_FILTER), suggested, self)
        self.output.changed.connect(self.update_ready)
        out.addRow(self.tr("&Save it as:"), self.output)
        layout.addLayout(out)
        layout.addWidget(self.message)
        self.write_button = self.buttons.addButton(
            self.tr("&Write my contribution"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.write_button.clicked.connect(self.write)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self._preview = preview
        if preview:
            content = preview.content
            self.summary.setText(
                self.tr(
                    "Your contribution to %s, as %s, holds %s. It holds only these; your private "
                    "notes never leave this computer."
                )
                % (preview.reference, preview.contributor.name, self.tr(content.sentence()))
            )
            self.themes = QTreeWidget(self)
            self.themes.setRootIsDecorated(False)
            self.themes.setHeaderLabels(
                [self.tr("Theme"), self.tr("Answers"), self.tr("Rating"),
                 self.tr("Key learning"), self.tr("Citations")]
            )  # fmt: skip
            self.themes.setAccessibleName(self.tr("What goes back, theme by theme"))
            for theme in content.themes:
                QTreeWidgetItem(
                    self.themes,
                    [
                        theme.title,
                        self.tr("%d of %d") % (theme.answered, theme.prompts),
                        self.tr(theme.rating) if theme.rating else self.tr("Not rated"),
                        self.tr("Written") if theme.key_learning else self.tr("None"),
                        str(theme.citations),
                    ],
                )
            header = self.themes.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, header.ResizeMode.Stretch)
            for col in range(1, 5):
                header.setSectionResizeMode(col, header.ResizeMode.ResizeToContents)
            self.themes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.themes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            row = max(self.themes.sizeHintForRow(0), self.fontMetrics().height() + 6)
            self.themes.setFixedHeight(  # every theme in view: nothing hides below a scroll bar
                row * len(content.themes)
                + header.sizeHint().height()
                + 2 * self.themes.frameWidth()
                + 4
            )
            layout.insertWidget(1, self.themes)
        else:
            self.passphrase.setEnabled(False)
            self.output.setEnabled(False)
        self.update_ready()

    def update_ready(self) -> None:
        ready = (
            self._preview_ready()
            and self.passphrase.passphrase() is not None
            and self.output.path() is not None
            and self.written is None
        )
        self.write_button.setEnabled(ready and not self.busy)

    def _preview_ready(self) -> bool:
        return getattr(self, "_preview", None) is not None

    def write(self) -> None:
        output, secret = self.output.checked_path(), self.passphrase.passphrase()
        if output is None or secret is None:
            return
        if self._preview is not None and self._preview.content.empty and not self._ask_empty():
            return
        self.start(
            lambda: self._services.contributions.write(self._review_id, output, secret),
            self._written,
            self.tr("Writing your contribution…"),
        )

    def _ask_empty(self) -> bool:
        """Nothing written yet: ask before sending an empty contribution."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Return an empty contribution?"),
            self.tr(
                "You have not written anything in this review yet, so the file would hold no "
                "answers, ratings or key learning. You can go back and write first, or return "
                "it as it is (for example, to tell the review lead you have nothing to add)."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        back = box.addButton(self.tr("Go &back and write"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("&Return it empty"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is not back

    def _written(self, written) -> None:
        self.written = written
        self.show_message(
            self.tr("Your contribution is saved in %s. Send it to the review lead. %s")
            % (self.output.path(), self.tr(SEND_SEPARATELY))
        )
        self.write_button.hide()
        self.close_button.setText(self.tr("Close"))


def _day(value) -> str:
    """The date alone, for a narrow column ('6 Dec 2026'); the time is in the tooltip."""
    return short_date(value.astimezone().date()) if value else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --- the lead: who has been sent a pack, who has returned ---------------------------------------


class ContributionsWidget(QWidget):
    """Contributions received: who has been sent a pack for this review, what each has sent back
    and when (answers, ratings, key learning and citations, theme by theme), what is still
    awaited against the return-by date, every version, and a button to import one that has
    come back (the same dialog as File, Import)."""

    COLUMNS = ("Contributor", "Pack sent", "Returned", "Status", "Back by", "What came back")

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._review_id = review_id
        self.import_dialog: OpenExchangeFileDialog | None = None
        layout = QVBoxLayout(self)
        self.empty = QLabel(self.tr("No case packs have been sent for this review yet."), self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.tree.setAccessibleName(self.tr("Contributions"))
        self.tree.setRootIsDecorated(True)
        self.tree.currentItemChanged.connect(self._show_version)
        layout.addWidget(self.tree, 2)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("&Import a returned contribution…"), self)
        self.import_button.setToolTip(
            self.tr("Choose a contribution file (.rdreturn) a contributor sent back to you.")
        )
        self.import_button.clicked.connect(self.import_contribution)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("The selected contribution"))
        self.detail.setPlaceholderText(self.tr("Choose a contribution to read it here."))
        layout.addWidget(self.detail, 1)
        self.refresh()

    def _back_by(self, row: ContributorExchange) -> str:
        if row.return_by is None:
            return "" if row.returned else self.tr("No date asked")
        day = short_date(row.return_by)
        if row.due is None:
            return day
        return self.tr("%s: %s") % (day, self.tr(row.due.phrase))

    def refresh(self) -> None:
        self.rows: tuple[ContributorExchange, ...] = self._services.contributions.status(
            self._review_id
        )
        self._framework = self._services.reviews.get(self._review_id).framework
        self.tree.clear()
        self.empty.setVisible(not self.rows)
        for row in self.rows:
            who = row.contributor.name + (
                f" ({row.contributor.display_role})" if row.contributor.role else ""
            )
            current = row.current
            top = QTreeWidgetItem(
                [
                    who,
                    _day(row.last_sent),
                    _day(current.written_at) if current else self.tr("Not yet"),
                    self.tr("Returned") if current else self.tr("Waiting"),
                    self._back_by(row),
                    self._counts(current.content) if current else self.tr("Nothing yet"),
                ]
            )
            top.setToolTip(0, who)
            top.setToolTip(1, when(row.last_sent))
            if current:
                top.setToolTip(2, when(current.written_at))
                top.setToolTip(5, self.tr(current.content.sentence()))
            top.setData(0, Qt.ItemDataRole.UserRole, current)
            if row.due is not None and row.due.overdue:
                top.setText(3, self.tr("Waiting (overdue)"))  # said in words, never by colour
            self.tree.addTopLevelItem(top)
            for version in row.versions:
                child = QTreeWidgetItem(
                    [
                        self.tr("Contribution"),
                        "",
                        _day(version.written_at),
                        translate_label(version.status.label),
                        "",
                        self._counts(version.content),
                    ]
                )
                child.setToolTip(2, when(version.written_at))
                child.setToolTip(5, self.tr(version.content.sentence()))
                child.setData(0, Qt.ItemDataRole.UserRole, version)
                child.setToolTip(
                    0,
                    self.tr("Written by %s; imported %s. File SHA-256 %s")
                    % (version.written_by, when(version.imported_at), version.file_sha256),
                )
                top.addChild(child)
            top.setExpanded(True)
        for col in range(len(self.COLUMNS)):
            self.tree.resizeColumnToContents(col)
        # A long role and agency must not push what came back out of sight (the whole name is
        # in the tooltip, and the column can be widened by hand).
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 300))

    def _counts(self, content) -> str:
        """Short enough for a column: '3 answers, 2 ratings, 1 key learning, 0 citations'."""
        if content.empty:
            return self.tr("Nothing written")
        return ", ".join(
            (
                _count(content.answered, self.tr("answer"), self.tr("answers")),
                _count(content.rated, self.tr("rating"), self.tr("ratings")),
                self.tr("%d key learning") % content.key_learning,
                _count(content.citations, self.tr("citation"), self.tr("citations")),
            )
        )

    def import_contribution(self) -> None:
        """Choose a returned contribution and open it with the passphrase (the dialog File,
        Import uses); the view shows it as soon as it is in."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a returned contribution"),
            str(Path.home()),
            self.tr("%s;;All files (*)") % self.tr(RETURN_FILTER),
        )
        if not path:
            return  # the chooser was cancelled: nothing changes
        dialog = OpenExchangeFileDialog(self._services, Path(path), self)
        self.import_dialog = dialog
        dialog.finished_work.connect(self._after_import)
        dialog.finished.connect(lambda _result: self._after_import())
        dialog.open()

    def _after_import(self) -> None:
        dialog = self.import_dialog
        if dialog is not None and dialog.result_of_import is not None:
            self.refresh()

    def _show_version(self, item: QTreeWidgetItem | None) -> None:
        version = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if version is None:
            self.detail.clear()
            return
        lines = [
            self.tr("Written %s by %s; imported %s (%s).")
            % (
                when(version.written_at),
                version.written_by,
                when(version.imported_at),
                translate_label(version.status.label),
            ),
            "",
        ]
        if version.content.themes:
            lines.append(self.tr("What came back, theme by theme:"))
            lines += ["  " + self._theme_line(t) for t in version.content.themes]
            lines.append("")
        for a in version.assessments:
            theme = self._framework.theme(a.theme_id)
            rating = a.relevance.label if a.relevance else self.tr("Not rated")
            lines += [f"{theme.short_title}: {rating}", a.key_learning, ""]
        for a in version.answers:
            prompt = next(
                p for t in self._framework.themes for p in t.prompts if p.id == a.prompt_id
            )
            lines += [prompt.text, a.text] + ([f"[{a.evidence}]"] if a.evidence else []) + [""]
        self.detail.setPlainText("\n".join(lines).strip())

    def _theme_line(self, theme) -> str:
        """'Babies: 2 of 5 prompts answered; rated Significant; key learning; 1 citation'."""
        if theme.empty:
            return self.tr("%s: nothing written") % theme.title
        parts = [self.tr("%d of %d prompts answered") % (theme.answered, theme.prompts)]
        parts.append(self.tr("rated %s") % theme.rating if theme.rating else self.tr("not rated"))
        parts.append(self.tr("key learning") if theme.key_learning else self.tr("no key learning"))
        parts.append(_count(theme.citations, self.tr("citation"), self.tr("citations")))
        return f"{theme.title}: {'; '.join(parts)}"


class ContributionsDialog(QDialog):
    """The lead's view of who was sent a pack and who has returned, in a window of its own."""

    def __init__(self, services: Services, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_when_shown(self)  # within the screen, however small (gui/fit.py)
        self.setWindowTitle(self.tr("Contributions received"))
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        self.widget = ContributionsWidget(services, review_id, self)
        layout.addWidget(self.widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
