"""The fixed review behind tests/services/test_analysis_fields.py: the demo's analysis with one
of every kind of value the analysis tables hold, fixed uids and times (made once by
``python -m tests.services.analysis_round_trip``, from the code before the field tables)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services

HERE = Path(__file__).parent / "fixtures"
INPUT = HERE / "analysis-round-trip.json"
EXPORT = HERE / "analysis-round-trip.export.json"
ROWS = HERE / "analysis-round-trip.rows.json"
DOMAIN = HERE / "analysis-round-trip.domain.txt"
TABLES = (
    "chronology_import", "chronology_entry", "practice_episode", "episode_entry", "finding",
    "finding_evidence", "recommendation", "recommendation_finding", "action_item",
    "action_impact", "decision", "answer_citation",
)  # fmt: skip


def outputs(data_dir: Path) -> tuple[bytes, str, str]:
    """Import INPUT into a new library in ``data_dir``; give back its export (without the
    export time and audit hash), every row of the analysis tables, and the domain analysis."""
    svc = open_services(resolve_paths(data_dir))
    try:
        summary = svc.exchange.import_document(json.loads(INPUT.read_text("utf-8")))
        doc = svc.exchange.export_dict(summary.id)
        doc.pop("exported_at")
        exported = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        analysis = repr(svc.findings.analysis(summary.id))
    finally:
        svc.close()
    conn = sqlite3.connect(data_dir / "reviewdesk.sqlite3")
    try:
        rows = {
            t: [list(map(repr, r)) for r in conn.execute(f'SELECT * FROM "{t}"')] for t in TABLES
        }
    finally:
        conn.close()
    return exported, json.dumps(rows, indent=1), analysis


def _make(scratch: Path) -> None:
    svc = open_services(resolve_paths(scratch / "a"))
    demo, _ = svc.exchange.add_demo()
    doc = svc.exchange.export_dict(demo.id)
    svc.close()
    counter = iter(range(1, 10_000))
    fixed: dict[str, str] = {}

    def same(value):  # every uid and time replaced by a fixed one, links kept
        if isinstance(value, dict):
            return {k: same(v) for k, v in value.items()}
        if isinstance(value, list):
            return [same(v) for v in value]
        if isinstance(value, str):
            try:
                uuid.UUID(value)
            except ValueError:
                if len(value) > 19 and value[10:11] == "T" and value.endswith("Z"):
                    return f"2026-05-0{1 + len(fixed) % 9}T10:{len(fixed) % 60:02d}:00Z"
                return value
            if value not in fixed:
                fixed[value] = str(uuid.UUID(int=next(counter)))
            return fixed[value]
        return value

    doc = same(doc)
    doc.pop("exported_at", None)
    batch = str(uuid.UUID(int=9001))
    doc["chronology_imports"] = [
        {"uid": batch, "agency": "Police", "file_name": "police.csv", "rows": 2,
         "imported_at": "2026-04-01T09:00:00Z"}
    ]  # fmt: skip
    e = doc["chronology"]
    e[0].update(precision="year", significant=True, positive_practice=True, import_=None)
    e[0].pop("import_")
    e[1].update(source_agency="Police", positive_practice=True)
    e[1]["import"] = batch
    e[2]["removed_at"] = "2026-06-01T12:00:00Z"
    doc["episodes"][0]["contributory_factors"] = ["Workload", "No shared record"]
    f = doc["findings"]
    f[0]["pattern_evidence"] = "Seen in three of four audits."
    f[1]["removed_at"] = "2026-06-02T12:00:00Z"
    r = doc["recommendations"]
    r[0].update(owner_partner="health", response="accepted_in_part", response_on="2026-07-01",
                response_text="Agreed for midwifery only.")  # fmt: skip
    a = doc["actions"]
    a[0].update(due=None, impact_recorded_on="2026-08-01", impact_evidence="Audit showed it.")
    a[1]["impact_log"] = [
        {"uid": str(uuid.UUID(int=9002)), "recorded_on": "2026-09-01", "kind": "audit_6_months",
         "evidence": "Six-month audit: 9 of 10.", "created_at": "2026-09-01T10:00:00Z",
         "updated_at": "2026-09-01T10:00:00Z"}
    ]  # fmt: skip
    HERE.mkdir(exist_ok=True)
    INPUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    exported, rows, analysis = outputs(scratch / "b")
    EXPORT.write_bytes(exported)
    ROWS.write_text(rows + "\n", "utf-8")
    DOMAIN.write_text(analysis + "\n", "utf-8")


if __name__ == "__main__":
    import os
    import tempfile

    os.environ.setdefault("REVIEWDESK_DEMO_DATE", "2026-08-03")
    with tempfile.TemporaryDirectory() as scratch:
        _make(Path(scratch))
