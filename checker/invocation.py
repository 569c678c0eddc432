"""How to write an `untrain` command so the person can paste it as printed.

After `python3 -m venv .venv && .venv/bin/pip install .` the command is not on PATH: a hint that
says `untrain login` would fail. When `untrain` on PATH is not the program running, hints use the
path the person typed (`.venv/bin/untrain`)."""

from __future__ import annotations

import os
import shutil
import sys


def prog() -> str:
    typed = sys.argv[0] if sys.argv else ""
    if os.path.basename(typed) not in ("untrain", "untrain.exe"):
        return "untrain"  # `python -m checker`, tests, the native host: the name is the best hint
    on_path = shutil.which("untrain")
    try:
        if on_path and os.path.samefile(on_path, typed):
            return "untrain"
    except OSError:
        pass
    return typed
