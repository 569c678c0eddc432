"""Register the native messaging host with Chrome, Chromium, Edge and Brave (per user).

For each browser: `<dir>/dev.untrain.host.json` (the host manifest, our extension id in
allowed_origins) and `<dir>/dev.untrain.host` (a tiny launcher that execs this Python with
`-m checker.native_host`; browsers need an absolute executable path and pass no interpreter).
Windows needs a registry key instead of a folder; extension/README.md explains it. Nothing here
needs root.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, UsageError
from .extension_build import EXTENSION_DIR, HOST_NAME, ORIGIN

HOME_ENV = "UNTRAIN_INSTALL_HOME"  # tests (and packagers) point this at a scratch home

# Per-user NativeMessagingHosts folders, relative to the home directory.
FOLDERS = {
    "linux": {
        "chrome": ".config/google-chrome/NativeMessagingHosts",
        "chromium": ".config/chromium/NativeMessagingHosts",
        "edge": ".config/microsoft-edge/NativeMessagingHosts",
        "brave": ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    },
    "darwin": {
        "chrome": "Library/Application Support/Google/Chrome/NativeMessagingHosts",
        "chromium": "Library/Application Support/Chromium/NativeMessagingHosts",
        "edge": "Library/Application Support/Microsoft Edge/NativeMessagingHosts",
        "brave": "Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
    },
}
BROWSERS = ["chrome", "chromium", "edge", "brave"]
EXTENSION_PAGES = {
    "chrome": "chrome://extensions",
    "chromium": "chrome://extensions",
    "edge": "edge://extensions",
    "brave": "brave://extensions",
}


@dataclass(frozen=True)
class HostFiles:
    browser: str
    manifest: Path
    launcher: Path


def platform_key(platform: str | None = None) -> str:
    platform = platform or sys.platform
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "darwin"
    raise UsageError(
        f"`untrain extension install` writes files on Linux and macOS; on {platform} register the host "
        "in the registry by hand (see extension/README.md, 'Windows')."
    )


def home_dir() -> Path:
    return Path(os.environ.get(HOME_ENV) or Path.home())


def targets(browsers: list[str] | None = None, *, home: Path | None = None,
            platform: str | None = None) -> list[HostFiles]:
    folders = FOLDERS[platform_key(platform)]
    home = home or home_dir()
    out = []
    for browser in browsers or BROWSERS:
        folder = home / folders[browser]
        out.append(HostFiles(browser, folder / f"{HOST_NAME}.json", folder / HOST_NAME))
    return out


def launcher_text(python: str | None = None) -> str:
    python = python or sys.executable
    return (
        "#!/bin/sh\n"
        "# Untrain's native messaging host, written by `untrain extension install`.\n"
        "# The browser starts it with the calling origin; `untrain native-host` checks it.\n"
        f"exec {shlex.quote(python)} -m checker.native_host \"$@\"\n"
    )


def host_manifest(launcher: Path) -> dict:
    return {
        "name": HOST_NAME,
        "description": "Untrain: scan results and in-page readings for the Untrain extension",
        "path": str(launcher.resolve() if launcher.exists() else launcher.absolute()),
        "type": "stdio",
        "allowed_origins": [ORIGIN],
    }


def write_host(folder: Path, *, python: str | None = None) -> HostFiles:
    """Write the launcher (0700) and the manifest (0600) into `folder`. Also used by tests to put the
    host in a test profile's `<user-data-dir>/NativeMessagingHosts`."""
    launcher = folder / HOST_NAME
    manifest = folder / f"{HOST_NAME}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_private(launcher, launcher_text(python), 0o700)
        _write_private(manifest, json.dumps(host_manifest(launcher), indent=2) + "\n", 0o600)
    except OSError as exc:  # a file in the way, no permission: say where, not a traceback
        raise DataError(f"{folder}: cannot write the native host here ({exc.strerror or exc})") from None
    return HostFiles(folder.name, manifest, launcher)


def _write_private(path: Path, text: str, mode: int) -> None:
    # Created with the final mode, so the file is never briefly readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, mode)


def install(files: list[HostFiles], *, python: str | None = None) -> list[HostFiles]:
    for target in files:
        write_host(target.manifest.parent, python=python)
    return files


def uninstall(files: list[HostFiles]) -> list[Path]:
    removed = []
    for target in files:
        for path in (target.manifest, target.launcher):
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed


def load_instructions(browser: str, extension_dir: Path = EXTENSION_DIR) -> str:
    return (f"Load the extension in {browser}: open {EXTENSION_PAGES[browser]}, turn on Developer mode, "
            f"click 'Load unpacked' and choose {extension_dir}")
