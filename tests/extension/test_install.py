"""`untrain extension install|uninstall|build` and the files they write."""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess

from checker import cli
from checker.extension_host import extension_install
from checker.extension_host.extension_build import EXTENSION_DIR, HOST_NAME, ORIGIN
from checker.extension_host.native_protocol import encode

LINUX_DIRS = {
    "chrome": ".config/google-chrome/NativeMessagingHosts",
    "chromium": ".config/chromium/NativeMessagingHosts",
    "edge": ".config/microsoft-edge/NativeMessagingHosts",
    "brave": ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
}


def test_dry_run_prints_the_exact_files_for_each_browser(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    home = tmp_path / "home"
    assert cli.main(["extension", "install", "--dry-run", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    for browser, folder in LINUX_DIRS.items():
        assert f"  {browser}:" in out
        assert str(home / folder / f"{HOST_NAME}.json") in out
        assert str(home / folder / HOST_NAME) in out
    assert ORIGIN in out
    assert not home.exists()  # nothing written


def test_dry_run_for_one_browser_on_macos(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "darwin")
    monkeypatch.setenv(extension_install.HOME_ENV, str(tmp_path))
    assert cli.main(["extension", "install", "--dry-run", "--browser", "brave"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts"
               / f"{HOST_NAME}.json") in out
    assert "chrome:" not in out and "edge:" not in out


def test_install_writes_private_files_that_start_the_host(tmp_path, capsys, monkeypatch, untrain_home):
    monkeypatch.setattr("sys.platform", "linux")
    home = tmp_path / "home"
    assert cli.main(["extension", "install", "--browser", "chromium", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "Load unpacked" in out and str(EXTENSION_DIR) in out
    folder = home / LINUX_DIRS["chromium"]
    manifest_path, launcher = folder / f"{HOST_NAME}.json", folder / HOST_NAME
    manifest = json.loads(manifest_path.read_text())
    assert manifest == {"name": HOST_NAME, "description": manifest["description"], "path": str(launcher),
                        "type": "stdio", "allowed_origins": [ORIGIN]}
    assert stat.S_IMODE(manifest_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(launcher.stat().st_mode) == 0o700
    assert not (home / LINUX_DIRS["chrome"]).exists()
    # The launcher is what the browser runs: it must answer a real message.
    message = encode({"type": "status"})
    proc = subprocess.run([str(launcher), ORIGIN], input=message, capture_output=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr
    (size,) = struct.unpack("=I", proc.stdout[:4])
    assert json.loads(proc.stdout[4:4 + size])["type"] == "status"


def test_uninstall_removes_only_our_files(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    home = tmp_path / "home"
    assert cli.main(["extension", "install", "--home", str(home)]) == 0
    other = home / LINUX_DIRS["chrome"] / "com.example.other.json"
    other.write_text("{}")
    assert cli.main(["extension", "uninstall", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    for folder in LINUX_DIRS.values():
        assert not (home / folder / f"{HOST_NAME}.json").exists()
        assert not (home / folder / HOST_NAME).exists()
    assert other.exists()
    assert out.count("removed ") == 8
    assert cli.main(["extension", "uninstall", "--home", str(home)]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_windows_is_a_clear_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "win32")
    assert cli.main(["extension", "install", "--home", str(tmp_path)]) == 64
    assert "registry" in capsys.readouterr().err


def test_build_then_check(tmp_path, capsys, monkeypatch):
    from checker.extension_host import extension_build

    monkeypatch.setattr(extension_build, "EXTENSION_DIR", tmp_path)
    assert cli.main(["extension", "build", "--check"]) == 65  # bad data; 1 means "a control is on"
    assert "run `untrain extension build`" in capsys.readouterr().out
    assert cli.main(["extension", "build"]) == 0
    assert (tmp_path / "manifest.json").is_file() and (tmp_path / "data" / "catalog.js").is_file()
    assert cli.main(["extension", "build", "--check"]) == 0


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    # was a NotADirectoryError traceback
    assert cli.main(["extension", "install", "--browser", "chromium", "--home", str(blocker)]) == 65
    err = capsys.readouterr().err
    assert str(blocker / LINUX_DIRS["chromium"]) in err and "cannot write" in err
