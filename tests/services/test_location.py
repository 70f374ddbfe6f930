"""Refusing network shares and cloud-sync folders (every probe injected: runs on any OS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.errors import UnsafeLocationError
from reviewdesk.paths import resolve_paths
from reviewdesk.services.bundle import open_services
from reviewdesk.services.library.location import (
    DRIVE_REMOTE,
    check_location,
    cloud_folder,
    ensure_safe_location,
    filesystem_of,
    is_unc,
    parse_bsd_mount,
    parse_proc_mounts,
)

WIN = {"platform": "win32", "environ": {}}


@pytest.mark.parametrize(
    "path",
    [
        r"\\fileserver\home$\alex\ReviewDesk",
        "//fileserver/share/ReviewDesk",
        r"\\?\UNC\fileserver\share\ReviewDesk",
    ],
)
def test_unc_paths_are_network_shares(path: str) -> None:
    assert is_unc(path)
    verdict = check_location(Path(path), drive_type=lambda root: 3, **WIN)
    assert verdict is not None and verdict.kind == "network"


def test_long_local_paths_are_not_unc() -> None:
    assert not is_unc(r"\\?\C:\Users\alex\AppData\Local\ReviewDesk")
    assert not is_unc(r"C:\Users\alex\AppData\Local\ReviewDesk")


def test_mapped_network_drives_are_refused_and_local_drives_are_not() -> None:
    types = {"H:\\": DRIVE_REMOTE, "C:\\": 3, "E:\\": 2}  # network, fixed, removable (USB)
    probe = {**WIN, "drive_type": lambda root: types[root.upper()]}
    verdict = check_location(Path(r"H:\ReviewDesk"), **probe)
    assert verdict is not None and verdict.detail == "the network drive H:"
    assert check_location(Path(r"C:\Users\alex\AppData\Local\ReviewDesk"), **probe) is None
    assert check_location(Path(r"E:\ReviewDesk data"), **probe) is None  # portable mode


PROC_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
fileserver:/export/home /home/alex/net nfs4 rw,relatime,vers=4.2 0 0
//fileserver/Team\\040Share /media/alex/Team\\040Share cifs rw,relatime 0 0
alex@host:/srv /home/alex/remote fuse.sshfs rw,nosuid 0 0
/dev/sdb1 /home/alex/net/local-cache ext4 rw 0 0
"""


def test_linux_mount_table_is_parsed_with_escapes_and_longest_match() -> None:
    table = parse_proc_mounts(PROC_MOUNTS)
    assert ("/media/alex/Team Share", "cifs") in table
    assert filesystem_of("/home/alex/net/ReviewDesk", table) == "nfs4"
    assert filesystem_of("/home/alex/net/local-cache/x", table) == "ext4"
    assert filesystem_of("/home/alex/network/x", table) == "ext4"  # not under /home/alex/net
    assert filesystem_of("/tmp/x", table) == "tmpfs"


@pytest.mark.parametrize(
    ("path", "unsafe"),
    [
        ("/home/alex/net/ReviewDesk", True),
        ("/media/alex/Team Share/ReviewDesk", True),
        ("/home/alex/remote/rd", True),
        ("/home/alex/.local/share/ReviewDesk", False),
        ("/home/alex/net/local-cache/ReviewDesk", False),
    ],
)
def test_network_file_systems_on_linux(path: str, unsafe: bool) -> None:
    verdict = check_location(
        Path(path), platform="linux", environ={}, mounts=parse_proc_mounts(PROC_MOUNTS)
    )
    assert (verdict is not None) is unsafe
    if verdict:
        assert verdict.kind == "network"


def test_macos_mount_output_is_parsed() -> None:
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//alex@fileserver/Team%20Share on /Volumes/Team Share (smbfs, nodev, nosuid, "
        "mounted by alex)\n"
        "fileserver:/export on /Volumes/export (nfs, asynchronous)\n"
    )
    table = parse_bsd_mount(text)
    assert ("/Volumes/Team Share", "smbfs") in table
    for path, unsafe in [
        ("/Volumes/Team Share/ReviewDesk", True),
        ("/Volumes/export/x", True),
        ("/Users/alex/Library/Application Support/ReviewDesk", False),
    ]:
        verdict = check_location(Path(path), platform="darwin", environ={}, mounts=table)
        assert (verdict is not None) is unsafe, path


@pytest.mark.parametrize(
    ("path", "platform", "service"),
    [
        (r"C:\Users\alex\OneDrive\ReviewDesk", "win32", "OneDrive"),
        (r"C:\Users\alex\OneDrive - Eastmere Council\Documents\RD", "win32", "OneDrive"),
        (r"C:\Users\alex\Dropbox (Eastmere Council)\RD", "win32", "Dropbox"),
        (r"C:\Users\alex\Dropbox\RD", "win32", "Dropbox"),
        (r"G:\My Drive\ReviewDesk", "win32", "Google Drive"),
        (r"C:\Users\alex\iCloudDrive\RD", "win32", "iCloud Drive"),
        (r"C:\Users\alex\Box\RD", "win32", "Box"),
        ("/Users/alex/Library/CloudStorage/OneDrive-Personal/RD", "darwin", "OneDrive"),
        ("/Users/alex/Library/CloudStorage/GoogleDrive-a@example.org/My Drive", "darwin", None),
        ("/Users/alex/Library/Mobile Documents/com~apple~CloudDocs/RD", "darwin", "iCloud Drive"),
        ("/home/alex/Dropbox/ReviewDesk", "linux", "Dropbox"),
        (r"C:\Users\alex\AppData\Local\ReviewDesk", "win32", ""),
        ("/home/alex/projects/boxes/ReviewDesk", "linux", ""),
        ("/home/alex/Documents/Dropboxes-notes", "linux", ""),
        ("/srv/data/archive/2024/Box/RD", "linux", ""),  # "Box" deep in a tree is not Box Drive
    ],
)
def test_cloud_sync_folders_are_recognised(path: str, platform: str, service: str | None) -> None:
    found = cloud_folder(path, platform=platform, environ={})
    if service == "":
        assert found is None
    elif service is None:
        assert found is not None  # any provider under CloudStorage
    else:
        assert found == service


def test_onedrive_environment_variables_mark_redirected_folders() -> None:
    env = {"OneDriveCommercial": r"D:\Sync\Eastmere"}
    assert cloud_folder(r"D:\Sync\Eastmere\RD", platform="win32", environ=env) == "OneDrive"
    assert cloud_folder(r"d:\sync\eastmere", platform="win32", environ=env) == "OneDrive"
    assert cloud_folder(r"D:\Sync\Other\RD", platform="win32", environ=env) is None


def test_the_refusal_explains_and_names_a_local_folder() -> None:
    with pytest.raises(UnsafeLocationError) as err:
        ensure_safe_location(
            Path(r"C:\Users\alex\OneDrive - Eastmere Council\ReviewDesk"),
            suggestion=Path(r"C:\Users\alex\AppData\Local\ReviewDesk"),
            **WIN,
        )
    message = str(err.value)
    assert "OneDrive" in message and "--data-dir" in message
    assert r"C:\Users\alex\AppData\Local\ReviewDesk" in message
    assert err.value.kind == "cloud"
    assert err.value.suggestion == Path(r"C:\Users\alex\AppData\Local\ReviewDesk")


def test_open_services_refuses_a_synced_folder_before_creating_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "OneDriveRoot"
    monkeypatch.setenv("OneDrive", str(synced))
    data = synced / "ReviewDesk"
    with pytest.raises(UnsafeLocationError, match="--data-dir"):
        open_services(resolve_paths(data))
    assert not data.exists()
