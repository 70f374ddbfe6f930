"""Make the Linux tarball from the built bundle.

    python installers/linux/make_tarball.py [BUNDLE_DIR] [OUTPUT_DIR]

Defaults: dist/reviewdesk and dist/. Writes ReviewDesk-<version>-linux-<arch>.tar.gz with one top
folder that runs as it is (./reviewdesk) or installs for one user with ./install.sh (menu entry,
icons, .rdpack file type; no root). ./uninstall.sh removes it again and keeps the user's data.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # appinfo
sys.path.insert(0, str(Path(__file__).resolve().parent))  # freedesktop
import appinfo
from freedesktop import HERE, stage_share

README = """\
ReviewDesk {version} for Linux (x86-64)

Run it from here:           ./reviewdesk
Install it for yourself:    ./install.sh        (menu entry, icon, .rdpack files; no root)
Remove it again:            ./uninstall.sh      (your reviews are kept)
Check that it works:        ./reviewdesk --self-test

Your reviews live in ~/.local/share/ReviewDesk. ReviewDesk makes no network connections.
More, for IT departments: docs/installing.md in the ReviewDesk source.
"""


def stage(bundle: Path, folder: Path, version: str) -> Path:
    if not (bundle / appinfo.BUNDLE_NAME).is_file():
        raise SystemExit(f"No Linux bundle at {bundle}: run installers/build.py first.")
    shutil.copytree(bundle, folder, symlinks=True)
    stage_share(folder / "share")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(HERE / script, folder / script)
        (folder / script).chmod(0o755)
    (folder / "README.txt").write_text(README.format(version=version), encoding="utf-8")
    return folder


def make_tarball(bundle: Path, out_dir: Path, version: str) -> Path:
    top = f"{appinfo.APP_NAME}-{version}"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{top}-{appinfo.platform_tag()}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        folder = stage(bundle, Path(tmp) / top, version)
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(folder, arcname=top, filter=_owned_by_nobody)
        partial.replace(target)
    return target


def _owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


if __name__ == "__main__":
    sys.exit(appinfo.run_packager(sys.argv[1:], make_tarball, "Tarball"))
