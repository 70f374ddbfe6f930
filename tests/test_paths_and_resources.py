from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reviewdesk import paths as paths_module
from reviewdesk.paths import PORTABLE_MARKER, resolve_paths
from reviewdesk.resources import framework_file, resources_dir

ROOT = Path(__file__).resolve().parents[1]


def test_command_line_beats_environment(tmp_path: Path) -> None:
    env = {"REVIEWDESK_DATA_DIR": str(tmp_path / "env")}
    chosen = resolve_paths(tmp_path / "cli", environ=env)
    assert chosen.data_dir == tmp_path / "cli" and chosen.how == "command line"
    assert resolve_paths(None, environ=env).data_dir == tmp_path / "env"


def test_portable_marker_puts_data_beside_the_executable(tmp_path: Path) -> None:
    (tmp_path / PORTABLE_MARKER).write_text("", encoding="utf-8")
    chosen = resolve_paths(None, environ={}, executable_dir=tmp_path)
    assert chosen.how == "portable"
    assert chosen.data_dir.parent == tmp_path


def test_default_is_the_local_user_data_folder(tmp_path: Path) -> None:
    chosen = resolve_paths(None, environ={}, executable_dir=tmp_path)
    assert chosen.how == "user profile"
    assert "ReviewDesk" in str(chosen.data_dir)
    assert not chosen.data_dir.exists()  # resolving never creates anything


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_folders_are_private_to_the_user(tmp_path: Path) -> None:
    chosen = resolve_paths(tmp_path / "d").ensure()
    for folder in (chosen.data_dir, chosen.backups_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_importing_creates_nothing(tmp_path: Path) -> None:
    code = "import reviewdesk.paths, reviewdesk.resources, reviewdesk.cli"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "REVIEWDESK_DATA_DIR": str(tmp_path / "d"),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert paths_module.DATABASE_NAME == "reviewdesk.sqlite3"


def test_resources_found_in_the_checkout() -> None:
    assert resources_dir() == ROOT / "resources"
    assert framework_file().is_file()


@pytest.mark.slow
def test_the_wheel_ships_the_resources_and_finds_them(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("reviewdesk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "reviewdesk/_resources/frameworks/cspr-annual-report-2021.toml" in names
    assert "reviewdesk/_resources/demo/child-d.json" in names
    assert any(n.startswith("reviewdesk/store/migrations/versions/0001") for n in names)
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from reviewdesk.resources import resources_dir, framework_file\n"
        "from reviewdesk.services.frameworks import default_framework\n"
        "print(resources_dir()); assert len(default_framework().themes) == 6\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(site / "reviewdesk" / "_resources")
