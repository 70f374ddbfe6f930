"""Lay out ReviewDesk's desktop integration files in a freedesktop ``share/`` tree.

Used by make_tarball.py (the tarball carries share/ for install.sh) and make_appimage.py.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import appinfo

HERE = Path(__file__).resolve().parent
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def stage_share(share: Path) -> list[Path]:
    """Copy the .desktop file, MIME type, AppStream metadata and hicolor icons under ``share``."""
    app_id = appinfo.APP_ID
    placed = [
        (HERE / f"{app_id}.desktop", share / "applications" / f"{app_id}.desktop"),
        (HERE / f"{app_id}.xml", share / "mime" / "packages" / f"{app_id}.xml"),
        (HERE / f"{app_id}.metainfo.xml", share / "metainfo" / f"{app_id}.metainfo.xml"),
        (appinfo.ICONS / "reviewdesk.svg", share / "icons/hicolor/scalable/apps" / f"{app_id}.svg"),
    ]
    placed += [
        (
            appinfo.ICONS / f"reviewdesk-{size}.png",
            share / f"icons/hicolor/{size}x{size}/apps/{app_id}.png",
        )
        for size in HICOLOR_SIZES
    ]
    for source, target in placed:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return [target for _source, target in placed]
