"""What a command-line command costs, launched as a person launches it (read the figures).

    python benchmarks/cli_commands.py [--reviews 1000] [--rounds 5] [--data-dir DIR]
                                      [--compare OTHER/bin/reviewdesk]

Runs the installed ``reviewdesk`` command (beside this Python) with ``--version``, ``--help``,
``backups``, ``export REF --format json`` and ``list`` over a library of ``--reviews`` generated
reviews, ``--rounds`` times each (after one round to warm the caches), and prints the best and
median wall time and the best CPU time (user + system) of each. With ``--compare``, another
``reviewdesk`` (for instance the old code's, in its own worktree) runs alternately with this
one, so both see the same machine. CPU time is the steadier figure on a shared machine.
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


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


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
        }
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for round_ in range(max(1, args.rounds) + 1):
            for name, case in cases.items():
                for who, command in commands.items():
                    env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / f"pyc-{who}")
                    taken = _run([*command, "--data-dir", str(data), *case], env)
                    if round_:  # the first round warms the caches
                        samples.setdefault((name, who), []).append(taken)
    print(f"{args.rounds} runs each (ms):  best wall  median wall  best CPU")
    for (name, who), values in samples.items():
        walls = [v[0] * 1000 for v in values]
        cpus = [v[1] * 1000 for v in values]
        label = f"{name} ({who})" if args.compare else name
        print(f"  {label:20}{min(walls):10.0f}{statistics.median(walls):13.0f}{min(cpus):10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
