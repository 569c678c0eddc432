"""One scan at a time: an OS file lock in the user data dir.

Two overlapping scans would share one browser profile (Chromium refuses that) and write
interleaved history. The lock is held by the OS, so a crashed scan never leaves a stale lock.
Who holds it (pid, start time) goes in a small side file, so the second scan can say so.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from . import data_paths

LOCK_NAME = "scan.lock"


class ScanRunning(Exception):
    """Exit 75: another scan holds the lock."""

    def __init__(self, pid: int | None, since: str | None):
        self.pid, self.since = pid, since
        who = f" (pid {pid} since {since})" if pid else ""
        super().__init__(f"a scan is already running{who}; wait for it to finish")


def default_path() -> Path:
    return data_paths.user_data_dir() / LOCK_NAME


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _info_path(lock: Path) -> Path:
    return lock.with_name(lock.name + ".json")  # scan.lock.json: who holds scan.lock


def holder(path: Path | None = None) -> tuple[int | None, str | None]:
    info = _info_path(path or default_path())
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
        return int(data["pid"]), str(data["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None


@contextmanager
def scan_lock(path: Path | None = None) -> Iterator[None]:
    """Hold the scan lock for the duration of the block, or raise ScanRunning at once."""
    path = path or default_path()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise ScanRunning(*holder(path))
        info = _info_path(path)
        since = datetime.now(timezone.utc).isoformat(timespec="seconds")
        info.write_text(json.dumps({"pid": os.getpid(), "since": since}), encoding="utf-8")
        os.chmod(info, 0o600)
        try:
            yield
        finally:
            info.unlink(missing_ok=True)
            _unlock(fd)
    finally:
        os.close(fd)
