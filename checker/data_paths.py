"""Where things live: the bundled catalogue and replicas, and the person's own data.

In a checkout the catalogue sits at the top level (selectors/, scenarios/, tests/replicas/). In a
non-editable install setuptools maps the same folders into checker/_bundled/. Both layouts work.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

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


def private_dir(path: Path) -> Path:
    """Create (or tighten) a directory only the person can read: profiles hold session cookies."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def user_data_dir() -> Path:
    return private_dir(Path(os.environ.get("UNTRAIN_HOME") or platformdirs.user_data_dir(APP)))


def cache_dir() -> Path:
    """Things that only make Untrain faster, safe to delete at any time."""
    base = os.environ.get("UNTRAIN_HOME")
    return private_dir(Path(base) / "cache" if base else Path(platformdirs.user_cache_dir(APP)))


def user_config_dir() -> Path:
    base = os.environ.get("UNTRAIN_CONFIG_HOME") or os.environ.get("UNTRAIN_HOME")
    return private_dir(Path(base) if base else Path(platformdirs.user_config_dir(APP)))


def profile_dir() -> Path:
    return private_dir(user_data_dir() / "profile")
