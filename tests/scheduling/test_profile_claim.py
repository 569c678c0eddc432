"""--profile takes only Untrain's own profile or a new, empty folder: it never tightens, fills or
rewrites a folder that belongs to something else (another browser's profile, a home folder)."""

from __future__ import annotations

import os
import stat

import pytest

from checker import cli
from checker.store import data_paths
from checker.errors import UsageError


def _snapshot(folder):
    return {str(p.relative_to(folder)): (stat.S_IMODE(p.stat().st_mode), p.stat().st_mtime_ns)
            for p in [folder, *folder.rglob("*")]}


def test_a_new_folder_becomes_a_private_untrain_profile(untrain_home, tmp_path):
    folder = tmp_path / "new-profile"
    assert data_paths.claim_profile(folder) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert data_paths.claim_profile(folder) == folder  # and it is ours from then on


def test_the_default_profile_is_ours_even_from_before_the_marker(untrain_home):
    old = untrain_home / "profile"
    (old / "Default").mkdir(parents=True)  # made by an Untrain that left no marker
    assert data_paths.claim_profile(None) == old


def test_an_empty_private_folder_is_accepted_without_chmod(untrain_home, tmp_path, monkeypatch):
    folder = tmp_path / "empty"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    calls = []
    monkeypatch.setattr(os, "chmod", lambda *a, **k: calls.append(a))
    assert data_paths.claim_profile(folder) == folder
    assert calls == []


def test_an_empty_folder_others_can_read_is_refused_not_chmodded(untrain_home, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    with pytest.raises(UsageError) as info:
        data_paths.claim_profile(folder)
    assert f"chmod 700 {folder}" in str(info.value)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755 and list(folder.iterdir()) == []


def test_another_browsers_profile_is_refused_and_left_exactly_as_it_was(untrain_home, tmp_path, capsys):
    chrome = tmp_path / "google-chrome"
    (chrome / "Default").mkdir(parents=True)
    (chrome / "Default" / "Cookies").write_bytes(b"SQLite format 3\0")
    (chrome / "Local State").write_text("{}")
    chrome.chmod(0o755)
    before = _snapshot(chrome)
    for command in (["scan", "--profile", str(chrome)], ["login", "chatgpt", "--profile", str(chrome)],
                    ["record", "chatgpt", "--out", str(tmp_path / "x.har"), "--profile", str(chrome)],
                    ["paths", "chatgpt", "--live", "--profile", str(chrome)]):
        assert cli.main(command) == 64, command
        err = capsys.readouterr().err
        assert "not an Untrain profile" in err, (command, err)
    assert _snapshot(chrome) == before


def test_a_file_is_not_a_profile(untrain_home, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError):
        data_paths.claim_profile(target)
