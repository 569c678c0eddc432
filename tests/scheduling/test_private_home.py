"""What Untrain keeps is private from the first byte: UNTRAIN_HOME is made 0700 whichever part of
Untrain makes it first, and a home that cannot be written still lets past results be read."""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
import subprocess
import sys

import pytest

from checker import cli
from checker.store import data_paths
from checker.errors import DataError
from checker.store.history import History
from checker.results import Status

from .helpers import chatgpt_report, day


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("first", ["user_data_dir", "cache_dir", "profile_dir"])
def test_untrain_home_is_0700_whichever_folder_is_made_first(untrain_home, loose_umask, first):
    getattr(data_paths, first)()
    assert stat.S_IMODE(untrain_home.stat().st_mode) == 0o700


def _disk_fills_after(monkeypatch, limit: int):
    """The kernel's answer once `limit` bytes have gone out: no space left on the device."""
    real_write, written = os.write, {"n": 0}

    def write(fd, data):
        if written["n"] + len(data) > limit:
            raise OSError(errno.ENOSPC, "No space left on device")
        written["n"] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_leaves_the_old_file_whole_and_no_scraps(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")
    _disk_fills_after(monkeypatch, 10)
    with pytest.raises(DataError) as info:
        data_paths.write_private(target, "x" * 100_000)
    assert "No space left on device" in str(info.value) and str(target) in str(info.value)
    assert target.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_written_file_is_private_and_whole(tmp_path, loose_umask):
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o644)
    data_paths.write_private(target, "new " * 50_000)
    assert target.read_text() == "new " * 50_000
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_full_disk_during_report_exits_65_and_keeps_the_old_page(untrain_home, tmp_path):
    # A real limit from the kernel, whatever the writing code does: files may not grow past 4 KiB.
    with History() as history:  # made here, so the command below only reads it
        history.record_scan(chatgpt_report(Status.on, at=day(1)))
    out = tmp_path / "page.html"
    out.write_text("the previous page\n")

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run([sys.executable, "-m", "checker", "report", "--html", str(out)],
                          capture_output=True, text=True, preexec_fn=small_files, env=os.environ.copy())
    assert done.returncode == 65, done.stderr
    assert "cannot write this file" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text() == "the previous page\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["page.html"]
