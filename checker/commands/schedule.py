"""`untrain schedule install|status|remove`: scan on a timer and hear about it when a setting flips."""

from __future__ import annotations

import argparse

from ..store import config
from ..notify import schedule


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schedule", help="scan daily or weekly in the background, with alerts",
        description="Run `untrain scan --notify` headless on a timer. install writes a systemd user timer "
        "(Linux: ~/.config/systemd/user/untrain-scan.service and .timer, then enables it), a launchd agent "
        "(macOS: ~/Library/LaunchAgents/org.untrain.scan.plist), or, with --cron, a line in your crontab. "
        "Where neither systemd nor launchd can take it (no systemd user session, as over SSH), nothing "
        "is scheduled: install exits 2 and prints the crontab line (--cron adds it for you). "
        "status and remove look in the crontab too. Each run appends to "
        "scheduled-scan.log in Untrain's data dir, readable by you only; `status` shows where and its last "
        "lines. Installing again replaces the files; remove deletes them.")
    p.add_argument("action", choices=["install", "status", "remove"])
    when = p.add_mutually_exclusive_group()
    when.add_argument("--daily", dest="every", action="store_const", const="daily", help="every day (default)")
    when.add_argument("--weekly", dest="every", action="store_const", const="weekly", help="every Monday")
    p.add_argument("--at", metavar="HH:MM", help="local time of day (default: the config's, else 09:00)")
    p.add_argument("--cron", action="store_true",
                   help="install: add the line to your crontab with the `crontab` command")
    p.add_argument("--platform", choices=schedule.PLATFORMS, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "status":
        for line in schedule.status(args.platform):
            print(line)
        return 0
    if args.action == "remove":
        outcome = schedule.remove(args.platform)
        for path in outcome.removed:
            print(f"removed {path}")
        for message in outcome.messages:
            print(message)
        return 2 if outcome.state == "failed" else 0
    settings = config.load().schedule
    outcome = schedule.install(args.every or settings.every, args.at or settings.at, args.platform,
                               use_cron=args.cron)
    for path in outcome.written:
        print(f"wrote {path}")
    for message in outcome.messages:
        print(message)
    when, log = f"{outcome.plan.every} at {outcome.plan.at}", schedule.log_path()
    if outcome.state == "active":
        print(f"Scheduled scans: {when}; output goes to {log} (readable by you only).")
    elif outcome.state == "manual":
        print(f"Not scheduled: nothing runs until that line is in a crontab; then scans run {when}, "
              f"output to {log}.")
        return 2
    elif outcome.state == "written":
        print(f"Files for scans {when} written; output would go to {log}.")
    else:
        print(f"Not scheduled: the scheduler refused (see above). Nothing will run {when} until it accepts.")
        return 2
    return 0
