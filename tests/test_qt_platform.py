"""Which Qt platform the self-test starts, and how it explains one that cannot load (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.qt_platform import (
    APT_LINE,
    DEBIAN_PACKAGES,
    chosen_platform,
    expected_plugin,
    missing_libraries,
    platform_problem,
)

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""


@pytest.mark.parametrize(
    ("env", "platform", "chosen", "plugin"),
    [
        ({"DISPLAY": ":0"}, "linux", None, "xcb"),  # Qt chooses, as the app lets it
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux", None, "wayland"),
        (
            {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "XDG_SESSION_TYPE": "x11"},
            "linux",
            None,
            "xcb",
        ),
        ({}, "linux", "offscreen", "offscreen"),  # no display at all: a server or CI
        ({}, "win32", None, "windows"),
        ({}, "darwin", None, "cocoa"),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", "offscreen", "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb:nomitshm"}, "linux", "xcb", "xcb"),
    ],
)
def test_the_platform_is_the_one_the_app_will_use(env, platform, chosen, plugin) -> None:  # type: ignore[no-untyped-def]
    assert chosen_platform(env, platform) == chosen
    assert expected_plugin(env, platform) == plugin


def _plugins(tmp_path: Path) -> Path:
    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / "libqxcb.so").write_bytes(b"\x7fELF")
    return tmp_path


def test_missing_libraries_are_named_with_the_packages_that_add_them(tmp_path: Path) -> None:
    problem = platform_problem(
        "xcb",
        environ={"DISPLAY": ":0"},
        platform="linux",
        folder=_plugins(tmp_path),
        ldd=lambda _p: LDD_MISSING,
        x_server_answers=lambda _d: pytest.fail("no need to ask the display"),
    )
    assert problem is not None
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 " in problem
    assert "libxkbcommon-x11-0" in problem and problem.count("libxcb-icccm4") == 1


def test_without_ldd_the_loader_s_own_message_names_the_library(tmp_path: Path) -> None:
    problem = platform_problem(
        "xcb",
        environ={"DISPLAY": ":0"},
        platform="linux",
        folder=_plugins(tmp_path),
        ldd=lambda _p: None,
        dlopen_error=lambda _p: "libxcb-cursor.so.0: cannot open shared object file: No such file",
    )
    assert problem is not None and "libxcb-cursor.so.0" in problem and "libxcb-cursor0" in problem


def test_a_display_that_does_not_answer_is_said_plainly(tmp_path: Path) -> None:
    problem = platform_problem(
        "xcb",
        environ={"DISPLAY": ":93"},
        platform="linux",
        folder=_plugins(tmp_path),
        ldd=lambda _p: "\tlibc.so.6 => /lib/libc.so.6\n",
        x_server_answers=lambda _d: False,
    )
    assert problem is not None and ":93 does not answer" in problem


def test_all_is_well_when_the_libraries_and_the_display_are_there(tmp_path: Path) -> None:
    folder = _plugins(tmp_path)
    fine = {
        "ldd": lambda _p: "\tlibc.so.6 => /lib/libc.so.6\n",
        "x_server_answers": lambda _d: True,
    }
    assert (
        platform_problem("xcb", environ={"DISPLAY": ":0"}, platform="linux", folder=folder, **fine)
        is None
    )
    assert platform_problem("windows", platform="win32") is None  # nothing to check there
    missing = platform_problem(
        "xcb", environ={"DISPLAY": ":0"}, platform="linux", folder=tmp_path / "none"
    )
    assert missing is not None and "missing" in missing


def test_the_readme_gives_the_one_apt_line() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert APT_LINE in readme
    named = set(APT_LINE.split()[4:])
    assert named <= set(DEBIAN_PACKAGES.values())
    for needed in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert needed in named


def test_ldd_reports_are_read_once_each() -> None:
    assert missing_libraries(LDD_MISSING) == [
        "libxcb-cursor.so.0",
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libxkbcommon-x11.so.0",
    ]
