"""A fork server for crash trials: imports ReviewDesk once, then, for each command on stdin, forks
a child that does real work through the real code (writing answers, taking a backup, upgrading a
schema) and reports each step it has *finished* on a pipe, with an unbuffered write. The server
kills the child with SIGKILL after the command's delay, collects every line the child wrote
before it died, and answers with one JSON line on stdout.

Forking from a warm process makes a trial cost milliseconds instead of a Python start-up, so a
CI run affords hundreds of them. Run as ``python -m tests.reliability.forkserver`` (POSIX only).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, event, select

from reviewdesk.domain.review import CaseRecord
from reviewdesk.services.audit import AuditService
from reviewdesk.services.library.backups import BackupService
from reviewdesk.services.library.instance import acquire_instance_lock
from reviewdesk.services.reviews import ReviewService
from reviewdesk.store.engine import open_store
from reviewdesk.store.tables import ReviewRow

REFERENCE = "KILL-TRIAL"


def _emit(fd: int, text: str) -> None:
    os.write(fd, (text + "\n").encode("utf-8"))  # unbuffered: reported means written


def answer_text(i: int, n: int) -> str:
    """The text the writer saves for entry ``i``: its length is in it, so a torn write shows."""
    return f"entry {i} {n} " + ("abcdefghij" * (n // 10 + 1))[:n]


def writer(cmd: dict, out: int) -> None:
    import random

    rnd = random.Random(cmd["seed"])
    data_dir = Path(cmd["dir"])
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = acquire_instance_lock(data_dir)
    _emit(out, f"R {int(lock.recovered)}")
    store = open_store(data_dir / "reviewdesk.sqlite3", data_dir / "backups")
    _emit(out, "O")
    audit = AuditService(store, who="crash trial")
    reviews = ReviewService(store, audit=audit)
    with store.read() as session:
        review_id = session.scalar(select(ReviewRow.id).where(ReviewRow.reference == REFERENCE))
    if review_id is None:
        review_id = reviews.create(CaseRecord(REFERENCE, "Crash trials (fictional)")).id
    i = cmd["start"]
    while True:
        i += 1
        contributor = reviews.add_contributor(review_id, f"Writer {i}")
        _emit(out, f"C {i}")
        n = rnd.choice((10, 200, 1500, 6000))
        reviews.save_answer(contributor.id, cmd["prompt"], answer_text(i, n))
        _emit(out, f"A {i}")


def backup(cmd: dict, out: int) -> None:
    data_dir = Path(cmd["dir"])
    store = open_store(data_dir / "reviewdesk.sqlite3", data_dir / "backups")
    fixed = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    service = BackupService(store, data_dir / "backups", clock=lambda: fixed)
    _emit(out, "S")

    def slowly(status: int, remaining: int, total: int) -> None:
        time.sleep(0.002)

    info = service.take("manual", pages=4, progress=slowly)
    _emit(out, f"B {info.name}")


def migrate(cmd: dict, out: int) -> None:
    data_dir = Path(cmd["dir"])
    count = [0]

    def slow_statement(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        count[0] += 1
        _emit(out, f"Q {count[0]} {' '.join(statement.split()[:2])}")
        time.sleep(cmd.get("pause", 0.004))

    event.listen(Engine, "before_cursor_execute", slow_statement)
    _emit(out, "S")
    store = open_store(data_dir / "reviewdesk.sqlite3", data_dir / "backups")
    _emit(out, "M")
    store.close()


TASKS = {"writer": writer, "backup": backup, "migrate": migrate}


def run(cmd: dict) -> dict:
    r, w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: do the work until killed
        code = 0
        try:
            os.close(r)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # nothing may leak into the server's protocol
            TASKS[cmd["task"]](cmd, w)
            _emit(w, "END")
        except BaseException as exc:  # reported, so the parent can tell a crash from a kill
            _emit(w, f"ERROR {type(exc).__name__}: {exc}".replace("\n", " "))
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    deadline = started + cmd["delay"]
    killed = False
    while True:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() >= deadline:
            try:
                os.kill(pid, signal.SIGKILL)
                killed = True
            except ProcessLookupError:
                pass
            break
        time.sleep(0.0005)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    if not done:
        _, _status = os.waitpid(pid, 0)
    lines = b"".join(chunks).decode("utf-8").splitlines()
    return {"lines": lines, "killed": killed, "seconds": time.monotonic() - started}


def warm_up() -> None:
    """Run the code paths once, so every forked child starts warm (lazy imports, caches)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch) / "warm.sqlite3", Path(scratch) / "backups")
        reviews = ReviewService(store, audit=AuditService(store, who="warm-up"))
        review = reviews.create(CaseRecord("WARM-UP", "Warm-up (fictional)"))
        reviews.add_contributor(review.id, "Warm-up")
        store.close()


def main() -> None:
    warm_up()
    for raw in sys.stdin:
        cmd = json.loads(raw)
        if cmd.get("task") == "quit":
            break
        sys.stdout.write(json.dumps(run(cmd)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
