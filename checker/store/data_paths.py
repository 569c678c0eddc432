"""Where things live: the bundled catalogue and replicas, and the person's own data.

In a checkout the catalogue sits at the top level (selectors/, scenarios/, tests/replicas/). In a
non-editable install setuptools maps the same folders into checker/_bundled/. Both layouts work.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

import platformdirs

from ..errors import DataError, UsageError

APP = "untrain"
_PACKAGE = Path(__file__).resolve().parents[1]  # checker/, where _bundled/ is mapped in an install
_CHECKOUT = _PACKAGE.parent


def _data_dir(name: str, checkout_relative: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir() and any(bundled.iterdir()):
        return bundled
    return _CHECKOUT / checkout_relative


def scenarios_dir() -> Path:
    return Path(os.environ.get("UNTRAIN_SCENARIOS", _data_dir("scenarios", "scenarios")))


def selectors_dir() -> Path:
    return Path(os.environ.get("UNTRAIN_SELECTORS", _data_dir("selectors", "selectors")))


def replicas_dir() -> Path:
    return _data_dir("replicas", "tests/replicas")


def extension_dir() -> Path:
    """The unpacked extension a person loads in their browser."""
    return _data_dir("extension", "extension")


def schemas_dir() -> Path:
    return _PACKAGE / "schemas"


MOVE_HINT = "set UNTRAIN_HOME to a folder you can write to, or fix this one"


def private_dir(path: Path, hint: str = "") -> Path:
    """Create (or tighten) a directory only the person can read: profiles hold session cookies.
    One that cannot be made (a file in the way, no permission, a read-only disk) is a DataError
    naming it, not a traceback."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if stat.S_IMODE(path.stat().st_mode) != 0o700:
            # Only when it needs it: a read-only home that is already private must still be
            # readable (`history`, `report`), and chmod there fails.
            os.chmod(path, 0o700)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataError(f"{path}: cannot make or protect this private folder ({reason})"
                        + (f"; {hint}" if hint else "")) from None
    return path


def write_private(path: Path, text: str) -> None:
    """Write a file only the person can read: reports list which of their accounts still train.

    Atomic: the text goes to a private temporary file beside the target, which then replaces it. A
    full disk or a crash leaves the old file whole and no scraps, never a truncated report. Made 0600
    from the start (no window under a loose umask). A path that cannot be written is a DataError
    naming it, and saying the old file is unchanged."""
    path = Path(path)
    data = text.encode("utf-8")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise DataError(f"{path}: cannot write this file ({exc.strerror or exc})") from None
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # mkstemp makes 0600 already; this says it is meant
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        kept = " (the previous file is unchanged)" if path.exists() else ""
        raise DataError(f"{path}: cannot write this file ({exc.strerror or exc}){kept}") from None


def check_writable_folder(path: Path, flag: str) -> None:
    """Before a long run: a report that could never be written is a usage error now, not later."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise UsageError(f"{flag} {path}: the folder {folder} does not exist")


def user_data_dir() -> Path:
    return private_dir(Path(os.environ.get("UNTRAIN_HOME") or platformdirs.user_data_dir(APP)), MOVE_HINT)


def cache_dir() -> Path:
    """Things that only make Untrain faster, safe to delete at any time."""
    if os.environ.get("UNTRAIN_HOME"):
        # Through user_data_dir, so UNTRAIN_HOME itself is made 0700 first: mkdir(parents=True)
        # would make it with the umask's mode (0755), open to every user of the machine.
        return private_dir(user_data_dir() / "cache", MOVE_HINT)
    return private_dir(Path(platformdirs.user_cache_dir(APP)), MOVE_HINT)


DEMO_HISTORY = "demo-history.sqlite3"


def demo_history_file() -> Path:
    """The last demo scan, for `untrain report --demo`: in the cache folder, apart from the
    person's own history, which a demo never touches."""
    return cache_dir() / DEMO_HISTORY


def user_config_dir(create: bool = True) -> Path:
    """Where config.toml lives. `untrain config path` makes the folder, so the person can save the
    file there; merely reading the settings does not (a demo on a read-only home needs none)."""
    base = os.environ.get("UNTRAIN_CONFIG_HOME") or os.environ.get("UNTRAIN_HOME")
    folder = Path(base) if base else Path(platformdirs.user_config_dir(APP))
    return private_dir(folder, MOVE_HINT) if create else folder


PROFILE_MARKER = ".untrain-profile"  # written into every profile Untrain makes or adopts


def profile_dir() -> Path:
    return private_dir(user_data_dir() / "profile", MOVE_HINT)


def claim_profile(requested: Path | None) -> Path:
    """The browser profile a command may use: the default one, or a `--profile` folder that is
    Untrain's own (it carries PROFILE_MARKER), new, or empty and already private.

    Anything else is refused and left exactly as it was: it may be another browser's profile,
    whose cookies and settings Chromium would rewrite, or a folder whose mode is not ours to change.
    Untrain only ever tightens the mode of a folder it made."""
    if requested is None:
        profile = profile_dir()  # ours by where it is, marked or not (older Untrains left no mark)
        _mark(profile)
        return profile
    profile = Path(requested).expanduser()
    if not profile.exists():
        private_dir(profile, MOVE_HINT)
        _mark(profile)
        return profile
    if not profile.is_dir():
        raise UsageError(f"--profile {profile}: not a folder")
    if (profile / PROFILE_MARKER).is_file():
        return private_dir(profile, MOVE_HINT)  # ours: made by Untrain, so its mode is ours to keep
    if any(profile.iterdir()):
        raise UsageError(f"--profile {profile}: not an Untrain profile. It already holds files (another "
                         "browser's profile?), and Untrain never uses or rewrites those. Give a new or "
                         "empty folder, or leave --profile out to use the one `untrain login` made.")
    if stat.S_IMODE(profile.stat().st_mode) & 0o077:
        raise UsageError(f"--profile {profile}: other users of this machine can open this folder, and a "
                         f"profile holds your session cookies. Make it private first (chmod 700 {profile}), "
                         "or give a folder that does not exist yet.")
    _mark(profile)
    return profile


def _mark(profile: Path) -> None:
    marker = profile / PROFILE_MARKER
    if not marker.exists():
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, b"This folder is a browser profile made by Untrain.\n")
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DataError(f"{profile}: cannot mark this folder as Untrain's profile "
                            f"({exc.strerror or exc})") from None
