"""Exports are what they say, and go where the person meant (issue 15, point 6): the Export
dialog driven as a person would, its questions answered by clicking their buttons."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from reviewdesk.domain.exporting import ExportFormat
from reviewdesk.gui.dialogs.export_dialog import ExportDialog
from reviewdesk.gui.dialogs.file_writing import documents_folder
from tests.gui.conftest import answer_modal, click_button

TIMEOUT = 30_000
TODAY = date.today().isoformat()


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    summary, _ = services.exchange.add_demo()
    return summary


@pytest.fixture
def dialog(qtbot, services, demo, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    d = ExportDialog(services, demo.id, folder=folder)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def _choose(qtbot, dialog: ExportDialog, fmt: ExportFormat) -> None:  # type: ignore[no-untyped-def]
    button = dialog.format_buttons[fmt]  # clicked on its round indicator, at the left
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(10, button.height() // 2))
    assert dialog.chosen_format is fmt


def _type_name(qtbot, dialog: ExportDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    edit: QLineEdit = dialog.path_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _export(qtbot, dialog: ExportDialog) -> Path:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return Path(blocker.args[0])


def test_the_suggested_name_follows_the_format(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    folder = dialog.destination().parent
    expected = {
        ExportFormat.DOCX: f"DEMO-2026-01 learning summary {TODAY}.docx",
        ExportFormat.JSON: f"DEMO-2026-01 review data {TODAY}.json",
        ExportFormat.BRIEFING: f"DEMO-2026-01 7-minute briefing {TODAY}.pdf",
        ExportFormat.PDF: f"DEMO-2026-01 learning summary {TODAY}.pdf",
    }
    for fmt, name in expected.items():
        _choose(qtbot, dialog, fmt)
        assert dialog.destination() == folder / name


def test_a_name_the_person_typed_keeps_its_words_and_takes_the_new_extension(  # type: ignore[no-untyped-def]
    qtbot, dialog, tmp_path
) -> None:
    _type_name(qtbot, dialog, str(tmp_path / "For the panel.pdf"))
    _choose(qtbot, dialog, ExportFormat.DOCX)
    assert dialog.destination() == tmp_path / "For the panel.docx"
    _choose(qtbot, dialog, ExportFormat.JSON)
    assert dialog.destination() == tmp_path / "For the panel.json"
    _choose(qtbot, dialog, ExportFormat.BRIEFING)
    assert dialog.destination() == tmp_path / "For the panel.pdf"


def test_a_typed_name_with_the_wrong_extension_is_questioned(qtbot, dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _choose(qtbot, dialog, ExportFormat.DOCX)
    _type_name(qtbot, dialog, str(tmp_path / "summary.pdf"))
    # "Go back": nothing is written, and the dialog says why.
    answer_modal(click_button("Go back"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.status_label.text())
    assert not (tmp_path / "summary.pdf").exists() and not (tmp_path / "summary.docx").exists()
    # "Save as summary.docx": the right name, a real Word document.
    answer_modal(click_button("Save as summary.docx"))
    written = _export(qtbot, dialog)
    assert written == tmp_path / "summary.docx"
    assert dialog.destination() == written
    assert not (tmp_path / "summary.pdf").exists()
    assert "Child D" in "\n".join(p.text for p in Document(str(written)).paragraphs)


def _onedrive(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "OneDrive - Eastmere Council" / "Documents"
    folder.mkdir(parents=True)
    return folder


def test_a_file_chosen_inside_onedrive_is_asked_about_first(  # type: ignore[no-untyped-def]
    qtbot, dialog, tmp_path, monkeypatch
) -> None:
    target = _onedrive(tmp_path) / "summary.pdf"
    # The file chooser: the person picks a file inside their OneDrive folder.
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF"))
    )
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.destination() == target

    seen: dict[str, str] = {}

    def keep_it_here(box) -> None:  # type: ignore[no-untyped-def]
        seen["text"] = box.text() + " " + box.informativeText()
        click_button("Choose another folder")(box)

    answer_modal(keep_it_here)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not synced" in dialog.status_label.text())
    assert "OneDrive" in seen["text"] and "sensitive" in seen["text"]
    assert not target.exists()

    answer_modal(click_button("Save it there anyway"))
    assert _export(qtbot, dialog) == target
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_local_folder_is_not_asked_about(qtbot, dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog.confirm_replace = lambda _p: pytest.fail("nothing to replace")  # type: ignore[method-assign]
    written = _export(qtbot, dialog)  # no question: a question would block this wait
    assert written.parent == tmp_path / "exports"


def test_the_default_folder_exists_and_is_not_synced(tmp_path, monkeypatch, qapp) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    assert documents_folder() == home  # no Documents folder: home, which exists
    (home / "Documents").mkdir()
    assert documents_folder() == home / "Documents"
    # Documents taken over by OneDrive (Windows' folder backup): offered home instead.
    shutil.rmtree(home / "Documents")
    synced = _onedrive(tmp_path)
    (home / "Documents").symlink_to(synced, target_is_directory=True)
    assert documents_folder() == home
    assert documents_folder().is_dir()


# --- every format the dialog offers opens in its reader -------------------------------------


def _read_pdf(path: Path) -> str:
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        )
        assert "DEMO-2026-01" in done.stdout or "Child D" in done.stdout
    return text


def _read_docx(path: Path) -> str:
    assert zipfile.is_zipfile(path)
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _read_json(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "reviewdesk-review"
    return json.dumps(data, ensure_ascii=False)


def _read_csv(path: Path) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 1
    return "\n".join(",".join(r) for r in rows)


READERS = {"pdf": _read_pdf, "docx": _read_docx, "json": _read_json, "csv": _read_csv}


def test_every_format_the_dialog_offers_exports_a_file_its_reader_opens(  # type: ignore[no-untyped-def]
    qtbot, dialog
) -> None:
    offered = [fmt for fmt, button in dialog.format_buttons.items() if button.isVisible()]
    assert offered, "the dialog offers no formats"
    for fmt in offered:
        _choose(qtbot, dialog, fmt)
        written = _export(qtbot, dialog)
        assert written.is_file() and written.suffix == f".{fmt.extension}", written
        text = READERS[fmt.extension](written)
        assert "Child D" in text or "DEMO-2026-01" in text, fmt


# --- the other places that write a file ask the same question -----------------------------------


def test_a_case_pack_into_onedrive_is_asked_about_and_gets_its_extension(  # type: ignore[no-untyped-def]
    qtbot, services, demo, tmp_path
) -> None:
    from reviewdesk.gui.dialogs.exchange_dialogs import SendPackDialog

    dialog = SendPackDialog(services, demo.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Priya Shah")
    qtbot.keyClicks(dialog.role, "Health visitor")
    qtbot.keyClicks(dialog.passphrase.first, "plum tractor lantern harbour")
    qtbot.keyClicks(dialog.passphrase.second, "plum tractor lantern harbour")
    target = _onedrive(tmp_path) / "for Priya"  # typed without the extension
    qtbot.keyClicks(dialog.output.edit, str(target))
    answer_modal(click_button("Choose another folder"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.output.edit.text().endswith(".rdpack"))
    assert not dialog.busy and dialog.sent is None
    assert list(target.parent.iterdir()) == []  # nothing written
    answer_modal(click_button("Save it there anyway"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sent is not None, timeout=TIMEOUT)
    assert (target.parent / "for Priya.rdpack").is_file()


def test_the_chronology_csv_into_dropbox_is_asked_about(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from reviewdesk.gui.pages.analysis.chronology import choose_save_path

    folder = tmp_path / "home" / "Dropbox"
    folder.mkdir(parents=True)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(folder / "chronology"), "CSV (*.csv)")),
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    answer_modal(click_button("Choose another folder"))
    assert choose_save_path(parent, "Export the chronology", "chronology.csv") is None
    answer_modal(click_button("Save it there anyway"))
    assert choose_save_path(parent, "Export", "chronology.csv") == folder / "chronology.csv"
