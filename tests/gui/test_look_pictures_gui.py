"""The style sheet's pictures (drop-down arrows, the tick, the radio dot, in the look's colours)
are files the sheet names: kept in the data folder and written once, never left behind in the
temporary folder (every start left a folder there, thousands on a machine running the tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.gui import style
from reviewdesk.gui.style import sheet_picture


def test_a_picture_is_written_once_and_found_again(tmp_path: Path, monkeypatch) -> None:
    look = tmp_path / "data" / "look"
    first = Path(sheet_picture("chevron-down", "#1E2326", look))
    assert first.parent == look and first.read_text(encoding="utf-8").count("#1E2326") >= 1
    assert "currentColor" not in first.read_text(encoding="utf-8")
    written: list[Path] = []
    real = Path.write_text

    def spy(self: Path, *args, **kwargs) -> int:  # type: ignore[no-untyped-def]
        written.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", spy)
    monkeypatch.setattr(style, "_passing_folder", lambda: pytest.fail("a temporary folder made"))
    assert Path(sheet_picture("chevron-down", "#1E2326", look)) == first  # the next start
    assert written == []  # found, not written again
    other = Path(sheet_picture("chevron-down", "#FFFFFF", look))  # another colour: another file
    assert other != first and "#FFFFFF" in other.read_text(encoding="utf-8")
    assert sorted(p.name for p in look.iterdir() if p.name.startswith(".")) == []  # no parts


def test_a_data_folder_that_cannot_be_written_falls_back_to_a_passing_folder(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "look"
    blocked.write_text("not a folder", encoding="utf-8")  # mkdir fails under it
    path = Path(sheet_picture("check", "#FFFFFF", blocked / "inner"))
    assert path.parent == style._passing_folder() and path.is_file()
