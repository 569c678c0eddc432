"""Acceptance 4: `schedule install` writes units systemd accepts, `remove` cleans up."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys

import pytest

from checker import cli
from checker.notify import schedule


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

    assert cli.main(["schedule", "install", "--weekly", "--at", "21:00", "--platform", "cron"]) == 2
    out = capsys.readouterr().out
    assert "Not scheduled" in out and "schedule install --cron" in out
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


class FakeSystemctl:
    """Stands in for subprocess in checker.notify.schedule: no test may enable a real timer. `fail` lists
    the systemctl verbs that fail the way they do with no user session bus."""

    TimeoutExpired = subprocess.TimeoutExpired

    def __init__(self, *fail: str):
        self.fail, self.calls = set(fail), []

    def run(self, argv, **kwargs):
        if argv[0] != "systemctl":  # the fake crontab on PATH (tests/scheduling/conftest.py)
            return subprocess.run(argv, **kwargs)
        self.calls.append(argv)
        failed = argv[2] in self.fail
        return subprocess.CompletedProcess(argv, 1 if failed else 0, "",
                                           "Failed to connect to bus: No medium found\n" if failed else "")


@pytest.fixture
def real_unit_dir(untrain_home, tmp_path, monkeypatch):
    """Where systemd would look, with UNTRAIN_SCHEDULE_DIR unset (so install runs systemctl: faked)."""
    monkeypatch.delenv("UNTRAIN_SCHEDULE_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "systemd" / "user"


def test_install_without_a_systemd_user_manager_installs_nothing_and_offers_cron(real_unit_dir, untrain_home,
                                                                                 monkeypatch, capsys):
    # Over SSH or in a container, systemctl exists but `systemctl --user` has no bus: the units
    # could never be enabled. It said "Scheduled scans: daily at 09:00" and exited 0.
    # Now it says "Not scheduled" and exits 2, printing the line to add.
    fake = FakeSystemctl("show-environment", "daemon-reload", "enable")
    monkeypatch.setattr(schedule, "subprocess", fake)
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 2
    out = capsys.readouterr().out
    assert "Scheduled scans:" not in out
    assert "systemd's user manager cannot be reached here (Failed to connect to bus: No medium found)" in out
    assert "nothing was installed" in out and "schedule install --cron" in out and "crontab -e" in out
    [line] = [l for l in out.splitlines() if l.startswith("0 9 * * * ")]
    assert line.endswith(f">> {untrain_home / 'scheduled-scan.log'} 2>&1  # untrain-scan")
    assert "Not scheduled: nothing runs until that line is in a crontab" in out
    assert not real_unit_dir.exists()  # no unit left behind that looks installed
    assert [c for c in fake.calls if "enable" in c] == []


def test_a_timer_systemd_refuses_is_not_reported_as_scheduled(real_unit_dir, monkeypatch, capsys):
    fake = FakeSystemctl("enable")
    monkeypatch.setattr(schedule, "subprocess", fake)
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 2
    out = capsys.readouterr().out
    assert "Scheduled scans:" not in out and "Not scheduled" in out
    assert "`systemctl --user enable --now untrain-scan.timer` failed" in out

    ok = FakeSystemctl()
    monkeypatch.setattr(schedule, "subprocess", ok)
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 0  # twice is fine: it replaces
    assert "Scheduled scans: daily at 09:00" in capsys.readouterr().out
    assert ["systemctl", "--user", "enable", "--now", "untrain-scan.timer"] in ok.calls


def test_the_scheduled_scans_log_is_private(unit_dir, untrain_home, capsys):
    # The log lists which accounts still train, like a report (0600). Schedulers create it 0644.
    import os
    import stat

    log = untrain_home / "scheduled-scan.log"
    for platform in ("systemd", "launchd", "cron"):
        assert cli.main(["schedule", "install", "--platform", platform]) == (2 if platform == "cron" else 0)
        assert stat.S_IMODE(log.stat().st_mode) == 0o600, platform
        os.chmod(log, 0o644)  # made wider in between: tightened again, kept (appended to)
        log.write_text("earlier run\n")
    assert log.read_text() == "earlier run\n"
    assert "UMask=0077\n" in (unit_dir / "untrain-scan.service").read_text()
    assert plistlib.loads((unit_dir / "org.untrain.scan.plist").read_bytes())["Umask"] == 0o077
    assert "0 9 * * * umask 077; " in capsys.readouterr().out


@pytest.fixture
def managed_unit_dir(unit_dir, monkeypatch):
    """UNTRAIN_SCHEDULE_DIR stays set (the files go to tmp_path), but install/remove behave as if it
    were not and run systemctl, which each test fakes."""
    monkeypatch.setattr(schedule, "overridden", lambda: False)
    monkeypatch.setattr(schedule, "subprocess", FakeSystemctl())  # nothing real, even by mistake
    return unit_dir


def test_remove_deletes_the_units_and_the_enable_link_when_disable_fails(managed_unit_dir, monkeypatch, capsys):
    # `systemctl --user disable` failing (no user bus, say) left timers.target.wants/untrain-scan.timer
    # behind, which the next user manager would start from; and remove said nothing about it.
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 0
    wants = managed_unit_dir / "timers.target.wants"
    wants.mkdir()
    (wants / "untrain-scan.timer").symlink_to(managed_unit_dir / "untrain-scan.timer")  # what enable made
    capsys.readouterr()

    fake = FakeSystemctl("disable", "daemon-reload")
    monkeypatch.setattr(schedule, "subprocess", fake)
    assert cli.main(["schedule", "remove", "--platform", "systemd"]) == 2
    out = capsys.readouterr().out
    assert ["systemctl", "--user", "disable", "--now", "untrain-scan.timer"] in fake.calls
    assert not (wants / "untrain-scan.timer").is_symlink()
    assert sorted(p.name for p in managed_unit_dir.rglob("*") if not p.is_dir()) == []
    assert f"removed {wants / 'untrain-scan.timer'}" in out
    assert "`systemctl --user disable --now untrain-scan.timer` failed" in out
    assert "No scheduled scan was installed" not in out


def test_remove_clears_a_leftover_enable_link_on_its_own(managed_unit_dir, monkeypatch, capsys):
    # An earlier remove deleted the units but not the link: a dangling link is still something to remove.
    wants = managed_unit_dir / "timers.target.wants"
    wants.mkdir(parents=True)
    (wants / "untrain-scan.timer").symlink_to(managed_unit_dir / "untrain-scan.timer")
    ok = FakeSystemctl()
    monkeypatch.setattr(schedule, "subprocess", ok)
    assert cli.main(["schedule", "remove", "--platform", "systemd"]) == 0
    assert not (wants / "untrain-scan.timer").is_symlink()
    assert ["systemctl", "--user", "daemon-reload"] in ok.calls
    assert "No scheduled scan was installed" not in capsys.readouterr().out


def test_without_any_scheduler_install_says_not_scheduled_and_never_suggests_a_missing_crontab(
        real_unit_dir, untrain_home, no_crontab, monkeypatch, capsys):
    monkeypatch.setattr(schedule, "subprocess", FakeSystemctl("show-environment"))
    assert cli.main(["schedule", "install", "--platform", "systemd"]) == 2
    out = capsys.readouterr().out
    assert "Not scheduled" in out and "no `crontab` command here" in out
    assert "crontab -e" not in out
    assert any(l.startswith("0 9 * * * ") and l.endswith("# untrain-scan") for l in out.splitlines())
    assert cli.main(["schedule", "install", "--cron"]) == 2  # nothing to install it with
    assert "no `crontab` command here" in capsys.readouterr().out


def test_cron_installs_the_line_and_status_and_remove_see_it(untrain_home, fake_crontab, real_unit_dir,
                                                             monkeypatch, capsys):
    fake_crontab.write_text("MAILTO=me\n0 3 * * * backup.sh\n")  # the person's own lines stay as they are
    monkeypatch.setattr(schedule, "subprocess", FakeSystemctl())
    assert cli.main(["schedule", "install", "--cron", "--weekly", "--at", "21:00"]) == 0
    out = capsys.readouterr().out
    assert "added to your crontab" in out and "Scheduled scans: weekly at 21:00" in out
    lines = fake_crontab.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me", "0 3 * * * backup.sh"]
    [entry] = lines[2:]
    assert entry.startswith("0 21 * * 1 umask 077; ") and entry.endswith("# untrain-scan")

    assert cli.main(["schedule", "install", "--cron", "--at", "08:15"]) == 0  # again: replaced, not doubled
    assert [l for l in fake_crontab.read_text().splitlines() if l.endswith("# untrain-scan")][0].startswith("15 8 * * * ")
    capsys.readouterr()

    # status and remove see it, whatever the platform (systemd's files are absent here).
    assert cli.main(["schedule", "status", "--platform", "systemd"]) == 0
    out = capsys.readouterr().out
    assert "installed in your crontab: 15 8 * * * " in out and "not installed" not in out
    assert cli.main(["schedule", "remove", "--platform", "systemd"]) == 0
    out = capsys.readouterr().out
    assert "removed from your crontab: 15 8 * * * " in out and "No scheduled scan was installed" not in out
    assert fake_crontab.read_text().splitlines() == ["MAILTO=me", "0 3 * * * backup.sh"]
    assert cli.main(["schedule", "status", "--platform", "cron"]) == 0
    assert "not installed" in capsys.readouterr().out


AWKWARD = 'my "data" 100% \\ o\'k'  # every character a unit or crontab line must escape


@pytest.fixture
def awkward_paths(tmp_path, monkeypatch):
    """UNTRAIN_HOME and the interpreter both live under a folder named with quotes, %, \\ and '.
    The 'interpreter' records the arguments and environment it was started with."""
    folder = tmp_path / AWKWARD
    home = folder / "home"
    monkeypatch.setenv("UNTRAIN_HOME", str(home))
    monkeypatch.setenv("UNTRAIN_CONFIG_HOME", str(home / "config"))
    record = tmp_path / "record.txt"
    python = folder / "bin" / "py thon"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" "$UNTRAIN_HOME" > "{record}"\n')
    python.chmod(0o755)
    monkeypatch.setattr(schedule, "scan_command", lambda: [str(python), "-m", "checker", "scan", "--notify"])
    return python, home, record


def _as_cron_runs_it(line: str) -> str:
    """What cron hands to /bin/sh: the fields after the five times; an unescaped % ends the command
    (the rest becomes its input) and \\% stands for %."""
    command = line.split(None, 5)[5]
    out, i = [], 0
    while i < len(command):
        if command[i] == "\\" and command[i + 1:i + 2] == "%":
            out.append("%")
            i += 2
        elif command[i] == "%":
            break
        else:
            out.append(command[i])
            i += 1
    return "".join(out)


def test_a_crontab_line_survives_quotes_percent_and_backslashes_in_paths(awkward_paths):
    python, home, record = awkward_paths
    line = schedule.crontab_line("daily", "06:30")
    subprocess.run(["/bin/sh", "-c", _as_cron_runs_it(line)], check=True, timeout=30)
    assert record.read_text().splitlines() == ["-m", "checker", "scan",
                                               "--notify", str(home)]
    log = home / "scheduled-scan.log"
    assert log.exists()  # the redirection reached the real log path, not a truncated one


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_units_survive_quotes_percent_and_backslashes_in_paths(awkward_paths, tmp_path, monkeypatch):
    import shlex

    python, home, _ = awkward_paths
    monkeypatch.setenv("UNTRAIN_SCHEDULE_DIR", str(tmp_path / "units"))
    schedule.install("daily", "06:30", "systemd")
    service = tmp_path / "units" / "untrain-scan.service"
    verify = subprocess.run(["systemd-analyze", "verify", str(service)], capture_output=True, text=True)
    assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr
    settings = [line.split("=", 1) for line in service.read_text().splitlines() if "=" in line]
    [exec_start] = [value for key, value in settings if key == "ExecStart"]
    environment = [word for key, value in settings if key == "Environment" for word in shlex.split(value)]
    # systemd's rules for these two settings: C-style \\ and \" inside double quotes, %% for %.
    unspecify = lambda words: [w.replace("%%", "%") for w in words]  # noqa: E731
    # The interpreter's name has a quote, which systemd refuses in an executable: env starts it.
    assert unspecify(shlex.split(exec_start)) == ["/usr/bin/env", str(python), "-m", "checker", "scan",
                                                         "--notify"]
    assert f"UNTRAIN_HOME={home}" in unspecify(environment)
