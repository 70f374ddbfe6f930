"""A damaged library is never overwritten or silently recreated.

Each kind of damage is refused with a plain message; the file is left byte for byte as it was;
a copy is kept aside (``damaged-<time>.sqlite3``); and the newest good backup is named, in the
message and on the error, so the app can offer it and the CLI can say how to restore it.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewdesk.domain.errors import LibraryDamagedError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from tests.cli.runner import Ran, run


def _flip_magic(data: bytes) -> bytes:
    return b"SQLite format 4" + data[15:]


def _flip_page_size(data: bytes) -> bytes:
    return data[:16] + b"\x03\x00" + data[18:]  # 768 bytes: not a power of two


def _break_a_table_page(data: bytes) -> bytes:
    page = int.from_bytes(data[16:18], "big")
    target = bytearray(data)
    target[3 * page] = 0xFF  # page 4's b-tree page type: no such type
    return bytes(target)


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _truncate_mid_page(data: bytes) -> bytes:
    return data[: len(data) - 1000]


def _random(data: bytes) -> bytes:
    return random.Random(5).randbytes(len(data))


def _text(data: bytes) -> bytes:
    return ("Notes from the strategy meeting (fictional)\n" * 400).encode("utf-8")


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "flipped header bytes": _flip_magic,
    "impossible page size": _flip_page_size,
    "a broken table page": _break_a_table_page,
    "truncated to half": _truncate,
    "truncated mid-page": _truncate_mid_page,
    "zero-length": lambda data: b"",
    "random bytes": _random,
    "a text file": _text,
}


@pytest.fixture(scope="module")
def good_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed, healthy library holding the demo review, and one good backup of it."""
    data = tmp_path_factory.mktemp("good")
    services = open_services(resolve_paths(data), lock=False)
    try:
        services.exchange.add_demo()
        services.backups.take("manual")
    finally:
        services.close()
    return data


def _damaged_copy(good: Path, target: Path, damage: Callable[[bytes], bytes]) -> bytes:
    shutil.copytree(good, target)
    db = target / "reviewdesk.sqlite3"
    db.write_bytes(damage(db.read_bytes()))
    return db.read_bytes()


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_library_is_refused_kept_aside_and_a_backup_offered(
    good_library: Path, tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    before = _damaged_copy(good_library, data, DAMAGE[kind])
    with pytest.raises(LibraryDamagedError) as err:
        open_services(resolve_paths(data))
    error = err.value
    db = data / "reviewdesk.sqlite3"
    assert db.read_bytes() == before  # never overwritten, never recreated
    assert not (data / "reviewdesk.sqlite3-wal").exists()
    assert error.kept_copy is not None and Path(error.kept_copy).read_bytes() == before
    assert Path(error.kept_copy).name.startswith("damaged-")
    assert error.newest_backup is not None
    assert error.newest_backup.name.startswith("manual-")
    message = str(error)
    assert "left exactly as it is" in message
    assert f"reviewdesk restore {error.newest_backup.name}" in message

    # Trying again does not pile up identical copies.
    with pytest.raises(LibraryDamagedError):
        open_services(resolve_paths(data))
    assert len(list(data.glob("damaged-*.sqlite3"))) == 1
    assert db.read_bytes() == before


def _cli(data: Path, *args: str) -> Ran:
    return run(*args, data_dir=data)  # main(argv) in this process (tests/cli/runner.py)


@pytest.mark.parametrize("kind", ["zero-length", "a broken table page"])
def test_the_cli_explains_exits_1_and_the_backup_brings_the_work_back(
    good_library: Path, tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    before = _damaged_copy(good_library, data, DAMAGE[kind])
    for command in (["list"], ["check"]):
        result = _cli(data, *command)
        assert result.returncode == 1
        assert result.stderr.startswith("reviewdesk: ") and "Traceback" not in result.stderr
        assert "reviewdesk restore manual-" in result.stderr
        assert (data / "reviewdesk.sqlite3").read_bytes() == before

    backup = next((data / "backups").glob("manual-*.sqlite3"))
    restored = _cli(data, "restore", backup.name)
    assert restored.returncode == 0, restored.stderr
    assert "damaged library is kept" in restored.stdout
    listed = _cli(data, "list")
    assert listed.returncode == 0 and "DEMO-2026-01" in listed.stdout
    kept = sorted(data.glob("damaged-*.sqlite3"))
    assert kept and kept[0].read_bytes() == before  # the damaged file is still there to examine
