"""Where things live: the bundled catalogue and replicas, and the person's own data.

In a checkout the catalogue sits at the top level (selectors/, scenarios/, tests/replicas/). In a
non-editable install setuptools maps the same folders into checker/_bundled/. Both layouts work.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .errors import DataError, UsageError

APP = "untrain"
_PACKAGE = Path(__file__).resolve().parent
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
        os.chmod(path, 0o700)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataError(f"{path}: cannot make or protect this private folder ({reason})"
                        + (f"; {hint}" if hint else "")) from None
    return path


def write_private(path: Path, text: str) -> None:
    """Write a file only the person can read: reports list which of their accounts still train.
    Made 0600 from the start (no window under a loose umask), and tightened if it already existed.
    A path that cannot be written is a DataError naming it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)
            handle.write(text)
    except OSError as exc:
        raise DataError(f"{path}: cannot write this file ({exc.strerror or exc})") from None


def check_writable_folder(path: Path, flag: str) -> None:
    """Before a long run: a report that could never be written is a usage error now, not later."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise UsageError(f"{flag} {path}: the folder {folder} does not exist")


def user_data_dir() -> Path:
    return private_dir(Path(os.environ.get("UNTRAIN_HOME") or platformdirs.user_data_dir(APP)), MOVE_HINT)


def cache_dir() -> Path:
    """Things that only make Untrain faster, safe to delete at any time."""
    base = os.environ.get("UNTRAIN_HOME")
    return private_dir(Path(base) / "cache" if base else Path(platformdirs.user_cache_dir(APP)), MOVE_HINT)


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


def profile_dir() -> Path:
    return private_dir(user_data_dir() / "profile", MOVE_HINT)
