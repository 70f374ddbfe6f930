"""Make the portable Windows zip from the built bundle.

    python installers/windows/make_portable.py [BUNDLE_DIR] [OUTPUT_DIR]

Defaults: dist/reviewdesk and dist/. Writes ReviewDesk-<version>-windows-x86_64-portable.zip whose
single top folder holds the bundle plus the ``reviewdesk-portable`` marker file: with the marker
beside ReviewDesk.exe, ReviewDesk keeps its data in a "ReviewDesk data" folder beside it (see
reviewdesk/paths.py) and writes nothing to the user's profile. Unzip anywhere the user can write
(a USB stick, a network share, Documents); no installer, no admin rights.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import appinfo

PORTABLE_MARKER = "reviewdesk-portable"  # the name reviewdesk/paths.py looks for
MARKER_TEXT = """\
This file puts ReviewDesk in portable mode.

While it sits beside ReviewDesk.exe, ReviewDesk keeps your reviews, settings and backups in the
"ReviewDesk data" folder here, and nothing in your Windows profile. Keep this folder somewhere
only you (and people you trust with the reviews) can reach, and back it up.

Delete this file to make ReviewDesk use your profile's folder (%LOCALAPPDATA%\\ReviewDesk) instead.
"""


def make_portable(bundle: Path, out_dir: Path, version: str) -> Path:
    if not bundle.is_dir():
        raise SystemExit(f"No bundle at {bundle}: run installers/build.py first.")
    top = f"{appinfo.APP_NAME}-{version}-portable"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{appinfo.APP_NAME}-{version}-windows-x86_64-portable.zip"
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(bundle).as_posix()}")
        archive.writestr(f"{top}/{PORTABLE_MARKER}", MARKER_TEXT.replace("\n", "\r\n"))
    partial.replace(target)
    return target


if __name__ == "__main__":
    sys.exit(appinfo.run_packager(sys.argv[1:], make_portable, "Portable zip"))
