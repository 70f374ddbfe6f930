"""The core runs on a machine where Qt cannot be imported at all.

import-linter proves it statically ("The core never imports Qt"); this proves it at run time, in
the whole suite: a child Python with PySide6 and shiboken6 replaced by packages that refuse to
import loads every core module, then makes a library, exports from it and checks it through the
command line. (A command-line user, a server-side script or a broken Qt install must never be
stopped by the GUI's dependency.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Modules allowed to need Qt: the GUI, and the two composition roots that start it.
QT_MODULES = ("reviewdesk.gui", "reviewdesk.app", "reviewdesk.selftest")


def _blocked_qt(folder: Path) -> dict[str, str]:
    folder.mkdir()
    for name in ("PySide6", "shiboken6"):
        package = folder / name
        package.mkdir()
        (package / "__init__.py").write_text(
            f"raise ImportError('{name} is blocked: the core must not need Qt')\n"
        )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=240, check=False
    )


def test_every_core_module_imports_with_qt_blocked(tmp_path: Path) -> None:
    env = _blocked_qt(tmp_path / "noqt")
    script = textwrap.dedent(
        f"""
        import importlib, json, pkgutil, sys
        try:
            import PySide6
        except ImportError:
            pass
        else:
            raise SystemExit("the Qt block did not take")
        import reviewdesk
        skip = {QT_MODULES!r}
        loaded = []
        for info in pkgutil.walk_packages(reviewdesk.__path__, "reviewdesk."):
            name = info.name
            if name.startswith(skip) or ".migrations." in name:
                continue
            importlib.import_module(name)
            loaded.append(name)
        assert not any(m.startswith(("PySide6.", "shiboken6")) for m in sys.modules)
        print(json.dumps(loaded))
        """
    )
    result = _run(env, "-c", script)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    # The walk really reached every layer (a wrong path would load nothing and pass).
    for layer in ("domain", "store", "services", "exports", "cli", "cli.lead", "cli.privacy"):
        assert any(name.startswith(f"reviewdesk.{layer}") for name in loaded), layer
    assert len(loaded) > 60


def test_command_line_work_needs_no_qt(tmp_path: Path) -> None:
    """Five commands through the real front door, in one child Python with Qt blocked (one
    interpreter for all five: what is tested is the absence of Qt, not the start-up)."""
    env = _blocked_qt(tmp_path / "noqt")
    data = tmp_path / "data"
    pdf, docx = tmp_path / "summary.pdf", tmp_path / "summary.docx"
    commands = [
        ["demo"],
        ["list", "--json"],
        ["export", "--format", "pdf", "--output", str(pdf), "DEMO-2026-01"],
        ["export", "--format", "docx", "--output", str(docx), "DEMO-2026-01"],
        ["check"],
    ]
    script = textwrap.dedent(
        """
        import json, sys
        from reviewdesk.cli import main
        for argv in json.loads(sys.argv[1]):
            print(f"@@ {argv[0]} exited", main(["--data-dir", sys.argv[2], *argv]), flush=True)
        print("@@ qt loaded", any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules))
        """
    )
    result = _run(env, "-c", script, json.dumps(commands), str(data))
    assert result.returncode == 0, result.stderr
    exits = [line for line in result.stdout.splitlines() if line.startswith("@@")]
    assert exits == [f"@@ {argv[0]} exited 0" for argv in commands] + ["@@ qt loaded False"]
    listed = result.stdout.split("@@ demo exited 0", 1)[1].split("@@ list exited", 1)[0]
    assert [r["reference"] for r in json.loads(listed)] == ["DEMO-2026-01"]
    assert pdf.stat().st_size > 1000 and docx.stat().st_size > 1000
    assert "PySide6" not in result.stderr
