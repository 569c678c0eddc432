"""`untrain record` from the person's profile: the same checks as a scan before a browser starts.

No test here lets a browser reach a real site: each one stops before Chromium is launched."""

from __future__ import annotations

import os
import socket
from concurrent.futures import ThreadPoolExecutor

from checker.engine import sources
from checker.store import data_paths
from checker.cli import main
from checker.errors import BrowserError
from checker.store.lock import scan_lock


def record_cli(argv):
    # In a thread: the command runs asyncio.run(), which a loop left running by other tests refuses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(main, argv).result(timeout=120)


def test_record_waits_for_a_running_scan(untrain_home, tmp_path, monkeypatch, capsys):
    # A scan (or `untrain login`) holds the profile; a recording beside it would share it.
    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")  # never reach a site if it went on
    with scan_lock():
        code = record_cli(["record", "chatgpt", "--out", str(tmp_path / "x.har")])
    assert code == 75
    assert "a scan is already running" in capsys.readouterr().err
    assert not (tmp_path / "x.har").exists()


def test_record_refuses_a_profile_another_browser_holds(untrain_home, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")
    profile = tmp_path / "profile"
    data_paths.claim_profile(profile)  # Untrain's own profile, which another browser now holds
    (profile / "SingletonLock").symlink_to(f"{socket.gethostname()}-{os.getpid()}")  # a live process
    code = record_cli(["record", "chatgpt", "--out", str(tmp_path / "x.har"), "--profile", str(profile)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert f"The profile {profile} is in use by another browser (pid {os.getpid()})" in err
    assert "No Chromium-based browser" not in err


def test_record_uses_the_configured_browser(untrain_home, tmp_path, monkeypatch):
    (untrain_home / "config").mkdir(parents=True)
    (untrain_home / "config" / "config.toml").write_text('browser = "/opt/my/chrome"\n')
    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")  # never reach a site if it went on
    seen = {}

    async def fake_persistent_context(playwright, profile, **kwargs):
        seen.update(kwargs, profile=profile)
        raise BrowserError("stopped before launching")

    monkeypatch.setattr(sources, "persistent_context", fake_persistent_context)
    assert record_cli(["record", "chatgpt", "--out", str(tmp_path / "x.har")]) == 2
    assert seen["configured"] == "/opt/my/chrome"
    assert seen["record_har_path"].endswith("raw.har") and seen["headed"] is False
    assert seen["profile"] == untrain_home / "profile"
