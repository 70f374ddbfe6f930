"""Which Qt platform plugin ReviewDesk will use on this machine, and whether it can load.

The self-test (reviewdesk/selftest.py) starts Qt the way the app will: on a machine with a
display, with the platform plugin the app uses there (``xcb`` on Linux/X11, ``wayland`` when the
session is Wayland, ``windows``, ``cocoa``), never forcing ``offscreen``, so that "PASS" means
the window can really open. Only with no display at all (a server, CI) does it use offscreen.

On Linux, Qt aborts the whole process (no exception to catch) when its platform plugin cannot
load: the most common cause is a system library the X11 plugin needs, such as libxcb-cursor0,
that a minimal Debian or Ubuntu install lacks. :func:`platform_problem` finds that out first (ldd
on the plugin, and a test connection to the X server) and explains it, naming the missing
libraries and the one ``apt-get install`` line that adds them.

Pure functions with injectable inputs, so the rules are tested on any machine. No Qt at import.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

OFFSCREEN = "offscreen"

# The system libraries Qt's X11 plugin (and Qt's GUI libraries) load, and the Debian/Ubuntu
# package of each. Found with `ldd` on the xcb plugin of the PySide6 wheel (6.11) and
# `dpkg -S` on a full desktop; Qt's own list for Linux/X11 is the same family.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# The README's line for a fresh Debian or Ubuntu desktop (keep the two in step).
APT_LINE = (
    "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
    "libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 "
    "libegl1 libgl1 libfontconfig1 libdbus-1-3"
)

_PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}


def chosen_platform(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> str | None:
    """The platform plugin the app will use: what ``QT_QPA_PLATFORM`` names, else the
    system's own (None: let Qt choose, as the app does), else ``offscreen`` when a Linux
    machine has no display at all."""
    env = os.environ if environ is None else environ
    forced = env.get("QT_QPA_PLATFORM", "").strip()
    if forced:
        return forced.split(";")[0].split(":")[0].strip() or None
    if platform in ("win32", "darwin"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return OFFSCREEN


def expected_plugin(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> str:
    """The plugin Qt will pick when none is named (for reports and the library check)."""
    env = os.environ if environ is None else environ
    forced = chosen_platform(env, platform)
    if forced:
        return forced
    if platform == "win32":
        return "windows"
    if platform == "darwin":
        return "cocoa"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return "wayland"
    return "xcb" if env.get("DISPLAY") else "wayland"


def plugins_folder() -> Path | None:
    """Qt's plugins folder: QT_PLUGIN_PATH (a frozen bundle sets it), else the one beside the
    PySide6 that is imported."""
    for entry in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep):
        if entry and (Path(entry) / "platforms").is_dir():
            return Path(entry)
    try:
        from PySide6.QtCore import QLibraryInfo  # QtCore only: no platform plugin is loaded
    except ImportError:
        return None
    found = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return found if (found / "platforms").is_dir() else None


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", in order, each once."""
    missing = [
        line.split()[0] for line in ldd_output.splitlines() if "not found" in line and line.strip()
    ]
    return list(dict.fromkeys(missing))


def packages_for(libraries: list[str]) -> list[str]:
    """The Debian/Ubuntu packages that hold ``libraries`` (unknown ones left out)."""
    return list(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in libraries if lib in DEBIAN_PACKAGES))


def _ldd(plugin: Path) -> str | None:
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout + done.stderr


def _dlopen_error(plugin: Path) -> str | None:
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return str(exc)
    return None


def _x_server_answers(display: str) -> bool:
    """Whether the X server ``display`` accepts a connection (libxcb, as Qt connects)."""
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return True  # no libxcb: the library check names it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    screen = ctypes.c_int(0)
    conn = xcb.xcb_connect(display.encode(), ctypes.byref(screen))
    try:
        return conn is not None and xcb.xcb_connection_has_error(conn) == 0
    finally:
        if conn:
            xcb.xcb_disconnect(conn)


def platform_problem(
    plugin: str,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    folder: Path | None = None,
    ldd: Callable[[Path], str | None] = _ldd,
    dlopen_error: Callable[[Path], str | None] = _dlopen_error,
    x_server_answers: Callable[[str], bool] = _x_server_answers,
) -> str | None:
    """Why Qt's ``plugin`` cannot start here (a whole explanation), or None when it can.
    Checked on Linux only: the Windows and macOS plugins come with Qt and need nothing more."""
    if not platform.startswith("linux") or plugin not in _PLUGIN_FILES:
        return None
    env = os.environ if environ is None else environ
    folder = folder if folder is not None else plugins_folder()
    if folder is None:
        return "Qt's plugins folder was not found, so no window can open."
    path = folder / "platforms" / _PLUGIN_FILES[plugin]
    if not path.is_file():
        return f"Qt's {plugin} platform plugin is missing ({path}), so no window can open."
    report = ldd(path)
    missing = missing_libraries(report) if report is not None else []
    if report is None:
        error = dlopen_error(path)
        named = [
            lib
            for lib in re.findall(r"(lib[\w.+-]+?\.so(?:\.\d+)*)", error or "")
            if lib != path.name
        ]
        missing = named[:1] if named else ([f"a library ({error})"] if error else [])
    if missing:
        packages = packages_for(missing)
        fix = (
            f" On Debian or Ubuntu: sudo apt-get install -y {' '.join(packages)}"
            if packages
            else ""
        )
        return (
            f"Qt's {plugin} platform plugin cannot load, so no window can open: this system "
            f"lacks {', '.join(missing)}.{fix} (or the full list in the README, under "
            "'On Linux')."
        )
    if plugin == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "DISPLAY is not set, so there is no X display to open a window on."
        if not x_server_answers(display):
            return (
                f"The X display {display} does not answer, so no window can open. Check that "
                "the desktop (or Xvfb) is running and that DISPLAY names it."
            )
    return None
