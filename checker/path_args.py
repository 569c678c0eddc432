"""One rule for every path a person types, checked before a command starts: a path whose folder
does not exist is a usage error (exit 64) naming the flag, whichever command and flag it is.

- files written (--json, --markdown, --html, --junit, --out) and folders made when needed
  (--artifacts, --profile): the folder they go in must exist;
- files read (--har): the file must exist. What is inside it is checked later (bad data: 65).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import UsageError

WRITTEN = ("json", "markdown", "html", "junit", "out", "artifacts", "profile")
READ = ("har",)


def check(args: argparse.Namespace) -> None:
    for name in (*WRITTEN, *READ):
        value = getattr(args, name, None)
        if isinstance(value, bool) or value in (None, "", "-"):  # `--json` alone is a switch in some commands
            continue
        path, flag = Path(value), f"--{name}"
        folder = path.parent
        if not folder.is_dir():
            raise UsageError(f"{flag} {path}: the folder {folder} does not exist")
        if name in READ and not path.exists():
            raise UsageError(f"{flag} {path}: no such file")
