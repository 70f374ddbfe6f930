"""One ReviewDesk at a time; a crash is noticed at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reviewdesk.domain.errors import LibraryInUseError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.library.instance import RECOVERED_MESSAGE, acquire_instance_lock

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_open_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    first = acquire_instance_lock(tmp_path)
    try:
        with pytest.raises(LibraryInUseError, match="already open"):
            acquire_instance_lock(tmp_path)
    finally:
        first.release()
    again = acquire_instance_lock(tmp_path)
    assert not again.recovered  # the first closed cleanly
    again.release()
    again.release()  # twice is harmless


def _holder(data: Path, *, then: str) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from reviewdesk.services.library.instance import acquire_instance_lock
        lock = acquire_instance_lock(Path({str(data)!r}))
        print("holding", flush=True)
        {then}
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout and proc.stdout.readline().strip() == "holding"
    return proc


def test_another_process_holding_the_library_is_named(tmp_path: Path) -> None:
    holder = _holder(tmp_path, then="sys.stdin.read()")
    try:
        with pytest.raises(LibraryInUseError) as err:
            open_services(resolve_paths(tmp_path))
        assert f"process {holder.pid}" in str(err.value)
        assert "switch to that window" in str(err.value)
    finally:
        assert holder.stdin
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_killed_run_is_noticed_and_the_person_reassured(tmp_path: Path) -> None:
    holder = _holder(tmp_path, then="sys.stdin.read()")
    holder.send_signal(signal.SIGKILL)  # a crash: no chance to release
    holder.wait(timeout=10)
    services = open_services(resolve_paths(tmp_path))  # the OS released the lock itself
    try:
        assert services.recovered_after_crash
        assert services.notices == (RECOVERED_MESSAGE,)
        assert "recovered up to the last save" in RECOVERED_MESSAGE
    finally:
        services.close()
    services = open_services(resolve_paths(tmp_path))
    try:
        assert not services.recovered_after_crash and services.notices == ()
    finally:
        services.close()


def test_the_cli_also_reassures_after_a_crash(tmp_path: Path) -> None:
    holder = _holder(tmp_path, then="import os; os._exit(0)")  # exits without releasing
    holder.wait(timeout=10)
    result = subprocess.run(
        [sys.executable, "-m", "reviewdesk", "--data-dir", str(tmp_path), "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert "recovered up to the last save" in result.stderr
