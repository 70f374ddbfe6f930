"""The analysis tables' one table of fields (store/analysis.py) drives the domain read models,
the exchange writer and the exchange reader: a full round trip of the demo's analysis, with one
of every kind of value, stores, reads and writes exactly what the hand-written mappings did
(issue 21, point 3). The expected files were made by the code before the field tables, and
remade once since by the table-driven code, when the demo moved to version 2 of the framework and
actions gained the day they were completed (issue 18). Chronology entries and impact evidence
gained a version and who saved last (migration 0019), as did episodes, recommendations, actions
and decisions (0018): their stored rows and read models carry them (version 1, nobody named for
rows written by an import); the export is unchanged."""

from __future__ import annotations

from tests.services.analysis_round_trip import DOMAIN, EXPORT, ROWS, outputs


def test_a_round_trip_of_a_full_analysis_is_byte_identical_to_before(tmp_path) -> None:
    exported, rows, analysis = outputs(tmp_path / "data")
    assert rows + "\n" == ROWS.read_text("utf-8")  # the stored data, row for row
    assert analysis + "\n" == DOMAIN.read_text("utf-8")  # the domain's read models
    assert exported == EXPORT.read_bytes()  # the JSON, byte for byte
