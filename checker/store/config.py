"""The person's settings: one TOML file in the user config dir, edited by hand.

Every key is optional; an absent file means the defaults. A bad value is a DataError naming the
file, the key and (where it can be found) the line, so the person can fix it in their editor.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import data_paths
from ..errors import DataError

CONFIG_NAME = "config.toml"

EXAMPLE = """\
# Untrain settings. Every key is optional.
# providers = ["chatgpt", "claude"]   # what `untrain scan` checks (default: all)
# timeout = 10                        # seconds to wait for each page element (scan, paths, record)
# concurrency = 8                     # provider pages scan and paths open at once (lower it on a small machine)
# browser = "/usr/bin/chromium"       # a Chromium-based browser to drive

# [notify]
# on_scan = false                     # alert after every scan, as if --notify were given
# desktop = true                      # a desktop notification
# apprise = ["ntfys://ntfy.sh/my-topic", "mailto://me:app-password@gmail.com"]
# unknown_after = 3                   # alert when a control stays unknown this many scans

# [schedule]
# every = "daily"                     # daily | weekly
# at = "09:00"                        # HH:MM, local time
"""


class _Section(BaseModel):
    # A typo in a key must be an error, never a silently ignored setting; and a wrong type must be
    # an error, never a guess (`timeout = true` is not one second, `on_scan = "yes"` not a boolean).
    # Strict mode still takes a whole number where seconds are a float.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class NotifyConfig(_Section):
    on_scan: bool = False
    desktop: bool = True
    apprise: list[str] = []
    unknown_after: int = Field(3, ge=1, le=100)

    @field_validator("apprise")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        for number, url in enumerate(urls, 1):
            if "://" not in url:
                # Never echo it: the message reaches the terminal and the scheduled scan's log, and
                # a mistyped URL may still hold a password (mailto:me:app-password@...).
                raise ValueError(f"URL {number} is not an Apprise URL (like ntfys://ntfy.sh/topic); "
                                 "it needs a scheme and '://'")
        return urls


AT_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


class ScheduleConfig(_Section):
    every: Literal["daily", "weekly"] = "daily"
    at: str = Field("09:00", pattern=AT_PATTERN)


# Seconds to wait for each page element when neither a flag nor the config says; the slowest real
# pages need about 5 s.
DEFAULT_TIMEOUT = 10.0

# Provider pages a scan opens at once. A walk is mostly waiting (its data, a 1.2 s hold per
# reading): with four the demo kept two CPUs only a fifth busy, and eight finished it a third
# sooner (docs/performance.md). Eight tabs is an ordinary browser's load; a small machine sets less.
DEFAULT_CONCURRENCY = 8


class Config(_Section):
    providers: list[str] | None = None
    timeout: float | None = Field(None, gt=0, le=600)
    concurrency: int | None = Field(None, ge=1, le=32)
    browser: str | None = None
    notify: NotifyConfig = NotifyConfig()
    schedule: ScheduleConfig = ScheduleConfig()

    def element_timeout(self, flag: float | None) -> float:
        """Seconds to wait for each page element: the command's --timeout, else this file's
        `timeout`, else DEFAULT_TIMEOUT. Every command that drives a page (scan, paths, record)
        resolves it here, once."""
        return flag or self.timeout or DEFAULT_TIMEOUT

    def pages_at_once(self, flag: int | None) -> int:
        """Provider pages a scan (or `paths` on replicas and HARs) opens at once: --concurrency, else
        this file's `concurrency`, else DEFAULT_CONCURRENCY. A scheduled scan runs with fixed flags,
        so the file is where a small machine keeps its limit."""
        return flag or self.concurrency or DEFAULT_CONCURRENCY


def path(create_folder: bool = True) -> Path:
    return data_paths.user_config_dir(create_folder) / CONFIG_NAME


def load(file: Path | None = None) -> Config:
    file = file or path(create_folder=False)
    try:
        text = file.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):  # no such file, or a file where its folder would be
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{file}: cannot read the config file: {exc}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{file}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise DataError(f"{file}: not valid TOML: arrays or tables are nested too deeply") from None
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key"
            line = _line_of(text, [str(p) for p in err["loc"] if isinstance(p, str)])
            where = f"{file}:{line}" if line else str(file)
            problems.append(f"{where}: {key}: {message}")
        raise DataError("the config file has problems:\n  " + "\n  ".join(problems)) from None


def exposure_warning(file: Path, settings: Config) -> str | None:
    """Alert URLs may carry passwords (mailto://me:secret@…): say so when others can read the file.

    Untrain never writes this file (the person does), so it warns rather than changing its mode."""
    if not settings.notify.apprise:
        return None
    try:
        shared = file.stat().st_mode & 0o077
    except OSError:
        return None
    if not shared:
        return None
    return (f"{file} holds alert URLs, which may carry passwords, and other users on this machine can "
            f"read it. Make it private: chmod 600 {file}")


def _line_of(text: str, keys: list[str]) -> int | None:
    """The line of `key = ...` inside its [section], good enough to point an editor at."""
    if not keys:
        return None
    section, key = (keys[0], keys[-1]) if len(keys) > 1 else (None, keys[0])
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            current = header.group(1).strip()
            if section is not None and current == section and len(keys) == 1:
                return number
            continue
        if re.match(rf"^\s*{re.escape(key)}\s*=", line) and current == section:
            return number
    return None
