"""Acceptance 4: `schedule install` writes units systemd accepts, `remove` cleans up."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys

import pytest

from checker import cli, schedule


@pytest.fixture
def unit_dir(untrain_home, tmp_path, monkeypatch):
    target = tmp_path / "systemd-user"
    monkeypatch.setenv("UNTRAIN_SCHEDULE_DIR", str(target))
    return target


def test_install_writes_a_timer_and_service_then_remove_cleans_up(unit_dir, untrain_home, capsys):
    assert cli.main(["schedule", "install", "--weekly", "--at", "7:05", "--platform", "systemd"]) == 0
    service = (unit_dir / "untrain-scan.service").read_text()
    timer = (unit_dir / "untrain-scan.timer").read_text()
    assert f"ExecStart={sys.executable} -m checker scan --notify\n" in service
    assert "--headed" not in service  # scheduled runs are headless
    log = untrain_home / "scheduled-scan.log"
    assert f"StandardOutput=append:{log}\n" in service and f"StandardError=append:{log}\n" in service
    assert f'Environment="UNTRAIN_HOME={untrain_home}"' in service  # same history and profile as now
    assert "SuccessExitStatus=1 2" in service  # "something is on" is a finding, not a failed unit
    assert "OnCalendar=Mon *-*-* 07:05:00\n" in timer and "Persistent=true" in timer
    assert "Unit=untrain-scan.service" in timer and "WantedBy=timers.target" in timer

    if shutil.which("systemd-analyze"):
        verify = subprocess.run(["systemd-analyze", "verify", str(unit_dir / "untrain-scan.service"),
                                 str(unit_dir / "untrain-scan.timer")], capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
        assert verify.stderr.strip() == ""

    assert cli.main(["schedule", "status", "--platform", "systemd"]) == 0
    assert "runs: Mon *-*-* 07:05:00" in capsys.readouterr().out

    assert cli.main(["schedule", "remove", "--platform", "systemd"]) == 0
    assert list(unit_dir.iterdir()) == []
    assert cli.main(["schedule", "status", "--platform", "systemd"]) == 0
    assert "not installed" in capsys.readouterr().out


def test_daily_default_comes_from_the_config(unit_dir, untrain_home):
    (untrain_home / "config").mkdir(parents=True)
    (untrain_home / "config" / "config.toml").write_text('[schedule]\nevery = "daily"\nat = "18:45"\n')
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 0
    assert "OnCalendar=*-*-* 18:45:00\n" in (unit_dir / "untrain-scan.timer").read_text()


def test_launchd_agent_and_crontab_fallback(unit_dir, untrain_home, capsys):
    plan = schedule.install("daily", "06:30", "launchd")
    [plist_file] = plan.written
    plist = plistlib.loads(plist_file.read_bytes())
    assert plist["ProgramArguments"] == [sys.executable, "-m", "checker", "scan", "--notify"]
    assert plist["StartCalendarInterval"] == {"Hour": 6, "Minute": 30}
    assert plist["StandardOutPath"] == str(untrain_home / "scheduled-scan.log")
    assert schedule.remove("launchd").removed == [plist_file] and not plist_file.exists()

    assert cli.main(["schedule", "install", "--weekly", "--at", "21:00", "--platform", "cron"]) == 0
    out = capsys.readouterr().out
    assert "crontab -e" in out
    [line] = [l for l in out.splitlines() if l.startswith("0 21 * * 1 ")]
    assert f"UNTRAIN_HOME={untrain_home} " in line
    assert f"{sys.executable} -m checker scan --notify >> {untrain_home / 'scheduled-scan.log'} 2>&1" in line


def test_bad_time_is_a_usage_error(unit_dir, capsys):
    assert cli.main(["schedule", "install", "--at", "25:00", "--platform", "systemd"]) == 64
    assert "--at '25:00': use HH:MM" in capsys.readouterr().err
    assert not unit_dir.exists()


def test_a_folder_that_cannot_be_written_is_a_clear_error(untrain_home, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("UNTRAIN_SCHEDULE_DIR", str(blocker / "systemd-user"))
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 65  # was a NotADirectoryError traceback
    err = capsys.readouterr().err
    assert str(blocker / "systemd-user") in err and "cannot write" in err
