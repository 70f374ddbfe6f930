"""What a command-line command costs, launched as a person launches it (read the figures).

    python benchmarks/cli_commands.py [--reviews 1000] [--rounds 5] [--data-dir DIR]
                                      [--compare OTHER/bin/reviewdesk]

Runs the installed ``reviewdesk`` command (beside this Python) with ``--version``, ``--help``,
``backups``, ``export REF --format json``, ``list`` and ``due`` over a library of ``--reviews``
generated reviews, ``--rounds`` times each (after one round to warm the caches), and prints the
best and median wall time and the best CPU time (user + system) of each. With ``--compare``,
another ``reviewdesk`` (for instance the old code's, in its own worktree) runs alternately with
this one, so both see the same machine. CPU time is the steadier figure on a shared machine.

"Before work" is what a command pays before its own work starts: the command line says when
that is (the wall clock and its CPU time so far, on stderr) when ``REVIEWDESK_CLI_PROBE`` is set
(reviewdesk/cli/__init__.py). The median of each is printed; a command that does not say (the
old code, ``--help``) shows "-".
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from benchmarks.startup import reviewdesk_command  # noqa: E402

PROBE = "REVIEWDESK_CLI_PROBE"  # reviewdesk.cli.CLI_PROBE (not imported here)
Sample = tuple[float, float, float | None, float | None]  # wall, CPU, ready wall, ready CPU


def _run(command: list[str], env: dict[str, str]) -> Sample:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    spawned = time.time()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=True, timeout=600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    for line in done.stderr.decode(errors="replace").splitlines():
        if line.startswith("@@ready "):
            at, cpu_then = (float(x) for x in line.split()[1:3])
            return wall, cpu, at - spawned, cpu_then
    return wall, cpu, None, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="a library to build or reuse")
    parser.add_argument("--compare", metavar="COMMAND", help="another reviewdesk to alternate with")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "library"
        if not (data / "reviewdesk.sqlite3").exists():
            from benchmarks.make_library import build_library

            build_library(data, reviews=max(1, args.reviews))
        commands = {"this": reviewdesk_command()}
        if args.compare:
            commands["other"] = [args.compare]
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code cached, as in an installed app
        env[PROBE] = "1"
        listed = subprocess.run(
            [*commands["this"], "--data-dir", str(data), "list", "--json"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        import json

        reference = json.loads(listed)[0]["reference"]
        out = Path(tmp) / "out.json"
        cases = {
            "--version": ["--version"],
            "--help": ["--help"],
            "backups": ["backups"],
            "export REF": ["export", reference, "--format", "json", "-o", str(out), "--force"],
            "list": ["list"],
            "due": ["due"],
        }
        samples: dict[tuple[str, str], list[Sample]] = {}
        for round_ in range(max(1, args.rounds) + 1):
            for name, case in cases.items():
                for who, command in commands.items():
                    env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / f"pyc-{who}")
                    taken = _run([*command, "--data-dir", str(data), *case], env)
                    if round_:  # the first round warms the caches
                        samples.setdefault((name, who), []).append(taken)
    print(
        f"{args.rounds} runs each (ms):  best wall  median wall  best CPU  median CPU"
        "  before work: median wall  median CPU"
    )
    for (name, who), values in samples.items():
        walls = [v[0] * 1000 for v in values]
        cpus = [v[1] * 1000 for v in values]
        label = f"{name} ({who})" if args.compare else name
        ready = [(v[2] * 1000, v[3] * 1000) for v in values if v[2] is not None and v[3]]
        if ready:
            before_work = (
                f"{statistics.median(r[0] for r in ready):26.0f}"
                f"{statistics.median(r[1] for r in ready):12.0f}"
            )
        else:
            before_work = f"{'-':>26}{'-':>12}"
        print(
            f"  {label:20}{min(walls):10.0f}{statistics.median(walls):13.0f}{min(cpus):10.0f}"
            f"{statistics.median(cpus):12.0f}{before_work}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
