"""ReviewDesk makes no network connections. A Python audit hook that fails on any socket use
watches the main headless flows (audit hooks cannot be removed, so this runs in a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GUARD = textwrap.dedent(
    """
    import sys
    NETWORK_EVENTS = {"socket.connect", "socket.bind", "socket.getaddrinfo",
                      "socket.gethostbyname", "socket.gethostbyaddr", "socket.sendto",
                      "urllib.Request", "http.client.connect", "ftplib.connect",
                      "smtplib.connect", "webbrowser.open"}
    attempts = []
    def hook(event, args):
        if event in NETWORK_EVENTS:
            attempts.append((event, repr(args)[:200]))
            raise RuntimeError(f"network use is forbidden: {event} {args!r}")
    sys.addaudithook(hook)
    """
)


def run_guarded(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = (
        GUARD + textwrap.dedent(body) + "\nassert not attempts, attempts\nprint('NO-NETWORK-OK')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REVIEWDESK_DATA_DIR": str(tmp_path / "lib")}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
        cwd=tmp_path,
    )


def test_the_guard_catches_a_connection(tmp_path: Path) -> None:
    result = run_guarded(
        """
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except RuntimeError:
            pass
        assert attempts, "the hook saw nothing"
        attempts.clear()
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "NO-NETWORK-OK" in result.stdout


def test_headless_flows_open_no_socket(tmp_path: Path) -> None:
    result = run_guarded(
        f"""
        from reviewdesk.cli import main
        out = {str(tmp_path / "out.json")!r}
        assert main(["demo"]) == 0
        assert main(["list", "--json"]) == 0
        assert main(["export", "DEMO-2026-01", "--format", "json", "--output", out]) == 0
        assert main(["--data-dir", {str(tmp_path / "other")!r}, "import", out]) == 0
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NO-NETWORK-OK" in result.stdout
