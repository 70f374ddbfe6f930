"""Render the app icon's SVG masters into every size the installers need.

    python installers/icons/make_icons.py        (from the dev or build virtual environment)

Reads  resources/icons/app/reviewdesk.svg        (the master, used from 40 px up)
       resources/icons/app/reviewdesk-small.svg  (bolder, fewer details: below 40 px)
Writes resources/icons/app/reviewdesk-<N>.png    (hicolor sizes, for Linux and the app itself)
       resources/icons/app/reviewdesk.ico        (Windows: 16-256 px, PNG-compressed entries)
       resources/icons/app/reviewdesk.icns       (macOS: 16-1024 px, PNG entries)

Rendering uses Qt's own SVG renderer (QtSvg, part of PySide6-Essentials), offscreen. The .ico and
.icns containers are simple enough to write here, so no image library is needed. The outputs are
committed; run this again after changing either SVG, then look at the PNGs.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons" / "app"
MASTER, SMALL = ICONS / "reviewdesk.svg", ICONS / "reviewdesk-small.svg"
SMALL_BELOW = 40  # px: under this the bolder drawing reads better

PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
# ICNS chunk types that may hold PNG data, and their pixel sizes (Retina "@2x" types included).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        edge = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    wanted = set(PNG_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES}
    pngs = {size: render_png(SMALL if size < SMALL_BELOW else MASTER, size) for size in wanted}
    for size in PNG_SIZES:
        (ICONS / f"reviewdesk-{size}.png").write_bytes(pngs[size])
    (ICONS / "reviewdesk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "reviewdesk.icns").write_bytes(icns_bytes(pngs))
    total = sum(p.stat().st_size for p in ICONS.iterdir() if p.is_file())
    print(f"Wrote {len(PNG_SIZES)} PNGs, reviewdesk.ico and reviewdesk.icns to {ICONS}")
    print(f"The icon folder now holds {total / 1024:.0f} KB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
