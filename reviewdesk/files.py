"""Files that leave the app: written atomically, never silently replaced, safely named.

Neutral ground (no Qt, no SQLAlchemy, no ReportLab): the services, the exporters' callers, the GUI
and the CLI all use it.

- :func:`write_atomically` writes a temporary file in the target folder, flushes it to disk, then
  moves it into place in one step, so a crash or a full disk never leaves half a document under the
  real name. Unless ``overwrite`` is given it refuses to replace an existing file, and the refusal
  is atomic too (no window between "is it there?" and "write it").
- :func:`safe_file_name` turns any text into a file name that Windows, macOS and Linux all accept.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from reviewdesk.domain.errors import ReviewDeskError

MAX_NAME_LENGTH = 120  # well inside Windows' 255 per name, leaving room for a long folder path

# Names Windows reserves for devices, with or without an extension ("nul.pdf" is still NUL).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")


class OutputExistsError(ReviewDeskError):
    """The file asked for is already there, and replacing it was not asked for."""


def write_atomically(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then move it in.

    Refuses (:class:`OutputExistsError`) when ``path`` exists and ``overwrite`` is false. Raises
    :class:`ReviewDeskError` with a readable message when the file cannot be written; the folder is
    left as it was.
    """
    path = check_destination(path, overwrite=overwrite)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ReviewDeskError(f"The file {path} could not be written: {exc.strerror}.") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _move_into_place(tmp, path, overwrite=overwrite)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise _exists(path) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReviewDeskError(f"The file {path} could not be written: {exc.strerror}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def check_destination(path: Path, *, overwrite: bool = False) -> Path:
    """The absolute path, if a file can be written there; a readable error if not (a folder,
    a folder that does not exist, or a file already there when ``overwrite`` is false)."""
    path = Path(path).absolute()
    if path.is_dir():
        raise ReviewDeskError(f"{path} is a folder. Please give a file name to save to.")
    if not path.parent.is_dir():
        raise ReviewDeskError(f"The folder {path.parent} does not exist.")
    if path.exists() and not overwrite:
        raise _exists(path)
    return path


# The extensions of every kind of file ReviewDesk writes, so a name ending in one of them can have
# it swapped for another rather than gaining a second ("summary.pdf.docx").
KNOWN_EXTENSIONS = frozenset({"pdf", "docx", "json", "csv", "rdpack", "rdreturn", "png", "txt"})


def with_extension(path: Path, extension: str) -> Path:
    """``path`` ending in ``.extension``: a known extension is replaced, anything else kept and
    the extension added ("Child D.v2" -> "Child D.v2.pdf"). An empty name stays empty."""
    if not path.name:
        return path
    if path.suffix.lower() == f".{extension.lower()}":
        return path
    if path.suffix[1:].lower() in KNOWN_EXTENSIONS:
        return path.with_suffix(f".{extension}")
    return path.with_name(f"{path.name}.{extension}")


def has_extension(path: Path, extension: str) -> bool:
    return path.suffix.lower() == f".{extension.lower()}"


def _exists(path: Path) -> OutputExistsError:
    return OutputExistsError(
        f"{path} already exists. Please choose another name, or choose to replace it."
    )


def _move_into_place(tmp: Path, path: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
    elif os.name == "nt":
        os.rename(tmp, path)  # on Windows, rename refuses to replace: FileExistsError
    else:
        try:
            os.link(tmp, path)  # refuses to replace: FileExistsError
        except FileExistsError:
            raise
        except OSError:
            # No hard links on this file system (FAT on a USB stick, some network shares).
            if path.exists():
                raise FileExistsError(str(path)) from None
            os.replace(tmp, path)
            return
        tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def safe_file_name(text: str, extension: str = "", *, fallback: str = "export") -> str:
    """A file name made from ``text`` that Windows, macOS and Linux all accept.

    Characters Windows forbids and control characters become hyphens, runs of spaces close up,
    leading and trailing dots and spaces go, device names (CON, NUL, COM1...) get an underscore,
    and the whole name (with ``extension``, given without its dot) stays within
    :data:`MAX_NAME_LENGTH` characters.
    """
    ext = _clean_part(extension).replace(".", "").replace(" ", "")[:10]
    suffix = f".{ext}" if ext else ""
    stem = _clean_part(text)
    budget = MAX_NAME_LENGTH - len(suffix)
    if len(stem) > budget:
        stem = stem[:budget].rstrip(" .-")
    if not stem:
        stem = _clean_part(fallback) or "export"
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"[:budget]
    return stem + suffix


def _clean_part(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        "-" if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} else ch for ch in text
    )
    text = _BAD_CHARS.sub("-", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _SPACES.sub(" ", text)
    text = _DASHES.sub("-", text)
    return text.strip(" .-")
