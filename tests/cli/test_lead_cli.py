"""The review lead's commands, run as a user runs them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli.test_cli import run

GOOD = (
    "Date,What happened,Source record\n"
    "14/03/2025,Sibling 1 starts nursery and settles well,Nursery record\n"
    "April 2025,Parents' evening attended by Mother,Nursery record\n"
)
BAD = "Date,What happened\n31/02/2025,Not a real day\n14/03/2025,Fine\n12/13/2025,Month first\n"


def test_chronology_import_dry_run_import_and_bad_file(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    good, bad = tmp_path / "nursery.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")

    dry = run("chronology", "import", "DEMO-2026-01", str(good), "--agency", "Education",
              "--dry-run", data_dir=data)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "Date -> Date" in dry.stdout and "2 entries would be added" in dry.stdout

    refused = run("chronology", "import", "DEMO-2026-01", str(bad), "--agency", "Education",
                  data_dir=data)  # fmt: skip
    assert refused.returncode == 1
    assert "2 rows that cannot be imported" in refused.stderr
    assert "line 2: '31/02/2025' is not a real date" in refused.stderr
    assert "line 4: '12/13/2025' looks like month/day" in refused.stderr
    assert "Traceback" not in refused.stderr

    done = run("chronology", "import", "DEMO-2026-01", str(good), "--agency", "Education",
               "--map", "Source record=ignore", data_dir=data)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Added 2 entries from Education's chronology" in done.stdout

    unknown = run("chronology", "import", "DEMO-2026-01", str(good), "--agency", "Education",
                  "--map", "Nope=date", data_dir=data)  # fmt: skip
    assert unknown.returncode == 1 and "no column headed 'Nope'" in unknown.stderr

    out = tmp_path / "chronology.csv"
    exported = run("export", "DEMO-2026-01", "--format", "chronology-csv", "-o", str(out),
                   data_dir=data)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "Sibling 1 starts nursery and settles well" in text and "April 2025" in text


def test_actions_export_writes_the_plan_and_never_overwrites(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    out = tmp_path / "plan.csv"
    first = run("actions", "export", "DEMO-2026-01", "--output", str(out), data_dir=data)
    assert first.returncode == 0, first.stderr
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert table[0][0] == "Recommendation" and len(table) == 6  # the demo's five actions
    assert {row[5] for row in table[1:]} == {"Complete", "In progress", "Not started"}
    again = run("actions", "export", "DEMO-2026-01", "--output", str(out), data_dir=data)
    assert again.returncode == 1 and "already exists" in again.stderr
    usage = run("actions", "export", data_dir=data)
    assert usage.returncode == 2
