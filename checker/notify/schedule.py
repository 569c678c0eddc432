"""Scheduled scans: a systemd user timer (Linux), a launchd agent (macOS), or a crontab line.

Where neither systemd nor launchd can take the timer, nothing is scheduled and `install` says so
(exit 2) with the crontab line to add; `install --cron` adds it through the `crontab` command
(checker/notify/crontab.py), and `status` and `remove` always look in the crontab too.

Scheduled runs are `untrain scan --notify`, headless (the default), with their output appended
to a log file in the user data dir. The log says which of the person's accounts still train, like
a report, so it is made 0600 at install and every scheduler writes it with umask 077.
UNTRAIN_SCHEDULE_DIR redirects where the unit files go; it also means "only write the files": no
systemctl/launchctl is run (tests, dry runs).
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import crontab
from ..store import data_paths
from ..errors import DataError, UsageError
from ..invocation import prog

UNIT = "untrain-scan"
LAUNCHD_LABEL = "org.untrain.scan"
LOG_NAME = "scheduled-scan.log"
PLATFORMS = ("systemd", "launchd", "cron")
# The person's chosen dirs and browser must hold for the scheduled run too.
CARRIED_ENV = ("UNTRAIN_HOME", "UNTRAIN_CONFIG_HOME", "UNTRAIN_BROWSER")
WEEKDAY = "Mon"


@dataclass
class Plan:
    platform: str
    every: str  # daily | weekly
    at: str  # HH:MM
    files: dict[Path, str] = field(default_factory=dict)
    crontab: str | None = None


@dataclass
class Outcome:
    plan: Plan | None
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    # install: "active" (the scheduler runs it), "manual" (nothing scheduled: the person adds the
    # crontab line), "written" (UNTRAIN_SCHEDULE_DIR: files only) or "failed" (a scheduler refused)
    state: str = "written"


def detect_platform() -> str:
    if sys.platform == "darwin":
        return "launchd"
    if sys.platform.startswith("linux") and shutil.which("systemctl"):
        return "systemd"
    return "cron"


def overridden() -> bool:
    return bool(os.environ.get("UNTRAIN_SCHEDULE_DIR"))


def target_dir(platform: str) -> Path:
    override = os.environ.get("UNTRAIN_SCHEDULE_DIR")
    if override:
        return Path(override)
    if platform == "systemd":
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(base) / "systemd" / "user"
    if platform == "launchd":
        return Path.home() / "Library" / "LaunchAgents"
    return data_paths.user_data_dir()


def log_path() -> Path:
    return data_paths.user_data_dir() / LOG_NAME


def scan_command() -> list[str]:
    # The interpreter that runs now has Untrain installed; `python -m checker` needs no PATH.
    return [sys.executable, "-m", "checker", "scan", "--notify"]


def carried_env() -> dict[str, str]:
    return {k: os.environ[k] for k in CARRIED_ENV if os.environ.get(k)}


def validate(every: str, at: str) -> tuple[int, int]:
    if every not in ("daily", "weekly"):
        raise UsageError(f"schedule: every must be daily or weekly, not {every!r}")
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", at or "")
    if not match:
        raise UsageError(f"--at {at!r}: use HH:MM, 24-hour local time (like 09:30)")
    return int(match.group(1)), int(match.group(2))


# --------------------------------------------------------------------------- the files


def _systemd_quote(arg: str, always: bool = False) -> str:
    """One word of ExecStart= or Environment=: systemd expands %-specifiers everywhere, and inside
    double quotes reads C-style escapes, so a path with a quote or a backslash must escape them."""
    arg = arg.replace("%", "%%")
    if not always and not re.search(r'[\s"\\\']', arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _systemd_argv(argv: list[str]) -> list[str]:
    """systemd refuses an executable whose name holds a quote or a backslash, however escaped;
    through env it is an ordinary argument."""
    return ["/usr/bin/env", *argv] if re.search(r'["\'\\]', argv[0]) else argv


def systemd_units(every: str, at: str) -> dict[str, str]:
    hour, minute = validate(every, at)
    calendar = ("" if every == "daily" else WEEKDAY + " ") + f"*-*-* {hour:02d}:{minute:02d}:00"
    env = "".join(f"Environment={_systemd_quote(f'{k}={v}', always=True)}\n" for k, v in carried_env().items())
    log = str(log_path()).replace("%", "%%")
    service = (
        "[Unit]\n"
        "Description=Untrain: check which AI assistants may train on your conversations\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(_systemd_quote(a) for a in _systemd_argv(scan_command()))}\n"
        f"{env}"
        # Exit 1/2 mean "something is on / unverified": a finding, not a failed unit.
        "SuccessExitStatus=1 2\n"
        "UMask=0077\n"  # the log, should it be made again, is the person's alone
        f"StandardOutput=append:{log}\n"
        f"StandardError=append:{log}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=Run the Untrain scan {every} at {hour:02d}:{minute:02d}\n\n"
        "[Timer]\n"
        f"OnCalendar={calendar}\n"
        "Persistent=true\n"  # a laptop asleep at that hour scans when it wakes
        "RandomizedDelaySec=300\n"
        f"Unit={UNIT}.service\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def launchd_plist(every: str, at: str) -> str:
    hour, minute = validate(every, at)
    interval = {"Hour": hour, "Minute": minute}
    if every == "weekly":
        interval["Weekday"] = 1  # Monday
    plist = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": scan_command(),
        "StartCalendarInterval": interval,
        "StandardOutPath": str(log_path()),
        "StandardErrorPath": str(log_path()),
        "RunAtLoad": False,
        "ProcessType": "Background",
        "Umask": 0o077,
    }
    if carried_env():
        plist["EnvironmentVariables"] = carried_env()
    return plistlib.dumps(plist).decode("utf-8")


def crontab_line(every: str, at: str) -> str:
    hour, minute = validate(every, at)
    env = " ".join(f"{k}={_cron_quote(v)}" for k, v in carried_env().items())
    command = " ".join(_cron_quote(a) for a in scan_command())
    log = _cron_quote(str(log_path()))
    return (f"{minute} {hour} * * {'1' if every == 'weekly' else '*'} "
            f"umask 077; {env + ' ' if env else ''}{command} >> {log} 2>&1  # untrain-scan")


def _cron_quote(word: str) -> str:
    """Quoted for the shell, then for cron, which ends the command at an unescaped % (even inside
    quotes) and reads \\% as %."""
    return shlex.quote(word).replace("%", "\\%")


def plan(every: str, at: str, platform: str | None = None) -> Plan:
    platform = platform or detect_platform()
    hour, minute = validate(every, at)
    result = Plan(platform, every, f"{hour:02d}:{minute:02d}")
    directory = target_dir(platform)
    if platform == "systemd":
        result.files = {directory / name: text for name, text in systemd_units(every, at).items()}
    elif platform == "launchd":
        result.files = {directory / f"{LAUNCHD_LABEL}.plist": launchd_plist(every, at)}
    else:
        result.crontab = crontab_line(every, at)
    return result


def installed_files(platform: str) -> list[Path]:
    directory = target_dir(platform)
    names = [f"{UNIT}.service", f"{UNIT}.timer"] if platform == "systemd" else \
        [f"{LAUNCHD_LABEL}.plist"] if platform == "launchd" else []
    return [directory / n for n in names if (directory / n).exists()]


# --------------------------------------------------------------------------- install / remove / status


def user_manager_error() -> str | None:
    """Why `systemctl --user` cannot work here (no user session bus: SSH, a container), or None."""
    try:
        done = subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode != 0:
        text = (done.stderr or done.stdout).strip()
        return text.splitlines()[-1] if text else f"exit status {done.returncode}"
    return None


def prepare_log() -> Path:
    """Make the log file 0600 before any scheduler does (they would make it 0644)."""
    log = log_path()
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        os.chmod(log, 0o600)
    except OSError as exc:
        raise DataError(f"{log}: cannot make the scheduled scan's log file ({exc.strerror or exc})") from None
    return log


def _cron_hint(line: str) -> list[str]:
    """How the crontab line gets in: by Untrain where `crontab` exists, else by the person."""
    if crontab.available():
        return [f"Run `{prog()} schedule install --cron` to add it to your crontab, or add this line "
                "yourself with `crontab -e`:", line]
    return ["There is no `crontab` command here either: install cron (Debian/Ubuntu: "
            f"`sudo apt-get install cron`) and run `{prog()} schedule install --cron`, or add this line "
            "to whatever runs your jobs:", line]


def install(every: str, at: str, platform: str | None = None, *, use_cron: bool = False) -> Outcome:
    if use_cron:
        return _install_cron(every, at)
    p = plan(every, at, platform)
    outcome = Outcome(p)
    if p.platform == "systemd" and not overridden():
        reason = user_manager_error()
        if reason:  # the units could never be enabled: write none, and say what works instead
            p.files, p.crontab = {}, crontab_line(every, at)
            prepare_log()
            outcome.state = "manual"
            outcome.messages.append(f"systemd's user manager cannot be reached here ({reason}), so nothing "
                                    f"was installed. Run `{prog()} schedule install` in your desktop session.")
            outcome.messages += _cron_hint(p.crontab)
            return outcome
    for path, text in p.files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:  # a file in the way, no permission: say where, not a traceback
            raise DataError(f"{path.parent}: cannot write the schedule here ({exc.strerror or exc})") from None
        outcome.written.append(path)
    prepare_log()
    if p.platform == "cron":
        outcome.state = "manual"
        outcome.messages.append("No systemd or launchd here, so nothing was installed.")
        outcome.messages += _cron_hint(p.crontab or "")
        return outcome
    if overridden():
        outcome.messages.append("UNTRAIN_SCHEDULE_DIR is set: files written, nothing enabled.")
        return outcome
    if p.platform == "systemd":
        ok = _run(outcome, ["systemctl", "--user", "daemon-reload"]) and \
            _run(outcome, ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"])
    else:
        plist = next(iter(p.files))
        _run(outcome, ["launchctl", "unload", str(plist)], quiet=True)
        ok = _run(outcome, ["launchctl", "load", "-w", str(plist)])
    outcome.state = "active" if ok else "failed"
    return outcome


def _install_cron(every: str, at: str) -> Outcome:
    """Add (or replace) Untrain's line in the person's crontab, then read it back."""
    p = plan(every, at, "cron")
    outcome = Outcome(p)
    line = p.crontab or ""
    if not crontab.available():
        outcome.state = "manual"
        outcome.messages.append("There is no `crontab` command here, so nothing was installed. Install cron "
                                "(Debian/Ubuntu: `sudo apt-get install cron`), or add this line to whatever "
                                "runs your jobs:")
        outcome.messages.append(line)
        return outcome
    prepare_log()
    crontab.replace_entry(line)
    if crontab.entries() != [line]:
        outcome.state = "failed"
        outcome.messages.append("The crontab did not keep the line; add it yourself with `crontab -e`:")
        outcome.messages.append(line)
        return outcome
    outcome.state = "active"
    outcome.messages.append(f"added to your crontab (`crontab -l` shows it): {line}")
    return outcome


def enabled_link(platform: str) -> Path | None:
    """The link `systemctl --user enable` makes for the timer, if one is there (even dangling)."""
    if platform != "systemd":
        return None
    link = target_dir(platform) / "timers.target.wants" / f"{UNIT}.timer"
    return link if link.is_symlink() or link.exists() else None


def remove(platform: str | None = None) -> Outcome:
    """Stop the scheduler's job, then delete the files and the enable link whatever it said: a
    failed `systemctl --user disable` used to leave timers.target.wants/untrain-scan.timer behind,
    which a later user manager would start from. What could not be done is said in messages, and
    state is "failed" then."""
    platform = platform or detect_platform()
    outcome = Outcome(None)
    files = installed_files(platform)
    link = enabled_link(platform)
    cron_removed = _remove_cron(outcome)
    if platform == "cron":
        if not cron_removed and outcome.state != "failed":
            outcome.messages.append("No scheduled scan was in your crontab." if crontab.available() else
                                    "There is no `crontab` command here; remove the line ending in "
                                    "`# untrain-scan` from whatever runs your jobs.")
        return outcome
    stopped = True
    if not overridden() and (files or link):
        if platform == "systemd":
            stopped = _run(outcome, ["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"], quiet=True)
        else:
            stopped = _run(outcome, ["launchctl", "unload", "-w", str(files[0])], quiet=True)
    failed = []
    for path in [*files, *([link] if link and (link.is_symlink() or link.exists()) else [])]:
        try:
            path.unlink()
        except OSError as exc:
            failed.append(f"could not delete {path} ({exc.strerror or exc}); delete it yourself")
            continue
        outcome.removed.append(path)
    reloaded = True
    if not overridden() and (files or link) and platform == "systemd":
        reloaded = _run(outcome, ["systemctl", "--user", "daemon-reload"], quiet=True)
    if not stopped:
        command = f"systemctl --user disable --now {UNIT}.timer" if platform == "systemd" else \
            f"launchctl unload -w {files[0]}"
        failed.append(f"`{command}` failed, so a timer already loaded may still run until you log out "
                      "or restart; the files are deleted regardless")
    elif not reloaded:
        failed.append("`systemctl --user daemon-reload` failed; run it yourself so systemd forgets the timer")
    outcome.messages += failed
    if failed:
        outcome.state = "failed"
    if not files and not link and not cron_removed:
        outcome.messages.append("No scheduled scan was installed.")
    return outcome


def _remove_cron(outcome: Outcome) -> bool:
    """Take Untrain's line out of the crontab, wherever `install --cron` put it."""
    if not crontab.available():
        return False
    try:
        removed = crontab.replace_entry(None)
    except DataError as exc:
        outcome.messages.append(f"{exc}; remove the line ending in `# untrain-scan` with `crontab -e`")
        outcome.state = "failed"
        return False
    outcome.messages += [f"removed from your crontab: {line}" for line in removed]
    return bool(removed)


def status(platform: str | None = None) -> list[str]:
    platform = platform or detect_platform()
    lines = []
    files = installed_files(platform)
    cron = _cron_status()
    lines += cron
    if platform == "cron":
        if not cron:
            lines.append(f"not installed (nothing in the crontab ends in `{crontab.MARK}`); "
                         f"run `{prog()} schedule install --cron`" if crontab.available() else
                         "not installed: there is no `crontab` command here")
    elif files:
        for path in files:
            lines.append(f"installed: {path}")
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("OnCalendar="):
                    lines.append(f"  runs: {line.removeprefix('OnCalendar=')}")
        if platform == "systemd" and not overridden() and shutil.which("systemctl"):
            done = subprocess.run(["systemctl", "--user", "list-timers", f"{UNIT}.timer", "--no-pager"],
                                  capture_output=True, text=True)
            lines += ["  " + l for l in done.stdout.splitlines() if l.strip()]
    elif not cron:
        lines.append(f"not installed (looked in {target_dir(platform)}); run `{prog()} schedule install`")
    log = log_path()
    if log.exists():
        lines.append(f"log: {log}")
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-3:]
        lines += ["  " + l for l in tail]
    return lines


def _cron_status() -> list[str]:
    if not crontab.available():
        return []
    try:
        return [f"installed in your crontab: {line}" for line in crontab.entries()]
    except DataError as exc:
        return [f"could not read the crontab: {exc}"]


def _run(outcome: Outcome, argv: list[str], quiet: bool = False) -> bool:
    """Run a scheduler command; False (and a message, unless quiet) when it failed."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        outcome.messages.append(f"could not run {' '.join(argv)}: {exc}")
        return False
    if done.returncode != 0 and not quiet:
        outcome.messages.append(f"`{' '.join(argv)}` failed: {(done.stderr or done.stdout).strip()}")
        outcome.messages.append("The files are written; run that command yourself once it can work.")
    return done.returncode == 0
