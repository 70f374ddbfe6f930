"""Files written atomically, never silently replaced, with names every system accepts."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain.errors import ReviewDeskError
from reviewdesk.files import (
    MAX_NAME_LENGTH,
    OutputExistsError,
    safe_file_name,
    write_atomically,
)

WINDOWS_RESERVED = (
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(10)} | {f"LPT{i}" for i in range(10)}
)


def test_writes_then_refuses_to_replace_unless_asked(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    write_atomically(out, b"first")
    with pytest.raises(OutputExistsError, match="already exists"):
        write_atomically(out, b"second")
    assert out.read_bytes() == b"first"
    write_atomically(out, b"third", overwrite=True)
    assert out.read_bytes() == b"third"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]  # no .part left behind


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ReviewDeskError, match="No space left on device"):
        write_atomically(tmp_path / "x.pdf", b"data")
    assert list(tmp_path.iterdir()) == []


def test_readable_errors_for_folders(tmp_path: Path) -> None:
    with pytest.raises(ReviewDeskError, match="is a folder"):
        write_atomically(tmp_path, b"x")
    with pytest.raises(ReviewDeskError, match="does not exist"):
        write_atomically(tmp_path / "absent" / "x.pdf", b"x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DEMO-2026-01 summary 2026-05-01", "DEMO-2026-01 summary 2026-05-01.pdf"),
        ("LCSPR/2026/07", "LCSPR-2026-07.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.tar", "_nul.tar.pdf"),
        ('a<b>c:d"e|f?g*h', "a-b-c-d-e-f-g-h.pdf"),
        ("  trailing dots... ", "trailing dots.pdf"),
        ("", "export.pdf"),
        ("\x00\x01", "export.pdf"),
    ],
)
def test_safe_file_name_examples(text: str, expected: str) -> None:
    assert safe_file_name(text, "pdf") == expected


@given(st.text(max_size=400), st.sampled_from(["pdf", "docx", "json", ""]))
def test_safe_file_name_is_valid_on_windows(text: str, ext: str) -> None:
    name = safe_file_name(text, ext)
    assert 0 < len(name) <= MAX_NAME_LENGTH
    assert not set('<>:"/\\|?*') & set(name)
    assert all(ord(ch) >= 32 and unicodedata.category(ch) not in {"Cc", "Cf", "Cs"} for ch in name)
    assert not name.endswith((" ", ".")) and not name.startswith((" ", "."))
    assert name.split(".")[0].upper() not in WINDOWS_RESERVED
    if ext:
        assert name.endswith(f".{ext}")
    assert safe_file_name(name.removesuffix(f".{ext}") if ext else name, ext) == name
