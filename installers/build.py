"""Build ReviewDesk for the platform this runs on.

    pip install -e ".[build]"                   (once: PyInstaller)
    python installers/build.py                  the bundle: dist/reviewdesk/
    python installers/build.py --package        and this platform's packages:
        Windows  dist/ReviewDesk-<v>-windows-x86_64-portable.zip, and
                 dist/ReviewDesk-<v>-setup.exe when Inno Setup 6.6+ (ISCC.exe) is installed
        Linux    dist/ReviewDesk-<v>-linux-<arch>.tar.gz (and an AppImage if appimagetool is
                 on PATH: installers/linux/make_appimage.py)
        macOS    dist/ReviewDesk-<v>-macos.dmg (installers/macos/make_dmg.sh)

The bundle's executable is dist/reviewdesk/reviewdesk on Linux, dist/reviewdesk/ReviewDesk.exe
(and the console twin reviewdesk-cli.exe) on Windows, and dist/ReviewDesk.app on macOS. Check any
of them with ``--self-test``. Build on the oldest system you support: a Linux bundle carries the
build machine's libraries and needs a glibc at least as new as the build machine's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo
import shiboken_files

SPEC = appinfo.INSTALLERS / "reviewdesk.spec"
WORK = appinfo.ROOT / "build" / "pyinstaller"


def build_bundle(clean: bool, log_level: str) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed in this Python environment. Install the build extra "
            'first: pip install -e ".[build]"'
        ) from None
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
        "--distpath", str(appinfo.DIST), "--workpath", str(WORK), "--log-level", log_level,
    ]  # fmt: skip
    if clean:
        command.append("--clean")
    subprocess.run(command, check=True, cwd=appinfo.ROOT)
    # The executable that can print: the console twin on Windows, the one inside the .app on macOS.
    if sys.platform == "win32":
        executable = appinfo.BUNDLE / f"{appinfo.CLI_EXE}.exe"
    elif sys.platform == "darwin":
        executable = appinfo.DIST / f"{appinfo.APP_NAME}.app/Contents/MacOS/{appinfo.GUI_EXE}"
    else:
        executable = appinfo.BUNDLE / appinfo.GUI_EXE
    if not executable.is_file():
        raise SystemExit(f"The build finished but {executable} is missing.")
    return executable


def missing_system_libraries(bundle: Path) -> list[str]:
    """Linux: libraries the X11 platform plugin needs that this machine lacks (so the bundle
    will expect them on every target machine). Empty when all were found and bundled."""
    plugin = next(bundle.glob("_internal/PySide6/Qt/plugins/platforms/libqxcb.so"), None)
    if plugin is None or shutil.which("ldd") is None:
        return []
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}"}
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env=env).stdout
    return sorted({line.split()[0] for line in out.splitlines() if "not found" in line})


# Windows code signing, when a certificate is available (docs/installing.md). The command signs
# one file, written as "$f" (Inno Setup's convention, e.g.
#   signtool sign /sha1 <thumbprint> /fd SHA256 /tr <timestamp URL> /td SHA256 $f
# It signs both executables before they are zipped or packed, then the installer and uninstaller.
SIGN_COMMAND = os.environ.get("REVIEWDESK_SIGN_COMMAND", "")


def sign_executables() -> None:
    for name in (appinfo.WINDOWS_GUI_EXE, appinfo.WINDOWS_CLI_EXE):
        exe = appinfo.BUNDLE / f"{name}.exe"
        subprocess.run(SIGN_COMMAND.replace("$f", f'"{exe}"'), check=True)


def package(version: str) -> None:
    if sys.platform == "win32":
        if SIGN_COMMAND:
            sign_executables()
        else:
            print("Not signed: set REVIEWDESK_SIGN_COMMAND to sign (see docs/installing.md).")
        run_script("windows/make_portable.py")
        iscc = find_iscc()
        if iscc is None:
            print("Inno Setup's ISCC.exe was not found, so no installer was made. Install Inno "
                  "Setup 6.6 or later, or set ISCC to its path, and run this again.")  # fmt: skip
            return
        numeric = ".".join(str(n) for n in appinfo.numeric_version(version))
        command = [
            iscc, "/Q", f"/DAppVersion={version}", f"/DAppNumericVersion={numeric}",
            f"/DBundleDir={appinfo.BUNDLE}", f"/DOutputDir={appinfo.DIST}",
        ]  # fmt: skip
        if SIGN_COMMAND:
            command += [f"/Sreviewdesk={SIGN_COMMAND}", "/DSignToolName=reviewdesk"]
        command.append(str(appinfo.INSTALLERS / "windows" / "reviewdesk.iss"))
        subprocess.run(command, check=True)
        print(f"Installer: {appinfo.DIST / f'{appinfo.APP_NAME}-{version}-setup.exe'}")
    elif sys.platform == "darwin":
        dmg_script = appinfo.INSTALLERS / "macos" / "make_dmg.sh"
        subprocess.run(["sh", str(dmg_script), version], check=True)
    else:
        run_script("linux/make_tarball.py")


def run_script(relative: str) -> None:
    subprocess.run([sys.executable, str(appinfo.INSTALLERS / relative)], check=True)


def find_iscc() -> str | None:
    if os.environ.get("ISCC"):
        return os.environ["ISCC"]
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        root = os.environ.get(base)
        if not root:
            continue
        for sub in ("Inno Setup 6", os.path.join("Programs", "Inno Setup 6")):
            candidate = Path(root) / sub / "ISCC.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", action="store_true", help="also make this platform's packages")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument(
        "--log-level",
        default="WARN",
        choices=["DEBUG", "INFO", "WARN", "ERROR"],
        help="how much PyInstaller says (default: WARN)",
    )
    parser.add_argument(
        "--max-mb", type=float, metavar="MB", help="fail when the bundle is larger than MB"
    )
    args = parser.parse_args(argv)
    version = appinfo.version()
    print(f"Building {appinfo.APP_NAME} {version} for {appinfo.platform_tag()}")
    started = time.monotonic()
    executable = build_bundle(args.clean, args.log_level)
    size_mb = appinfo.folder_size(appinfo.BUNDLE) / 1e6
    took = time.monotonic() - started
    print(f"Bundle: {appinfo.BUNDLE} ({size_mb:.0f} MB, built in {took:.0f} s)")
    print(f"Check it with: {executable} --self-test")
    if sys.platform.startswith("linux"):
        missing = missing_system_libraries(appinfo.BUNDLE)
        if missing:
            print("Note: this machine lacks libraries that Qt's X11 plugin needs, so the bundle "
                  f"relies on the target machine having them: {', '.join(missing)}")  # fmt: skip
    # PySide6's signature support as byte-code (the spec ships it: installers/shiboken_files.py).
    missing = shiboken_files.missing_from_bundle(appinfo.BUNDLE / "_internal", sys.flags.optimize)
    if missing:
        print("The bundle lacks PySide6's signature support as byte-code, so every start would "
              f"compile it again: {', '.join(missing)}")  # fmt: skip
        return 1
    if args.max_mb is not None and size_mb > args.max_mb:
        print(f"The bundle is {size_mb:.0f} MB, over the {args.max_mb:.0f} MB limit.")
        return 1
    if args.package:
        package(version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
