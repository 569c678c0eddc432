"""The scan lock: a second concurrent scan says so and exits 75; a dead holder frees it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from checker.store.lock import ScanRunning, scan_lock

UNTRAIN = [sys.executable, "-m", "checker"]


def test_second_scan_exits_75_while_the_lock_is_held(untrain_home, tmp_path):
    with scan_lock():
        done = subprocess.run([*UNTRAIN, "scan", "--replica", "chatgpt=off", "--profile", str(tmp_path / "p")],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 75, done.stderr
    assert f"a scan is already running (pid {os.getpid()} since " in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "p").exists()  # it stopped before touching the profile


def test_two_real_processes(untrain_home):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom checker.store.lock import scan_lock\n"
         "with scan_lock():\n    print('held', flush=True)\n    time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ScanRunning) as info:
            with scan_lock():
                pass
        assert info.value.pid == holder.pid
        login = subprocess.run([*UNTRAIN, "login", "--headless", "--replica", "chatgpt=needs_login", "--wait", "1"],
                               capture_output=True, text=True, timeout=60)
        assert login.returncode == 75 and "a scan is already running" in login.stderr
    finally:
        holder.kill()
        holder.wait()
    # The OS dropped the dead holder's lock: no stale lock file blocks the next scan.
    with scan_lock():
        pass
