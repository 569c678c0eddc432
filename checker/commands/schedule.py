"""`untrain schedule install|status|remove`: scan on a timer and hear about it when a setting flips."""

from __future__ import annotations

import argparse

from .. import config, schedule


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schedule", help="scan daily or weekly in the background, with alerts",
        description="Install a systemd user timer (Linux), a launchd agent (macOS) or print a crontab line "
        "that runs `untrain scan --notify` headless and logs to a file in Untrain's data dir.")
    p.add_argument("action", choices=["install", "status", "remove"])
    when = p.add_mutually_exclusive_group()
    when.add_argument("--daily", dest="every", action="store_const", const="daily", help="every day (default)")
    when.add_argument("--weekly", dest="every", action="store_const", const="weekly", help="every Monday")
    p.add_argument("--at", metavar="HH:MM", help="local time of day (default: the config's, else 09:00)")
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
        return 0
    settings = config.load().schedule
    outcome = schedule.install(args.every or settings.every, args.at or settings.at, args.platform)
    for path in outcome.written:
        print(f"wrote {path}")
    for message in outcome.messages:
        print(message)
    print(f"Scheduled scans: {outcome.plan.every} at {outcome.plan.at}; output goes to {schedule.log_path()}")
    return 0
