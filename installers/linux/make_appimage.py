"""Optional: an AppImage recipe (a single file that runs on most Linux desktops).

    python installers/linux/make_appimage.py [BUNDLE_DIR] [OUTPUT_DIR]

Lays out dist/ReviewDesk.AppDir from the built bundle, then runs ``appimagetool`` if it is on PATH
to write ReviewDesk-<version>-<arch>.AppImage. appimagetool is a downloaded binary (from the
AppImage project's releases), not a distribution package, so it is not fetched here: where it is
missing this script stops after the AppDir and says what to run. The tarball
(make_tarball.py) is the supported Linux package; the AppImage is a convenience.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # appinfo
sys.path.insert(0, str(Path(__file__).resolve().parent))  # freedesktop
import appinfo
from freedesktop import stage_share

APPRUN = """\
#!/bin/sh
# AppImage entry point: run the bundled ReviewDesk with whatever arguments we were given.
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/lib/reviewdesk/reviewdesk" "$@"
"""


def stage_appdir(bundle: Path, appdir: Path) -> Path:
    if not (bundle / appinfo.BUNDLE_NAME).is_file():
        raise SystemExit(f"No Linux bundle at {bundle}: run installers/build.py first.")
    if appdir.exists():
        shutil.rmtree(appdir)
    shutil.copytree(bundle, appdir / "usr/lib/reviewdesk", symlinks=True)
    (appdir / "usr/bin").mkdir(parents=True)
    os.symlink("../lib/reviewdesk/reviewdesk", appdir / "usr/bin/reviewdesk")
    stage_share(appdir / "usr/share")
    app_id = appinfo.APP_ID
    # appimagetool wants the desktop file and its icon at the top of the AppDir too.
    desktop = f"{app_id}.desktop"
    shutil.copyfile(appdir / "usr/share/applications" / desktop, appdir / desktop)
    shutil.copyfile(appinfo.ICONS / "reviewdesk-256.png", appdir / f"{app_id}.png")
    os.symlink(f"{app_id}.png", appdir / ".DirIcon")
    (appdir / "AppRun").write_text(APPRUN, encoding="utf-8")
    (appdir / "AppRun").chmod(0o755)
    return appdir


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else appinfo.BUNDLE
    out_dir = Path(argv[1]) if len(argv) > 1 else appinfo.DIST
    appdir = stage_appdir(bundle, out_dir / f"{appinfo.APP_NAME}.AppDir")
    arch = appinfo.platform_tag().split("-", 1)[1]
    target = out_dir / f"{appinfo.APP_NAME}-{appinfo.version()}-{arch}.AppImage"
    tool = shutil.which("appimagetool")
    if tool is None:
        print(f"AppDir ready: {appdir}")
        print("appimagetool is not on PATH, so no AppImage was made. With it installed, run:")
        print(f"  ARCH={arch.replace('arm64', 'aarch64')} appimagetool {appdir} {target}")
        return 0
    env = {**os.environ, "ARCH": arch.replace("arm64", "aarch64")}
    subprocess.run([tool, str(appdir), str(target)], check=True, env=env)
    print(f"AppImage: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
