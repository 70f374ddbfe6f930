"""The scripts in benchmarks/ and tools/ run as documented (``python benchmarks/X.py``).

Run as a script, a file's own folder comes first on ``sys.path``, so a script named after a
standard-library module (benchmarks/typing.py once was) hides that module from every other
script in the folder: ``python benchmarks/export_large.py`` then crashed on ``import typing``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT_FOLDERS = ("benchmarks", "tools", "installers")


def test_no_script_is_named_after_a_standard_library_module() -> None:
    clashes = [
        f"{folder}/{path.name}"
        for folder in SCRIPT_FOLDERS
        for path in (ROOT / folder).glob("*.py")
        if path.stem in sys.stdlib_module_names
    ]
    assert clashes == []


def test_the_large_export_benchmark_starts_as_documented() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "export_large.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--repeat" in done.stdout


# Each benchmark at a tiny size (issue 20: each runs at 1,000 and 10,000 reviews with --reviews;
# here a handful, so they stay runnable). Each is a real run of the script as documented.
TINY = {
    "cli_commands.py": ["--reviews", "2", "--rounds", "1"],
    "make_library.py": ["{tmp}/lib", "--reviews", "3", "--batch", "2"],
    "search.py": ["--reviews", "3", "--repeat", "1"],
    "dashboard.py": ["--reviews", "3", "--runs", "1"],
    "startup.py": ["--reviews", "3", "--rounds", "1"],
    "schema_check.py": ["--reviews", "2", "--runs", "1"],
    "export_large.py": ["--reviews", "2", "--repeat", "1"],
    "typing_speed.py": ["--reviews", "2", "--keys", "5", "--runs", "1"],
    "exchange_schema.py": ["--reviews", "2", "--runs", "1"],
}


def test_every_benchmark_takes_a_number_of_reviews() -> None:
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py")} - {
        "library_text.py",
        "library_window.py",  # measures a library make_library.py built, at any size (DATA_DIR)
        "dashboard_window.py",  # the same, for the dashboard's window (DATA_DIR)
        "library_completion.py",  # the same, for the list's background completion (DATA_DIR)
        "server_load.py",  # 20 clients on a PostgreSQL server: its size is clients and seconds
    }
    assert scripts == set(TINY)
    for name in TINY:
        assert "--reviews" in (ROOT / "benchmarks" / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", sorted(TINY))
def test_each_benchmark_runs_at_a_tiny_size(name: str, tmp_path: Path) -> None:
    args = [a.format(tmp=tmp_path) for a in TINY[name]]
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.strip()
