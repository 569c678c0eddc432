"""History under a hostile world: a read-only home, a corrupt file that the extension's host moved
aside while nobody watched, and one damaged row among good ones."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from checker import cli
from checker.store import config, data_paths
from checker.notify.after_scan import record_and_alert
from checker.store.config import NotifyConfig
from checker.store.history import History
from checker.results import Source, Status

from .helpers import chatgpt_report, day


def _refuse_writes_under(monkeypatch, home):
    """What a read-only file system says to every attempt to change something under `home`."""
    real_chmod, real_open = os.chmod, os.open

    def chmod(path, mode, *args, **kwargs):
        if str(path).startswith(str(home)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_chmod(path, mode, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if str(path).startswith(str(home)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", chmod)
    monkeypatch.setattr(os, "open", open_)


def test_a_read_only_home_still_lets_history_and_report_read(untrain_home, tmp_path, monkeypatch, capsys):
    with History() as history:
        history.record_scan(chatgpt_report(Status.on, at=day(1)))
    _refuse_writes_under(monkeypatch, untrain_home)

    assert cli.main(["history"]) == 0
    assert "ChatGPT" in capsys.readouterr().out
    page = tmp_path / "out" / "report.html"
    page.parent.mkdir()
    assert cli.main(["report", "--html", str(page)]) == 0
    assert "Improve the model for everyone" in page.read_text()


def test_a_history_moved_aside_by_another_process_is_announced_once_by_the_next_command(untrain_home, capsys):
    data_paths.user_data_dir()
    (untrain_home / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    # The extension's host (no terminal to speak to) meets the corrupt file first.
    with History() as host_view:
        aside = host_view.recovered
    assert aside is not None

    assert cli.main(["history"]) == 0
    first = capsys.readouterr()
    assert str(aside) in first.err and "was corrupt" in first.err
    assert cli.main(["history"]) == 0
    assert str(aside) not in capsys.readouterr().err  # once, not on every command


@pytest.mark.parametrize("command", [["report", "--html", "{out}"]])
def test_report_announces_a_moved_aside_history(untrain_home, tmp_path, capsys, command):
    data_paths.user_data_dir()
    (untrain_home / "history.sqlite3").write_bytes(b"garbage" * 500)
    with History() as host_view:
        aside = host_view.recovered
    out = tmp_path / "r.html"
    assert cli.main([part.format(out=out) for part in command]) == 0
    assert str(aside) in capsys.readouterr().err


def test_one_bad_row_does_not_block_saving_new_scans(untrain_home):
    with History() as history:
        history.record_scan(chatgpt_report(Status.off, at=day(1)))
    conn = sqlite3.connect(untrain_home / "history.sqlite3")
    conn.execute("UPDATE control_results SET status = 'sideways'")  # a value this Untrain cannot read
    conn.commit()
    conn.close()

    done = record_and_alert(chatgpt_report(Status.on, at=day(2)), Source.scan, notify=False, settings=NotifyConfig())
    assert done.scan_id is not None, done.notes
    assert any("could not compare" in note for note in done.notes), done.notes
    count = sqlite3.connect(untrain_home / "history.sqlite3").execute("SELECT COUNT(*) FROM scans").fetchone()[0]
    assert count == 2
