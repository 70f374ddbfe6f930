"""Is this folder a safe home for a library? Not on a network share, not in a cloud-sync folder.

SQLite's locking and write-ahead log need a local disk: on an SMB/NFS share (including Windows
folder redirection and mapped drives) the shared-memory index and file locks are unreliable, and
sync clients (OneDrive, Dropbox, Google Drive, iCloud, Box) copy the file while it is being
written, which can tear it or bring back an old copy.

Every probe is a pure function with injectable inputs (platform, environment, mount table,
drive type), so the rules are tested on any machine; :func:`check_location` gathers the real
inputs and :func:`ensure_safe_location` raises :class:`UnsafeLocationError` with a message that
explains and names a local folder to use instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from reviewdesk.domain.errors import UnsafeLocationError

# Linux /proc/mounts and macOS `mount` type names of network or shared file systems.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afpfs",
        "webdav",
        "davfs",
        "ncpfs",
        "afs",
        "coda",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.onedriver",
        "fuse.google-drive-ocamlfuse",
        "fuse.dropbox",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
        "fuse.vmhgfs-fuse",
        "vboxsf",
        "drvfs",
    }
)

DRIVE_REMOTE = 4  # GetDriveTypeW

_CLOUD_NAMES = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "box drive": "Box",
    "pcloud drive": "pCloud",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "mega": "MEGA",
    "sync.com": "Sync.com",
}
_CLOUD_PREFIXES = (
    ("onedrive - ", "OneDrive"),  # Windows, business: "OneDrive - Eastmere Council"
    ("onedrive-", "OneDrive"),  # macOS CloudStorage: "OneDrive-Personal"
    ("dropbox (", "Dropbox"),  # "Dropbox (Eastmere Council)"
    ("dropbox-", "Dropbox"),
    ("googledrive-", "Google Drive"),  # macOS CloudStorage: "GoogleDrive-name@example.org"
    ("box-", "Box"),
)
_ONEDRIVE_ENV = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a folder is unsafe: ``kind`` is "network" or "cloud"; ``detail`` names what."""

    kind: str
    detail: str


def _pure(path: str, platform: str) -> PurePath:
    return PureWindowsPath(path) if platform == "win32" else PurePosixPath(path)


def is_unc(path: str) -> bool:
    r"""``\\server\share\...`` or ``\\?\UNC\server\share``; not ``\\?\C:\...`` (a local path)."""
    p = path.replace("/", "\\")
    if p.upper().startswith("\\\\?\\UNC\\"):
        return True
    if p.startswith("\\\\?\\") or p.startswith("\\\\.\\"):
        return False
    return p.startswith("\\\\")


def _under(path: PurePath, folder: str, platform: str) -> bool:
    try:
        parent = _pure(folder, platform)
    except (TypeError, ValueError):
        return False
    if platform in ("win32", "darwin"):
        a, b = str(path).casefold(), str(parent).casefold()
    else:
        a, b = str(path), str(parent)
    sep = "\\" if platform == "win32" else "/"
    return a == b or a.startswith(b.rstrip(sep) + sep)


def cloud_folder(
    path: str, *, platform: str = sys.platform, environ: Mapping[str, str] | None = None
) -> str | None:
    """The sync service whose folder holds ``path``, or None."""
    env = os.environ if environ is None else environ
    pure = _pure(path, platform)
    for var in _ONEDRIVE_ENV:
        if env.get(var) and _under(pure, env[var], platform):
            return "OneDrive"
    parts = [p.casefold() for p in pure.parts]
    for i, part in enumerate(parts):
        if part == "cloudstorage" and i > 0 and parts[i - 1] == "library" and i + 1 < len(parts):
            return _CLOUD_NAMES.get(parts[i + 1].split("-")[0], "a cloud storage provider")
        if part == "my drive" or (
            part == "shared drives"
            and (
                i == 1
                or (i > 0 and ("google" in parts[i - 1] or parts[i - 1].startswith("googled")))
            )
        ):
            return "Google Drive"  # G:\My Drive (Google Drive for desktop), wherever it is mounted
        if part in _CLOUD_NAMES and (part not in ("box", "mega") or i <= 4):
            return _CLOUD_NAMES[part]
        for prefix, name in _CLOUD_PREFIXES:
            if part.startswith(prefix):
                return name
    return None


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) from Linux's /proc/mounts."""
    table = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            table.append((_unescape_mount(fields[1]), fields[2]))
    return table


def parse_bsd_mount(text: str) -> list[tuple[str, str]]:
    """(mount point, type) from macOS/BSD ``mount`` output:
    ``//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)``."""
    table = []
    for line in text.splitlines():
        if " on " not in line or "(" not in line:
            continue
        _, _, rest = line.partition(" on ")
        point, _, opts = rest.rpartition(" (")
        fstype = opts.split(",")[0].strip(" )")
        if point and fstype:
            table.append((point, fstype))
    return table


def filesystem_of(path: str, table: Iterable[tuple[str, str]]) -> str | None:
    """The type of the file system holding ``path`` (the longest matching mount point)."""
    best, best_len = None, -1
    for point, fstype in table:
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix) or point == "/") and len(point) > best_len:
            best, best_len = fstype, len(point)
    return best


def _network_fs(fstype: str | None) -> bool:
    if not fstype:
        return False
    t = fstype.casefold()
    return t in NETWORK_FILESYSTEMS or t.split(".")[0] in ("nfs", "cifs", "smb", "smbfs")


def network_location(
    path: str,
    *,
    platform: str = sys.platform,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> str | None:
    """A description of the network location holding ``path``, or None when it is local."""
    if platform == "win32":
        if is_unc(path):
            return "a network share"
        drive = PureWindowsPath(path).drive
        if drive and drive_type is not None and drive_type(drive + "\\") == DRIVE_REMOTE:
            return f"the network drive {drive}"
        return None
    fstype = filesystem_of(path, mounts or ())
    if _network_fs(fstype):
        return f"a network or shared file system ({fstype})"
    return None


# --- gathering the real inputs ------------------------------------------------------------------


def _windows_drive_type(root: str) -> int:
    import ctypes

    # ctypes.windll exists on Windows only; mypy checks as on the machine it runs on.
    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined]


def _mount_table(platform: str) -> list[tuple[str, str]]:
    try:
        if platform.startswith("linux"):
            for name in ("/proc/self/mounts", "/proc/mounts"):
                if os.path.exists(name):
                    with open(name, encoding="utf-8", errors="replace") as fh:
                        return parse_proc_mounts(fh.read())
        elif platform == "darwin" or "bsd" in platform:
            out = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            )
            return parse_bsd_mount(out.stdout)
    except (OSError, subprocess.SubprocessError):
        pass
    return []


def _resolved(path: Path) -> str:
    """The real location (symlinks, junctions and redirected folders followed)."""
    try:
        return os.path.realpath(path)
    except OSError:
        return str(path.absolute())


def check_location(
    folder: Path,
    *,
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> Verdict | None:
    """None when ``folder`` is a safe home for a library, else why not. Creates nothing."""
    raw = str(folder)
    real = _resolved(folder) if platform == sys.platform else raw
    if platform == "win32" and drive_type is None and sys.platform == "win32":
        drive_type = _windows_drive_type
    if mounts is None and platform != "win32" and platform == sys.platform:
        mounts = _mount_table(platform)
    for candidate in dict.fromkeys((raw, real)):
        where = network_location(candidate, platform=platform, mounts=mounts, drive_type=drive_type)
        if where:
            return Verdict("network", where)
        service = cloud_folder(candidate, platform=platform, environ=environ)
        if service:
            return Verdict("cloud", service)
    return None


def message_for(folder: Path, verdict: Verdict, suggestion: Path | None) -> str:
    if verdict.kind == "cloud":
        why = (
            f"it is inside a {verdict.detail} folder. Sync services copy the file while "
            "ReviewDesk is writing to it, which can damage it or bring back an older copy, "
            "and they would send sensitive case material off this computer."
        )
    else:
        why = (
            f"it is on {verdict.detail}. The database ReviewDesk uses needs a disk in this "
            "computer: over a network its locks and write-ahead log cannot be trusted, and "
            "your work could be lost or damaged."
        )
    where = f" such as {suggestion}" if suggestion else ""
    return (
        f"ReviewDesk cannot keep your library in {folder}, because {why} Please choose a folder "
        f"on this computer that is not synced{where}: start ReviewDesk with --data-dir FOLDER "
        "(or set REVIEWDESK_DATA_DIR). Your IT team can help if your folders are redirected."
    )


def ensure_safe_location(
    folder: Path,
    *,
    suggestion: Path | Callable[[], Path | None] | None = None,
    **probes: object,
) -> None:
    """Raise :class:`UnsafeLocationError` when ``folder`` is not a safe home for a library.
    ``suggestion`` (a folder to offer instead) may be a function, asked only then."""
    # probes: check_location's keyword-only test doubles, passed through untouched.
    verdict = check_location(folder, **probes)  # type: ignore[arg-type]
    if verdict is None:
        return
    if callable(suggestion):
        suggestion = suggestion()
    if suggestion is not None and (
        check_location(suggestion, **probes) is not None  # type: ignore[arg-type]
        or suggestion == folder
    ):
        suggestion = None
    raise UnsafeLocationError(
        message_for(folder, verdict, suggestion),
        path=folder,
        kind=verdict.kind,
        suggestion=suggestion,
    )


# --- where an exported document goes ------------------------------------------------------------


def cloud_destination(
    path: Path, *, platform: str = sys.platform, environ: Mapping[str, str] | None = None
) -> str | None:
    """The sync service (OneDrive, Dropbox, Google Drive, iCloud Drive, ...) whose folder would
    receive a file written at ``path``, or None when the folder is not synced. Checks the path
    as given and, on this machine, where it really leads (links and redirected folders
    followed), so a shortcut into OneDrive counts too. Creates nothing."""
    raw = str(path)
    candidates = [raw]
    if platform == sys.platform:
        candidates.append(_resolved(Path(path)))
    for candidate in dict.fromkeys(candidates):
        service = cloud_folder(candidate, platform=platform, environ=environ)
        if service:
            return service
    return None


def cloud_question(path: Path, service: str) -> str:
    """Why a person is asked before an export is written into a synced folder (GUI and CLI)."""
    return (
        f"{path.name} would be saved in {path.parent}, which {service} copies off this "
        "computer. The file holds sensitive case material, so it is safer in a folder that is "
        "not synced."
    )
