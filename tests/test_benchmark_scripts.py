"""The scripts in benchmarks/ and tools/ run as documented (``python benchmarks/X.py``).

Run as a script, a file's own folder comes first on ``sys.path``, so a script named after a
standard-library module (benchmarks/typing.py once was) hides that module from every other
script in the folder: ``python benchmarks/export_large.py`` then crashed on ``import typing``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
