from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reviewdesk.domain.errors import ValidationError
from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.files import OutputExistsError
from reviewdesk.services.exports import default_file_name


@pytest.fixture
def demo(services):
    summary, _ = services.exchange.add_demo()
    return summary


def test_default_names_use_the_reference_and_date_never_the_title(services, demo) -> None:
    on = date(2026, 5, 1)
    names = {fmt: services.exports.default_file_name(demo.id, fmt, on) for fmt in ExportFormat}
    assert names[ExportFormat.PDF] == "DEMO-2026-01 learning summary 2026-05-01.pdf"
    assert names[ExportFormat.BRIEFING] == "DEMO-2026-01 7-minute briefing 2026-05-01.pdf"
    assert names[ExportFormat.DOCX] == "DEMO-2026-01 learning summary 2026-05-01.docx"
    assert names[ExportFormat.JSON] == "DEMO-2026-01 review data 2026-05-01.json"
    assert not any("Child" in n for n in names.values())
    assert default_file_name("AUX", ExportFormat.PDF, on).startswith("AUX ")
    assert default_file_name("a/b\\c", ExportFormat.JSON, on) == "a-b-c review data 2026-05-01.json"


def test_export_writes_each_format_and_never_replaces_silently(services, demo, tmp_path) -> None:
    magic = {
        "pdf": b"%PDF-",
        "briefing": b"%PDF-",
        "briefing-docx": b"PK",
        "docx": b"PK",
        "json": b"{",
    }
    for fmt in ExportFormat:
        out = tmp_path / f"out-{fmt.value}.{fmt.extension}"
        progress: list[int] = []
        services.exports.export(
            demo.id, fmt, out, progress=lambda p, _m, seen=progress: seen.append(p)
        )
        assert out.read_bytes().startswith(magic[fmt.value])
        assert progress[0] == 0 and progress[-1] == 100
        with pytest.raises(OutputExistsError):
            services.exports.export(demo.id, fmt, out)
        services.exports.export(demo.id, fmt, out, overwrite=True)
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


def test_options_are_checked_against_the_framework(services, demo, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no theme called 'nope'"):
        services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(theme_ids=("nope",)))
    with pytest.raises(ValidationError, match="at least one theme"):
        services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(theme_ids=()))
    with pytest.raises(ValidationError, match="up to 60 characters"):
        services.exports.render(demo.id, ExportFormat.PDF, ExportOptions(marking="X" * 61))
    with pytest.raises(ValidationError, match="no theme called"):
        services.exports.export(
            demo.id, ExportFormat.DOCX, tmp_path / "x.docx", ExportOptions(theme_ids=("x",))
        )
    assert not (tmp_path / "x.docx").exists()
