"""The person's crontab, through the `crontab` command: read it, and add or remove the one line
Untrain owns (it ends in `# untrain-scan`). Every other line is kept exactly as it was."""

from __future__ import annotations

import shutil
import subprocess

from ..errors import DataError

MARK = "# untrain-scan"


def available() -> bool:
    return shutil.which("crontab") is not None


def read() -> list[str]:
    """The crontab's lines; none when the person has no crontab yet."""
    done = _crontab(["-l"])
    if done.returncode != 0:
        text = (done.stderr or done.stdout).strip()
        if "no crontab" in text.lower():
            return []
        raise DataError(f"`crontab -l` failed: {text or f'exit status {done.returncode}'}")
    return done.stdout.splitlines()


def entries() -> list[str]:
    return [line for line in read() if line.rstrip().endswith(MARK)]


def replace_entry(line: str | None) -> list[str]:
    """Put `line` in place of Untrain's line (None: just remove it); the lines removed."""
    current = read()
    removed = [l for l in current if l.rstrip().endswith(MARK)]
    kept = [l for l in current if not l.rstrip().endswith(MARK)]
    if line is None and not removed:
        return []
    done = _crontab(["-"], text="\n".join([*kept, *([line] if line else [])]) + "\n")
    if done.returncode != 0:
        raise DataError(f"`crontab -` refused the new crontab: {(done.stderr or done.stdout).strip()}")
    return removed


def _crontab(args: list[str], text: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["crontab", *args], input=text, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DataError(f"could not run crontab: {exc}") from None
