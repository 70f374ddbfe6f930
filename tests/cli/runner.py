"""Two ways to run the command line in a test.

:func:`run` calls :func:`reviewdesk.cli.main` in this process, as the console script does, with
what it prints captured and a ``SystemExit`` (argparse: ``--help``, wrong usage) turned into the
exit status. It is what most CLI tests use: the same front door, argument parser, handlers and
exit statuses as a real run, without paying about a second to start Python, import SQLAlchemy
and open the library again for every command.

:func:`run_process` starts a real ``python -m reviewdesk``: for the few tests whose point is the
real entry point (a fresh interpreter, real exit statuses, real pipes).

Both take the same arguments and return something with ``returncode``, ``stdout`` and
``stderr``, so a test can switch from one to the other by changing one name.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Ran:
    """What a run of the command line left behind (like ``subprocess.CompletedProcess``)."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def _argv(args: tuple[str, ...], data_dir: Path | None) -> list[str]:
    return [*(["--data-dir", str(data_dir)] if data_dir is not None else []), *args]


DEMO_DATE, DEMO_WRITTEN_FOR = "REVIEWDESK_DEMO_DATE", "2026-08-03"


@contextlib.contextmanager
def _environment(env: dict[str, str] | None):  # type: ignore[no-untyped-def]
    # The demo is seen on the day it was written for, even from a module-scoped fixture that
    # runs before tests/conftest.py pins it (services/exchange/demo_dates.py).
    env = {DEMO_DATE: os.environ.get(DEMO_DATE, DEMO_WRITTEN_FOR), **(env or {})}
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None) -> Ran:
    """``reviewdesk [--data-dir DATA_DIR] ARGS...`` in this process. ``env`` adds to (or
    overrides) the environment for this run only. Standard input is empty and not a terminal
    (as with ``stdin=subprocess.DEVNULL``), so a missing passphrase is refused, never asked for.
    An unexpected exception is not turned into an exit status: it fails the test, traceback and
    all (a real run would print it, which every CLI test forbids anyway)."""
    from reviewdesk.cli import main

    argv = _argv(args, data_dir)
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, wrong usage
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:  # sys.exit("message"): Python prints it and exits with 1
                    print(exc.code, file=sys.stderr)
                    code = 1
    finally:
        sys.stdin = stdin
    return Ran(tuple(argv), code, out.getvalue(), err.getvalue())


def run_process(
    *args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m reviewdesk [--data-dir DATA_DIR] ARGS...`` as a real child process."""
    full_env = {
        DEMO_DATE: DEMO_WRITTEN_FOR,
        **os.environ,
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "reviewdesk", *_argv(args, data_dir)],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,  # no terminal: a missing passphrase must not hang
        timeout=120,
        check=False,
    )
