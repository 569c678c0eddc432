"""No scheduling test may touch the person's real crontab: every test here gets a fake `crontab`
first on PATH, keeping its table in a file of its own (outside tmp_path, which some tests list)."""

from __future__ import annotations

import os

import pytest

FAKE_CRONTAB = """#!/bin/sh
case "$1" in
  -l) [ -f "$FAKE_CRONTAB_FILE" ] || { echo "no crontab for tester" >&2; exit 1; }; cat "$FAKE_CRONTAB_FILE" ;;
  -) cat > "$FAKE_CRONTAB_FILE" ;;
  *) echo "fake crontab: unsupported arguments: $*" >&2; exit 2 ;;
esac
"""


@pytest.fixture(autouse=True)
def fake_crontab(tmp_path_factory, monkeypatch):
    """The crontab's file (absent until something is installed)."""
    place = tmp_path_factory.mktemp("fake-crontab")
    bin_dir = place / "bin"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB)
    script.chmod(0o755)
    table = place / "crontab.txt"
    monkeypatch.setenv("FAKE_CRONTAB_FILE", str(table))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return table


@pytest.fixture
def no_crontab(tmp_path_factory, monkeypatch):
    """A machine with no `crontab` command at all."""
    empty = tmp_path_factory.mktemp("no-crontab")
    monkeypatch.setenv("PATH", str(empty))
