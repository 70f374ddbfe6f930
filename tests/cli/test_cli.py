"""The command line, run as a user runs it.

Most tests call the real front door, ``reviewdesk.cli.main(argv)``, in this process
(tests/cli/runner.py says why); the tests at the end start a real ``python -m reviewdesk`` or
the ``reviewdesk`` console script, where the point is the real entry point: a fresh
interpreter, the exit status a shell sees, a real pipe.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import ROOT, run, run_process

__all__ = ["ROOT", "run", "run_process"]  # other CLI test files import run from here


def test_version_and_help_import_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from reviewdesk.cli import main\n"
        "for argv in (['--version'], ['--help'], ['list', '--help'], ['backup', '--help'],\n"
        "             ['restore', '--help'], ['audit', 'verify', '--help'], ['purge', '--help'],\n"
        "             ['chronology', 'import', '--help'], ['actions', 'export', '--help'],\n"
        "             ['search', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "heavy = ('PySide6', 'sqlalchemy', 'alembic')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy]\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "ReviewDesk 0." in result.stdout
    assert result.stdout.strip().endswith("clean")


def test_demo_then_list_json_shows_progress(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    first = run("demo", data_dir=data)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "DEMO-2026-01"
    again = run("demo", data_dir=data)
    assert again.returncode == 0 and "already" in again.stderr

    listed = run("list", "--json", data_dir=data)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["reference"] for r in rows] == ["DEMO-2026-01"]
    progress = rows[0]["progress"]
    assert 0 < progress["answered"] < progress["total"]
    assert progress["percent"] == round(100 * progress["answered"] / progress["total"])

    table = run("list", data_dir=data)
    assert "DEMO-2026-01" in table.stdout and "Progress" in table.stdout


def test_environment_variable_chooses_the_library(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    assert run("demo", env={"REVIEWDESK_DATA_DIR": str(data)}).returncode == 0
    assert (data / "reviewdesk.sqlite3").is_file()


def test_export_import_round_trip_and_refusals(tmp_path: Path) -> None:
    lead, other = tmp_path / "lead", tmp_path / "other"
    run("demo", data_dir=lead)
    out = tmp_path / "demo.json"
    exported = run(
        "export", "demo-2026-01", "--format", "json", "--output", str(out), data_dir=lead
    )
    assert exported.returncode == 0, exported.stderr
    again = run("export", "DEMO-2026-01", "--output", str(out), data_dir=lead)
    assert again.returncode == 1 and "already exists" in again.stderr

    imported = run("import", str(out), data_dir=other)
    assert imported.returncode == 0, imported.stderr
    assert "DEMO-2026-01" in imported.stdout
    twice = run("import", str(out), data_dir=other)
    assert twice.returncode == 1 and "already in this library" in twice.stderr

    out2 = tmp_path / "demo2.json"
    assert run("export", "DEMO-2026-01", "-o", str(out2), data_dir=other).returncode == 0
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (out, out2))
    for doc in (a, b):
        doc.pop("exported_at")
        assert len(doc.pop("audit_chain_hash")) == 64  # each library's own chain
    assert a == b


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\x00\x01\x02binary", b'{"format": "reviewdesk-review", "format_version": 7}'],
)
def test_bad_import_exits_1_with_a_message_and_no_traceback(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "lib"
    run("demo", data_dir=data)
    before = run("list", "--json", data_dir=data).stdout
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("import", str(bad), data_dir=data)
    assert result.returncode == 1
    assert result.stderr.startswith("reviewdesk: ")
    assert "Traceback" not in result.stderr
    assert run("list", "--json", data_dir=data).stdout == before


def test_user_errors_exit_1_and_usage_errors_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    missing = run("export", "NOPE", "--output", str(tmp_path / "x.json"), data_dir=data)
    assert missing.returncode == 1 and "no review with the reference" in missing.stderr
    assert run("import", str(tmp_path / "absent.json"), data_dir=data).returncode == 1
    assert run("frobnicate", data_dir=data).returncode == 2
    assert run("export", "REF", data_dir=data).returncode == 2  # --output is required
    assert run("export", "REF", "--format", "xls", "-o", "x", data_dir=data).returncode == 2


def test_a_damaged_library_is_reported_not_replaced(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    data.mkdir()
    (data / "reviewdesk.sqlite3").write_bytes(b"not a database at all" * 100)
    result = run("list", data_dir=data)
    assert result.returncode == 1
    assert "left exactly as it is" in result.stderr
    assert (data / "reviewdesk.sqlite3").read_bytes() == b"not a database at all" * 100


def test_export_documents_with_options(tmp_path: Path) -> None:
    import docx
    from pypdf import PdfReader

    data = tmp_path / "lib"
    run("demo", data_dir=data)
    pdf = tmp_path / "summary.pdf"
    result = run("export", "DEMO-2026-01", "--format", "pdf", "-o", str(pdf), data_dir=data)
    assert result.returncode == 0, result.stderr
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "OFFICIAL-SENSITIVE" in text and "Morwenna" not in text

    named = tmp_path / "named.pdf"
    args = ("--names", "--marking", "OFFICIAL", "--theme", "babies")
    result = run("export", "DEMO-2026-01", "--format", "pdf", "-o", str(named), *args,
                 data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = "".join(p.extract_text() for p in PdfReader(named).pages)
    assert "Morwenna" in text and "OFFICIAL-SENSITIVE" not in text

    for fmt, magic in (("briefing", b"%PDF-"), ("briefing-docx", b"PK"), ("docx", b"PK")):
        out = tmp_path / f"out-{fmt}.{'pdf' if fmt == 'briefing' else 'docx'}"
        result = run("export", "DEMO-2026-01", "--format", fmt, "-o", str(out), data_dir=data)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    # The briefing is marked for circulation: OFFICIAL unless the lead chose otherwise.
    briefing = "".join(p.extract_text() for p in PdfReader(tmp_path / "out-briefing.pdf").pages)
    assert "OFFICIAL" in briefing and "OFFICIAL-SENSITIVE" not in briefing
    word = docx.Document(tmp_path / "out-briefing-docx.docx")
    assert word.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert "What practitioners should do" in [p.text.split(". ", 1)[-1] for p in word.paragraphs]

    again = run("export", "DEMO-2026-01", "--format", "pdf", "-o", str(pdf), data_dir=data)
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run("export", "DEMO-2026-01", "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
              "--theme", "nope", data_dir=data)  # fmt: skip
    assert bad.returncode == 1 and "no theme called 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.pdf").exists()


def test_a_file_to_open_that_is_not_there_is_named_kindly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "from a colleague.rdpack"
    result = run(str(missing), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert result.stderr.strip() == f"reviewdesk: there is no file {missing} to open."


# --- the real entry points (child processes) ----------------------------------------------------


def test_python_dash_m_gives_the_shell_the_right_exit_status(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    made = run_process("demo", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "DEMO-2026-01"
    missing = run_process("export", "NOPE", "--output", str(tmp_path / "x.json"), data_dir=data)
    assert missing.returncode == 1 and "no review with the reference" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert run_process("frobnicate", data_dir=data).returncode == 2


def test_the_console_script_runs_the_same_front_door(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("reviewdesk.exe" if os.name == "nt" else "reviewdesk")
    if not script.is_file():
        pytest.skip("the reviewdesk command is not installed beside this Python")
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    listed = subprocess.run(
        [str(script), "--data-dir", str(data), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert [row["reference"] for row in json.loads(listed.stdout)] == ["DEMO-2026-01"]


@pytest.mark.skipif(os.name != "posix", reason="a closed pipe behaves this way on POSIX")
def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """``reviewdesk list | head``: the reader may close the pipe before everything is written.
    Here it has gone before the first line, the hardest case."""
    data = tmp_path / "lib"
    assert run("demo", data_dir=data).returncode == 0
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reviewdesk", "--data-dir", str(data), "list"],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)
    assert done.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert done.returncode == 1  # as Python's own recipe for a closed pipe
