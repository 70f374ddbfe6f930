"""The installer recipes that can run on any machine: the portable zip, the Linux tarball and
its install script, the icons, and the desktop metadata agreeing with one another.

Building the frozen bundle itself (PyInstaller) is checked by .ci/run's last step instead.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from reviewdesk import __version__
from reviewdesk.paths import PORTABLE_FOLDER, PORTABLE_MARKER, resolve_paths

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
ICONS = ROOT / "resources" / "icons" / "app"


def load(relative: str):  # type: ignore[no-untyped-def]
    """Import one of the installer scripts (they are scripts, not a package)."""
    path = INSTALLERS / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


appinfo = load("appinfo.py")


def fake_bundle(where: Path) -> Path:
    """A stand-in for dist/reviewdesk: an executable and an _internal folder."""
    bundle = where / "reviewdesk"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "_internal" / "resources" / "note.txt").write_text("shipped", encoding="utf-8")
    exe = bundle / "reviewdesk"
    exe.write_text("#!/bin/sh\necho ReviewDesk\n", encoding="utf-8")
    exe.chmod(0o755)
    (bundle / "ReviewDesk.exe").write_bytes(b"MZ")
    return bundle


def test_version_comes_from_the_package() -> None:
    assert appinfo.version() == __version__
    assert appinfo.numeric_version("0.1.0") == (0, 1, 0, 0)
    assert appinfo.numeric_version("1.2.0rc1") == (1, 2, 0, 0)
    assert appinfo.numeric_version("2.10") == (2, 10, 0, 0)


def test_portable_zip_carries_the_marker_that_paths_looks_for(tmp_path: Path) -> None:
    portable = load("windows/make_portable.py")
    assert portable.PORTABLE_MARKER == PORTABLE_MARKER
    target = portable.make_portable(fake_bundle(tmp_path), tmp_path / "out", "9.8.7")
    assert target.name == "ReviewDesk-9.8.7-windows-x86_64-portable.zip"
    top = "ReviewDesk-9.8.7-portable"
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert {f"{top}/ReviewDesk.exe", f"{top}/_internal/resources/note.txt"} <= names
        assert f"{top}/{PORTABLE_MARKER}" in names
        archive.extractall(tmp_path / "unzipped")
    # Unzipped, the app beside the marker keeps its data in the folder beside it.
    chosen = resolve_paths(None, environ={}, executable_dir=tmp_path / "unzipped" / top)
    assert chosen.how == "portable"
    assert chosen.data_dir == tmp_path / "unzipped" / top / PORTABLE_FOLDER


@pytest.mark.skipif(os.name != "posix", reason="the Linux install scripts are POSIX shell")
def test_tarball_installs_and_uninstalls_for_one_user(tmp_path: Path) -> None:
    target = load("linux/make_tarball.py").make_tarball(
        fake_bundle(tmp_path), tmp_path / "out", "9.8.7"
    )
    assert target.name.startswith("ReviewDesk-9.8.7-linux-") and target.suffixes[-2:] == [
        ".tar",
        ".gz",
    ]
    with tarfile.open(target) as archive:
        archive.extractall(tmp_path / "x", filter="tar")
    folder = tmp_path / "x" / "ReviewDesk-9.8.7"
    assert os.access(folder / "install.sh", os.X_OK) and os.access(folder / "reviewdesk", os.X_OK)

    home = tmp_path / "home"
    data = home / ".local" / "share" / "ReviewDesk"
    data.mkdir(parents=True)
    (data / "reviewdesk.sqlite3").write_bytes(b"a user's reviews")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    subprocess.run(["sh", str(folder / "install.sh")], check=True, env=env, capture_output=True)
    local = home / ".local"
    app = local / "lib" / "reviewdesk" / "reviewdesk"
    ran = subprocess.run([str(local / "bin" / "reviewdesk")], capture_output=True, text=True)
    assert ran.stdout.strip() == "ReviewDesk"
    desktop = (local / "share/applications" / f"{appinfo.APP_ID}.desktop").read_text()
    assert f'Exec="{app}" %f' in desktop and f"TryExec={app}" in desktop
    assert (local / "share/mime/packages" / f"{appinfo.APP_ID}.xml").is_file()
    assert (local / "share/icons/hicolor/16x16/apps" / f"{appinfo.APP_ID}.png").is_file()
    assert (local / "share/icons/hicolor/scalable/apps" / f"{appinfo.APP_ID}.svg").is_file()

    subprocess.run(
        ["sh", str(app.parent / "uninstall.sh")], check=True, env=env, capture_output=True
    )
    assert not app.parent.exists() and not (local / "bin" / "reviewdesk").exists()
    assert not list((local / "share").rglob(f"{appinfo.APP_ID}.*"))
    assert (data / "reviewdesk.sqlite3").read_bytes() == b"a user's reviews"  # kept


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_come_in_every_size_they_claim() -> None:
    make_icons = load("icons/make_icons.py")
    for size in make_icons.PNG_SIZES:
        assert png_size(ICONS / f"reviewdesk-{size}.png") == (size, size)
    from PIL import Image  # a ReportLab dependency, so always present

    with Image.open(ICONS / "reviewdesk.ico") as ico:
        assert sorted(w for w, _h in ico.info["sizes"]) == sorted(make_icons.ICO_SIZES)
    with Image.open(ICONS / "reviewdesk.icns") as icns:
        pixels = {w * scale for w, _h, scale in icns.info["sizes"]}
        assert {16, 32, 64, 128, 256, 512, 1024} <= pixels


def test_desktop_file_mime_type_and_metainfo_agree() -> None:
    linux = INSTALLERS / "linux"
    app_id = appinfo.APP_ID
    desktop = dict(
        line.split("=", 1)
        for line in (linux / f"{app_id}.desktop").read_text().splitlines()
        if "=" in line
    )
    assert desktop["MimeType"] == f"{appinfo.PACK_MIME};"
    assert desktop["Icon"] == app_id

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(linux / f"{app_id}.xml").getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == appinfo.PACK_MIME
    assert mime.find("m:glob", ns).get("pattern") == f"*.{appinfo.PACK_EXTENSION}"

    meta = ET.parse(linux / f"{app_id}.metainfo.xml").getroot()
    assert meta.findtext("id") == app_id
    assert meta.findtext("launchable") == f"{app_id}.desktop"
    assert meta.find("provides/mediatype").text == appinfo.PACK_MIME
    releases = [r.get("version") for r in meta.findall("releases/release")]
    assert __version__ in releases, "add a <release> for this version to the metainfo file"


def test_windows_installer_matches_the_app() -> None:
    iss = (INSTALLERS / "windows" / "reviewdesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert f'Subkey: "Software\\Classes\\.{appinfo.PACK_EXTENSION}"' in iss
    assert appinfo.PACK_MIME in iss
    assert f'#define AppExe "{appinfo.WINDOWS_GUI_EXE}.exe"' in iss


def test_shiboken_support_files_are_written_with_byte_code(tmp_path: Path) -> None:
    """What the spec ships as <bundle>/_internal/shiboken6/files.dir, and build.py's check."""
    files = load("shiboken_files.py")
    internal = tmp_path / "_internal"
    assert len(files.missing_from_bundle(internal)) == 2 * len(files.ESSENTIAL)
    target = internal / "shiboken6" / "files.dir"
    written = files.write_support_files(target)
    assert files.missing_from_bundle(internal) == []
    compiled = [p for p in written if p.suffix == ".pyc"]
    sources = [p for p in written if p.suffix == ".py"]
    assert len(compiled) == len(sources) >= len(files.ESSENTIAL)
    for pyc in compiled:  # byte-code for this Python, used without looking at the source
        header = pyc.read_bytes()[:8]
        assert header[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(header[4:8], "little") == 1, pyc  # unchecked hash
    loader = (target / "shibokensupport" / "signature" / "loader.py").read_text(encoding="utf-8")
    assert "def " in loader
    # Shipped where shiboken6 looks: beside its own __init__ in the bundle.
    shipped = {dest for _src, dest in files.datas(target)}
    assert str(Path("shiboken6", "files.dir", "shibokensupport", "signature")) in shipped
    assert all(dest.startswith(str(Path("shiboken6", "files.dir"))) for dest in shipped)
