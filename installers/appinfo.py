"""One source of truth for what the installers say about ReviewDesk.

Imported by the PyInstaller spec, ``build.py`` and the platform scripts (never by the app itself).
The version is read from ``reviewdesk/__init__.py`` as text, so that nothing here imports the
package or its dependencies.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = ROOT / "installers"
DIST = ROOT / "dist"
BUNDLE_NAME = "reviewdesk"  # dist/reviewdesk/ and, on Linux, dist/reviewdesk/reviewdesk
BUNDLE = DIST / BUNDLE_NAME
ICONS = ROOT / "resources" / "icons" / "app"

APP_NAME = "ReviewDesk"
# Reverse-DNS id for AppStream, the .desktop file name and the macOS bundle id. Placeholder
# domain: confirm it (or change it, here and in the file names under installers/linux/) before
# the first public release, because changing it later orphans users' file associations.
APP_ID = "org.reviewdesk.ReviewDesk"
PUBLISHER = "The ReviewDesk team"
SUMMARY = "A calm, private workspace for learning from serious child-safeguarding incidents"
PACK_EXTENSION = "rdpack"
PACK_MIME = "application/x-reviewdesk-pack"
PACK_DESCRIPTION = "ReviewDesk pack"

# Executables inside the bundle. Windows gets two: a windowed one for people (no console flash)
# and a console twin for IT and scripts, because a windowed .exe has no stdout to print to.
WINDOWS_GUI_EXE, WINDOWS_CLI_EXE = "ReviewDesk", "reviewdesk-cli"  # .exe; the .iss names the first
if sys.platform == "win32":
    GUI_EXE, CLI_EXE = WINDOWS_GUI_EXE, WINDOWS_CLI_EXE
elif sys.platform == "darwin":
    GUI_EXE, CLI_EXE = APP_NAME, None  # ReviewDesk.app/Contents/MacOS/ReviewDesk
else:
    GUI_EXE, CLI_EXE = BUNDLE_NAME, None


def version() -> str:
    text = (ROOT / "reviewdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit('reviewdesk/__init__.py has no __version__ = "..." line')
    return match.group(1)


def numeric_version(ver: str | None = None) -> tuple[int, int, int, int]:
    """Windows wants four numbers: 0.1.0 -> (0, 1, 0, 0); 1.2.0rc1 -> (1, 2, 0, 0)."""
    parts = [int(p) for p in re.findall(r"\d+", (ver or version()).split("+")[0])[:3]]
    return (*parts, *[0] * (4 - len(parts)))  # type: ignore[return-value]


def platform_tag() -> str:
    import platform

    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    return f"{system}-{machine}"


def macos_minimum() -> str:
    """The oldest macOS the bundled Qt runs on, read from the installed PySide6 wheel's tag."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        wheel = distribution("PySide6-Essentials").read_text("WHEEL") or ""
    except PackageNotFoundError:
        wheel = ""
    match = re.search(r"macosx_(\d+)_(\d+)", wheel)
    return f"{match.group(1)}.{match.group(2)}" if match else "12.0"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def run_packager(argv: list[str], make: Callable[[Path, Path, str], Path], what: str) -> int:
    """The command line shared by the package scripts: [BUNDLE_DIR] [OUTPUT_DIR]."""
    bundle = Path(argv[0]) if argv else BUNDLE
    out_dir = Path(argv[1]) if len(argv) > 1 else DIST
    target = make(bundle, out_dir, version())
    print(f"{what}: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return 0
