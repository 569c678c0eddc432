"""What happens after a personal scan and before it is printed: history, then alerts.

Called by checker/commands/scan.py. Demo and HAR scans are not about the person's accounts, so they
are neither recorded nor alerted on.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from . import config
from .alerts import Alert, alerts_for, alerts_without_history, notifiers_from_config, send_all
from .errors import DataError
from .history import History


@dataclass
class AfterScan:
    """What recording and alerting did, for the lines printed under the scan's table."""

    notes: list[str] = field(default_factory=list)  # rich markup, one line each
    scan_id: int | None = None  # the scan's number in history, once saved
    alerts: list[Alert] = field(default_factory=list)

    def print(self, console: Console) -> None:
        for line in self.notes:
            console.print(line, highlight=False)


def is_personal(args: argparse.Namespace) -> bool:
    return not (getattr(args, "demo", False) or getattr(args, "har", None))


def record_and_alert(report, args: argparse.Namespace, notifiers: list | None = None) -> AfterScan:
    """Store the scan, put its changes since the previous one into the report, and alert when
    `--notify` or the config asks. `notifiers` replaces the configured ones (tests inject theirs)."""
    done = AfterScan()
    if not is_personal(args):
        return done
    wants_alerts = getattr(args, "notify", False) or args.config.notify.on_scan
    try:
        history = History()
    except DataError as exc:
        done.notes.append(f"[yellow]warning:[/] history not saved: {escape(str(exc))}")
        if wants_alerts:
            _send(alerts_without_history(report), args.config.notify, notifiers, done)
        return done
    with history:
        if history.recovered:
            done.notes.append(f"[yellow]warning:[/] the history file {escape(str(history.path))} was corrupt. "
                              f"It was kept as {escape(str(history.recovered))} and a new history was started.")
        try:
            report.changes = history.diff(report)
            done.scan_id = history.record_scan(report)
        except DataError as exc:
            done.notes.append(f"[yellow]warning:[/] {escape(str(exc))}")
            if wants_alerts:
                _send(alerts_without_history(report), args.config.notify, notifiers, done)
            return done
        # Also the timestamp of each run in the scheduled-scan log.
        done.notes.append(f"[dim]saved to history as scan #{done.scan_id} · {escape(report.generated_at)} "
                          "· `untrain history` lists them[/]")
        if wants_alerts:
            try:
                alerts = alerts_for(report, history, args.config.notify.unknown_after)
            except DataError as exc:  # saved, but the earlier results cannot be read back
                done.notes.append(f"[yellow]warning:[/] {escape(str(exc))}")
                alerts = alerts_without_history(report)
            _send(alerts, args.config.notify, notifiers, done)
    return done


def _send(alerts: list[Alert], settings, notifiers: list | None, done: AfterScan) -> None:
    done.alerts = alerts
    if not done.alerts:
        return
    problems: list[str] = []
    if notifiers is None:
        notifiers, problems = notifiers_from_config(settings)
    if not notifiers:
        problems.append(f"add Apprise URLs under [notify] in {config.path()} (see `untrain config show`)")
    problems += send_all(done.alerts, notifiers)
    for alert in done.alerts:
        done.notes.append(f"[bold red]alert:[/] {escape(alert.title)}" + ("" if notifiers else " (shown here only)"))
    for problem in problems:
        done.notes.append(f"[yellow]warning:[/] alert not delivered: {escape(problem)}")
