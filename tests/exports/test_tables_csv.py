"""The action plan and chronology CSVs: every cell safe from formula injection, and the
chronology CSV reads back through the chronology import."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain.analysis import Action, ActionStatus, Recommendation
from reviewdesk.domain.exporting import TableExport
from reviewdesk.exports.tables_csv import FORMULA_STARTS, actions_csv, safe_cell


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@given(st.text())
def test_no_cell_can_start_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


def test_action_plan_csv_quotes_formulas_and_says_overdue_in_words() -> None:
    data = actions_csv(
        (
            Action("=HYPERLINK(\"http://example.invalid\",\"click\")", "R1", "+Police", "@lead",
                   date(2026, 9, 30), ActionStatus.IN_PROGRESS, "-1 fewer", "\tTabbed", id=1,
                   recommendation_id=7),
            Action("Done", due=date(2026, 6, 30), status=ActionStatus.COMPLETE,
                   impact_evidence="Audit: 23 of 23", impact_recorded_on=date(2026, 10, 15),
                   completed_on=date(2026, 7, 2)),
        ),
        (Recommendation("R1", "Share notifications.", id=7),),
        date(2026, 11, 28),
    )  # fmt: skip
    header, first, second = rows(data)
    assert header[:2] == ["Recommendation", "Action"]
    assert first[0] == "R1: Share notifications."
    assert first[1].startswith("'=HYPERLINK") and first[2] == "'+Police" and first[3] == "'@lead"
    assert first[4] == "30/09/2026" and first[5] == "In progress" and first[6] == "Overdue"
    assert first[7] == "'-1 fewer" and first[8] == "'\tTabbed"
    assert second[5:7] == ["Complete", ""] and second[8:10] == ["Audit: 23 of 23", "15/10/2026"]
    assert header[-1] == "Completed" and second[-1] == "02/07/2026" and first[-1] == ""


def test_the_chronology_csv_reads_back_through_the_import(services, demo, tmp_path) -> None:
    out = services.exports.export_table(
        demo.id, TableExport.CHRONOLOGY_CSV, tmp_path / "chronology.csv"
    )
    table = rows(out.read_bytes())
    assert table[0][:4] == ["Date", "Date precision", "Agency", "What happened"]
    assert ["01/10/2025", "October 2025"][1] in [r[0] for r in table]  # month precision kept
    preview = services.chronology.preview(demo.id, out, "Merged chronology")
    assert preview.problems == ()
    entries = services.chronology.entries(demo.id)
    assert len(preview.importable) == len(entries)
    assert all(r.duplicate_of for r in preview.importable)  # each one is already there
    assert [r.entry.precision for r in preview.importable] == [e.precision for e in entries]
    assert services.audit.entries(limit=1)[0].details == "format chronology-csv"
