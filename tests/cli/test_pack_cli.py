"""pack / contribute / import through the real command line (``main(argv)`` in this process, as
tests/cli/runner.py explains; a pseudo-terminal child for the passphrase prompt), with three data
folders: a review lead and two practitioners. The CLI uses the real key-derivation parameters."""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import pytest

from reviewdesk.domain.packs import VersionStatus
from tests.cli.runner import Ran, run
from tests.exchange_loop import PASSPHRASE, dump, library, reflect
from tests.services.test_pack_safety import BAD

ROOT = Path(__file__).resolve().parents[2]
REF = "DEMO-2026-01"


def ok(result: Ran) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: Ran, words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("reviewdesk: ") and "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr


def _answer(data_dir: Path, words: str, theme_index: int = 0) -> None:
    services = library(data_dir.parent, data_dir.name)
    try:
        (review,) = services.reviews.list_reviews()
        reflect(services, review.id, words, theme_index=theme_index)
    finally:
        services.close()


@pytest.mark.slow
def test_the_whole_loop_through_the_command_line(tmp_path: Path) -> None:
    lead, priya, sam = tmp_path / "lead", tmp_path / "priya", tmp_path / "sam"
    pw_priya, pw_sam = tmp_path / "priya.txt", tmp_path / "sam.txt"
    pw_priya.write_text(PASSPHRASE + "\n", encoding="utf-8")
    pw_sam.write_text("copper kettle orchard rain\r\n", encoding="utf-8")
    names = ("p.rdpack", "s.rdpack", "p1.rdreturn", "p2.rdreturn", "s1.rdreturn")
    f = {n.split(".")[0] if "rdreturn" in n else n: str(tmp_path / n) for n in names}

    assert ok(run("demo", data_dir=lead)).strip() == REF
    made = ok(
        run(
            *("pack", REF, "--contributor", "Priya Shah", "--role", "Health visitor"),
            *("--themes", "whole-family,babies", "-o", f["p.rdpack"]),
            *("--passphrase-file", str(pw_priya)),
            data_dir=lead,
        )
    )
    assert "2 themes" in made and "another way" in made
    ok(run("pack", REF, "--contributor", "Sam Okoro", "-o", f["s.rdpack"],
           "--passphrase-file", str(pw_sam), data_dir=lead))  # fmt: skip

    assert "Opened the case pack" in ok(
        run("import", f["p.rdpack"], "--passphrase-file", str(pw_priya), data_dir=priya)
    )
    ok(run("import", f["s.rdpack"], "--passphrase-file", str(pw_sam), data_dir=sam))
    _answer(priya, "The baby slept in the pram in the lounge")
    _answer(sam, "The incident log did not reach health", theme_index=4)

    given = ok(
        run("contribute", REF, "-o", f["p1"], "--passphrase-file", str(pw_priya), data_dir=priya)
    )
    assert "1 answered, 1 theme rated" in given and "private notes are never included" in given
    ok(run("contribute", REF, "-o", f["s1"], "--passphrase-file", str(pw_sam), data_dir=sam))
    refused(
        run("contribute", REF, "-o", f["s1"], "--passphrase-file", str(pw_sam), data_dir=sam),
        "already exists",
    )

    added = ok(run("import", f["p1"], "--passphrase-file", str(pw_priya), data_dir=lead))
    assert "Added Priya Shah's contribution" in added
    ok(run("import", f["s1"], "--passphrase-file", str(pw_sam), data_dir=lead))

    time.sleep(0.01)
    _answer(priya, "The baby slept in the pram; I asked about the cot")
    ok(run("contribute", REF, "-o", f["p2"], "--passphrase-file", str(pw_priya), data_dir=priya))
    newer = ok(run("import", f["p2"], "--passphrase-file", str(pw_priya), data_dir=lead))
    assert "newer contribution" in newer and "kept as a previous version" in newer

    before = dump(lead / "reviewdesk.sqlite3")
    again = ok(run("import", f["p1"], "--passphrase-file", str(pw_priya), data_dir=lead))
    assert "already in" in again and "not been applied again" in again
    refused(
        run("import", f["s1"], "--passphrase-file", str(pw_priya), data_dir=lead), "does not open"
    )
    assert dump(lead / "reviewdesk.sqlite3") == before

    sam_before = dump(sam / "reviewdesk.sqlite3")
    refused(
        run("import", f["p2"], "--passphrase-file", str(pw_priya), data_dir=sam),
        "not made in this library",
    )
    assert dump(sam / "reviewdesk.sqlite3") == sam_before

    services = library(tmp_path, "lead")
    try:
        (review,) = services.reviews.list_reviews()
        status = {x.contributor.name: x for x in services.contributions.status(review.id)}
        assert [v.status for v in status["Priya Shah"].versions] == [
            VersionStatus.CURRENT,
            VersionStatus.SUPERSEDED,
        ]
        assert status["Sam Okoro"].returned
        doc = services.reviews.get(review.id)
        priya_work = doc.work_of(status["Priya Shah"].contributor.id)
        assert [a.text for a in priya_work.answers] == [
            "The baby slept in the pram; I asked about the cot"
        ]
    finally:
        services.close()


SPOILED = [
    "wrong passphrase (pack)",
    "truncated to half",
    "random bytes",
    "zip bomb",
    "path traversal",
    "wrong file type: PDF",
    "tampered ciphertext",
    "tampered manifest (layout only)",
]


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-bad")
    lead = library(root, "lead")
    try:
        review_id = lead.exchange.add_demo()[0].id
        lead.packs.make_pack(review_id, "Priya Shah", root / "p.rdpack", PASSPHRASE)
    finally:
        lead.close()
    priya = library(root, "priya")
    try:
        mine = priya.imports.import_file(root / "p.rdpack", PASSPHRASE).review.id
        priya.contributions.write(mine, root / "p.rdreturn", PASSPHRASE)
    finally:
        priya.close()
    library(root, "fresh").close()  # an empty library for the packs to be refused by
    return root


@pytest.mark.parametrize("name", SPOILED)
def test_bad_files_exit_1_with_a_message_and_change_nothing(valid_files: Path, name: str) -> None:
    start, spoil, _error, words = BAD[name]
    source = valid_files / ("p.rdpack" if start == "pack" else "p.rdreturn")
    bad = valid_files / f"bad-{SPOILED.index(name)}.bin"
    bad.write_bytes(spoil(source.read_bytes()))
    target = valid_files / ("fresh" if start == "pack" else "lead")
    pw = valid_files / "pw.txt"
    pw.write_text("not the right one at all" if "wrong" in name else PASSPHRASE, encoding="utf-8")
    before = dump(target / "reviewdesk.sqlite3")
    refused(run("import", str(bad), "--passphrase-file", str(pw), data_dir=target), words)
    assert dump(target / "reviewdesk.sqlite3") == before


def test_without_a_terminal_or_a_passphrase_file_the_cli_explains(valid_files: Path) -> None:
    fresh = valid_files / "no-tty"
    refused(run("import", str(valid_files / "p.rdpack"), data_dir=fresh), "no terminal")
    assert (
        "--passphrase-file" in run("import", str(valid_files / "p.rdpack"), data_dir=fresh).stderr
    )
    ok(run("demo", data_dir=fresh))
    out = valid_files / "never.rdpack"
    refused(
        run("pack", REF, "--contributor", "A Person", "-o", str(out), data_dir=fresh), "no terminal"
    )
    assert not out.exists()
    unprotected = run(
        "pack", REF, "--contributor", "A Person", "-o", str(out), "--no-encryption", data_dir=fresh
    )
    assert "not encrypted" in ok(unprotected)
    weak = valid_files / "weak.txt"
    weak.write_text("password12345\n", encoding="utf-8")
    refused(
        run("pack", REF, "--contributor", "B", "-o", str(out).replace("never", "never2"),
            "--passphrase-file", str(weak), data_dir=fresh),
        "most often",
    )  # fmt: skip
    assert run("pack", REF, "-o", "x", data_dir=fresh).returncode == 2  # --contributor required
    both = run("pack", REF, "--contributor", "B", "-o", "x", "--no-encryption",
               "--passphrase-file", str(weak), data_dir=fresh)  # fmt: skip
    assert both.returncode == 2


def _converse(args: list[str], replies: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """Run the CLI on a pseudo-terminal, answering each prompt; returns (exit status, output)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the CLI, with the pty as its controlling terminal
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "reviewdesk", *args])
    seen = b""
    deadline = time.monotonic() + 60
    pending = list(replies)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if pending and pending[0][0] in seen:
            os.write(fd, pending.pop(0)[1])
            seen += b"<answered>"
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen


@pytest.mark.skipif(not hasattr(os, "fork"), reason="pseudo-terminals are a POSIX feature")
def test_in_a_terminal_the_passphrase_is_asked_for_without_echo(tmp_path: Path) -> None:
    lead, priya = tmp_path / "lead", tmp_path / "priya"
    ok(run("demo", data_dir=lead))
    pack = str(tmp_path / "p.rdpack")
    secret = b"copper kettle orchard rain"
    code, seen = _converse(
        ["--data-dir", str(lead), "pack", REF, "--contributor", "Priya Shah", "-o", pack],
        [(b"Choose a passphrase", secret + b"\n"), (b"Type the passphrase again", secret + b"\n")],
    )
    assert code == 0, seen
    assert b"Passphrase strength: Strong" in seen and b"Made a case pack" in seen
    assert secret not in seen  # never echoed
    code, seen = _converse(
        ["--data-dir", str(priya), "import", pack], [(b"Passphrase for this file", secret + b"\n")]
    )
    assert code == 0, seen
    assert b"Opened the case pack" in seen and secret not in seen
