"""What happens after a personal scan and before it is printed: history, then alerts.

Registered in checker/commands/scan.py's AFTER_SCAN list. Demo and HAR scans are not about the
person's accounts, so they are neither recorded nor alerted on.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from . import config
from .alerts import alerts_for, notifiers_from_config, send_all
from .errors import DataError
from .history import History


def is_personal(args: argparse.Namespace) -> bool:
    return not (getattr(args, "demo", False) or getattr(args, "har", None))


def record_and_alert(report, args: argparse.Namespace, console: Console) -> None:
    """Store the scan, put its changes since the previous one into the report, and alert.
    What the person should read goes to args.scan_notes, printed under the table by print_notes."""
    args.scan_notes = []
    if not is_personal(args):
        return
    try:
        history = History()
    except DataError as exc:
        _note(args, f"[yellow]warning:[/] history not saved: {escape(str(exc))}")
        return
    with history:
        if history.recovered:
            _note(args, f"[yellow]warning:[/] the history file {escape(str(history.path))} was corrupt. It was "
                        f"kept as {escape(str(history.recovered))} and a new history was started.")
        try:
            report.changes = history.diff(report)
            args.scan_id = history.record_scan(report)
        except DataError as exc:
            _note(args, f"[yellow]warning:[/] {escape(str(exc))}")
            return
        # Also the timestamp of each run in the scheduled-scan log.
        _note(args, f"[dim]saved to history as scan #{args.scan_id} · {escape(report.generated_at)} "
                    "· `untrain history` lists them[/]")
        if getattr(args, "notify", False) or args.config.notify.on_scan:
            _alert(report, args, history)


def print_notes(args: argparse.Namespace, console: Console) -> None:
    for line in getattr(args, "scan_notes", []):
        console.print(line, highlight=False)


def _note(args: argparse.Namespace, line: str) -> None:
    args.scan_notes.append(line)


def _alert(report, args, history: History) -> None:
    settings = args.config.notify
    alerts = alerts_for(report, history, settings.unknown_after)
    args.alerts = alerts
    if not alerts:
        return
    notifiers = getattr(args, "notifiers", None)  # tests inject theirs
    problems: list[str] = []
    if notifiers is None:
        notifiers, problems = notifiers_from_config(settings)
    if not notifiers:
        problems.append(f"add Apprise URLs under [notify] in {config.path()} (see `untrain config show`)")
    problems += send_all(alerts, notifiers)
    for alert in alerts:
        _note(args, f"[bold red]alert:[/] {escape(alert.title)}"
                    + ("" if notifiers else " (shown here only)"))
    for problem in problems:
        _note(args, f"[yellow]warning:[/] alert not delivered: {escape(problem)}")
