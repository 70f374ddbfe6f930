"""PySide6's signature support as ordinary modules with byte-code, for the bundle.

shiboken6 (PySide6's binding layer) keeps the Python sources of its ``shibokensupport`` package
(signatures, enum features: about 130 KB) in a zip embedded in libshiboken6, and compiles them
with ``compile()`` at every start of every PySide6 program: about 15 ms of CPU on this project's
machine, before the first window can appear. When a folder ``files.dir`` exists beside
shiboken6's ``__init__``, it imports them from there instead, as ordinary modules that use their
cached byte-code; PySide6's documented switch ``SBK_EMBED=0`` writes that folder out. PyInstaller's
hooks do not collect it, so the frozen app compiled the zip at every start.

The spec (installers/reviewdesk.spec) runs this file with the build environment's Python:

    python installers/shiboken_files.py TARGET_DIR [OPTIMIZE]

It writes the sources into TARGET_DIR (from the embedded zip, or from an existing files.dir when
SBK_EMBED=0 was used in that environment) and compiles them into __pycache__ as unchecked-hash
byte-code: the bundle never changes after it is built, and its files' times may change as it is
copied or unpacked, so Python must not compare them with the sources. The spec ships TARGET_DIR
as <bundle>/_internal/shiboken6/files.dir; build.py checks the bundle carries it
(:func:`missing_from_bundle`), and the frozen app's self-test checks its modules were loaded
from that byte-code (reviewdesk/selftest.py).
"""

from __future__ import annotations

import py_compile
import shutil
import sys
from pathlib import Path

FILES_DIR = ("shiboken6", "files.dir")  # where shiboken6 looks, beside its own __init__
# Modules every PySide6 program imports from it at start (the rest are used on demand).
ESSENTIAL = (
    "shibokensupport/__init__.py",
    "shibokensupport/signature/loader.py",
    "shibokensupport/signature/mapping.py",
    "shibokensupport/signature/parser.py",
)


def support_sources() -> dict[str, bytes]:
    """shibokensupport's source files by their path in files.dir, as this environment's
    shiboken6 loads them."""
    import shiboken6  # loads shibokensupport (signature support) as it starts

    package = sys.modules.get("shibokensupport")
    if package is None:
        raise SystemExit(f"shiboken6 {shiboken6.__version__} did not load shibokensupport.")
    archive = getattr(package.__loader__, "zfile", None)  # the embedded zip's importer
    if archive is not None:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".py")}
    where = Path(package.__file__ or "").resolve().parent.parent
    if where.name == FILES_DIR[1]:  # SBK_EMBED=0 was used here: files.dir exists already
        return {p.relative_to(where).as_posix(): p.read_bytes() for p in where.rglob("*.py")}
    raise SystemExit(
        f"shiboken6 {shiboken6.__version__} loaded shibokensupport in a way this script does not "
        f"know ({package.__loader__!r}); update installers/shiboken_files.py."
    )


def write_support_files(target: Path, optimize: int = 0) -> list[Path]:
    """The sources in ``target`` with their byte-code; returns every file written."""
    sources = support_sources()
    missing = [name for name in ESSENTIAL if name not in sources]
    if missing:
        raise SystemExit(f"shibokensupport lacks {', '.join(missing)}: update this script.")
    shutil.rmtree(target, ignore_errors=True)
    for name, data in sources.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for source in sorted(target.rglob("*.py")):
        py_compile.compile(
            str(source),
            cfile=str(byte_code_path(source, optimize)),
            doraise=True,
            optimize=optimize,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    return sorted(p for p in target.rglob("*") if p.is_file())


def byte_code_path(source: Path, optimize: int = 0) -> Path:
    """Where Python looks for ``source``'s byte-code beside it (``__pycache__``), whatever
    PYTHONPYCACHEPREFIX says in the build environment (the app never sets one)."""
    tag = sys.implementation.cache_tag + (f".opt-{optimize}" if optimize else "")
    return source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"


def datas(source: Path) -> list[tuple[str, str]]:
    """PyInstaller data entries that put ``source``'s files in the bundle's files.dir."""
    dest = Path(*FILES_DIR)
    return [
        (str(p), str(dest / p.parent.relative_to(source)))
        for p in sorted(source.rglob("*"))
        if p.is_file()
    ]


def missing_from_bundle(internal: Path, optimize: int = 0) -> list[str]:
    """What the bundle (its ``_internal`` folder) lacks of files.dir: empty when every
    essential module is there with byte-code for this Python."""
    root = internal.joinpath(*FILES_DIR)
    missing = []
    for name in ESSENTIAL:
        source = root / name
        compiled = byte_code_path(source, optimize)
        missing += [str(p.relative_to(internal)) for p in (source, compiled) if not p.is_file()]
    return missing


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 3:
        raise SystemExit(__doc__)
    written = write_support_files(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(f"shibokensupport: {len(written)} files in {sys.argv[1]}")
