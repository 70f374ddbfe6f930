"""Private notes never leave the app, in any format."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from reviewdesk.domain.exporting import ExportFormat, ExportOptions
from reviewdesk.domain.review import Relevance
from tests.exports.conftest import pdf_text

CANARY = "CANARY-PRIVATE-5519"


def _all_text(fmt: ExportFormat, data: bytes) -> str:
    if fmt in (ExportFormat.PDF, ExportFormat.BRIEFING):
        return pdf_text(data) + data.decode("latin-1")
    if fmt in (ExportFormat.DOCX, ExportFormat.BRIEFING_DOCX):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("names", [False, True])
def test_private_notes_never_appear(services, demo, tmp_path, fmt, names) -> None:
    for work in services.reviews.get(demo.id).contributors:
        services.reviews.save_private_note(work.contributor.id, f"{CANARY} overall")
        services.reviews.save_private_note(work.contributor.id, f"{CANARY} babies", "babies")
    options = ExportOptions(show_names=names, include_unanswered=True)
    out = services.exports.export(demo.id, fmt, tmp_path / f"out.{fmt.extension}", options)
    data = out.read_bytes()
    assert len(data) > 1000
    assert CANARY not in _all_text(fmt, data)
    # The check can fail: the same canary written as key learning does come out.
    c = services.reviews.get(demo.id).contributors[0].contributor
    services.reviews.save_assessment(c.id, "babies", Relevance.SIGNIFICANT, CANARY)
    for f in services.findings.analysis(demo.id).findings:  # the briefing leads with findings
        services.findings.edit_finding(f.id, replace(f, statement=f"{CANARY} {f.statement}"))
    again = services.exports.render(demo.id, fmt, options)
    assert CANARY in _all_text(fmt, again)
