"""What the screenshot scripts in tools/ share: an offscreen Qt app in the house look, a
temporary fictional library (the demo review, plus generated fictional reviews if asked), and
saving a widget once it has been drawn."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def out_folder(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, Path]:
    """Parse ``--out`` (default docs/screenshots) and the script's own options."""
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return args, out


@contextmanager
def fictional_library(generated: int = 0, seed: int = 7) -> Iterator[tuple[object, Path]]:
    """(services, temporary folder) over the demo review and ``generated`` fictional reviews
    (benchmarks/make_library.py), with the QApplication made and the light look applied."""
    from PySide6.QtWidgets import QApplication

    from reviewdesk.gui.style import Appearance
    from reviewdesk.paths import resolve_paths
    from reviewdesk.services.bundle import open_services

    app = QApplication.instance() or QApplication([sys.argv[0], "-style", "fusion"])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ReviewDesk"
        if generated:
            from benchmarks.make_library import build_library

            build_library(data, reviews=generated, seed=seed)
        services = open_services(resolve_paths(data))
        try:
            services.exchange.add_demo()
            Appearance(app, 1.0, "light", fusion=True).apply()
            yield services, Path(tmp)
        finally:
            services.close()


def save(widget, path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Let the widget draw, then save it as a PNG."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path, path.stat().st_size)
    return path
