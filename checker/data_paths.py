"""Where things live: the bundled catalogue and replicas, and the person's own data.

In a checkout the catalogue sits at the top level (selectors/, scenarios/, tests/replicas/). In a
non-editable install setuptools maps the same folders into checker/_bundled/. Both layouts work.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .errors import DataError

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


def user_data_dir() -> Path:
    return private_dir(Path(os.environ.get("UNTRAIN_HOME") or platformdirs.user_data_dir(APP)), MOVE_HINT)


def cache_dir() -> Path:
    """Things that only make Untrain faster, safe to delete at any time."""
    base = os.environ.get("UNTRAIN_HOME")
    return private_dir(Path(base) / "cache" if base else Path(platformdirs.user_cache_dir(APP)), MOVE_HINT)


def user_config_dir(create: bool = True) -> Path:
    """Where config.toml lives. `untrain config path` makes the folder, so the person can save the
    file there; merely reading the settings does not (a demo on a read-only home needs none)."""
    base = os.environ.get("UNTRAIN_CONFIG_HOME") or os.environ.get("UNTRAIN_HOME")
    folder = Path(base) if base else Path(platformdirs.user_config_dir(APP))
    return private_dir(folder, MOVE_HINT) if create else folder


def profile_dir() -> Path:
    return private_dir(user_data_dir() / "profile", MOVE_HINT)
