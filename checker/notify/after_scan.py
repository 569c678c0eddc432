"""What happens after a personal scan and before it is printed: history, then alerts.

Called by checker/commands/scan.py. Demo and HAR scans are not about the person's accounts, so they
are neither recorded in the person's history nor alerted on. The last demo is kept apart, in the
demo history, so `untrain report --demo --html FILE` has something to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from ..store import config, data_paths
from .alerts import Alert, alerts_for, alerts_without_history, notifiers_from_config, send_all
from ..store.config import NotifyConfig
from ..errors import DataError
from ..store.history import History, recovery_warning
from ..invocation import prog
from ..results import Source


@dataclass
class AfterScan:
    """What recording and alerting did, for the lines printed under the scan's table."""

    notes: list[str] = field(default_factory=list)  # rich markup, one line each
    scan_id: int | None = None  # the scan's number in history, once saved
    alerts: list[Alert] = field(default_factory=list)

    def print(self, console: Console) -> None:
        for line in self.notes:
            console.print(line, highlight=False)


def record_and_alert(report, source: Source, *, notify: bool, settings: NotifyConfig,
                     notifiers: list | None = None) -> AfterScan:
    """Store a scan of the person's accounts (`source` scan), put its changes since the previous
    one into the report, and alert when `notify` (--notify) or the config's `settings` ask. A demo
    is kept apart; a HAR replay is neither. `notifiers` replaces the configured ones (tests inject
    theirs)."""
    done = AfterScan()
    if source == Source.demo:
        _keep_demo(report, done)
        return done
    if source != Source.scan:
        return done
    wanted = notify or settings.on_scan
    alerts = _record(report, done, settings.unknown_after if wanted else None)
    if wanted:
        # Without a usable history, whether "on" is new is not known: a repeat beats silence.
        _send(alerts if alerts is not None else alerts_without_history(report), settings, notifiers, done)
    return done


def _keep_demo(report, done: AfterScan) -> None:
    """Replace the kept demo with this one. A demo that cannot be kept still showed its scan: that
    is a warning, not a failed demo."""
    try:
        path = data_paths.demo_history_file()
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        with History(path) as history:
            done.scan_id = history.record_scan(report)
    except (DataError, OSError) as exc:
        done.notes.append(f"[yellow]warning:[/] the demo was not kept for `untrain report --demo`: {escape(str(exc))}")
        return
    done.notes.append("See it as a page:  [bold]" + escape(f"{prog()} report --demo --html demo.html") + "[/]"
                      "  (the demo is kept apart from your own history)")


def _record(report, done: AfterScan, unknown_after: int | None) -> list[Alert] | None:
    """Save the scan and, with `unknown_after`, work out its alerts from the history. None when the
    history is unusable (each problem becomes a warning line in `done`)."""
    try:
        history = History()
    except DataError as exc:
        done.notes.append(f"[yellow]warning:[/] history not saved: {escape(str(exc))}")
        return None
    with history:
        moved = history.take_recovery_notices()
        if moved:
            done.notes.append(f"[yellow]warning:[/] {escape(recovery_warning(moved, history.path))}")
        try:
            report.changes = history.diff(report)
        except DataError as exc:
            # One damaged row among the earlier scans must not cost this scan its place in history:
            # save it, and say that this time the changes could not be worked out.
            done.notes.append(f"[yellow]warning:[/] could not compare with earlier scans: {escape(str(exc))}")
        try:
            done.scan_id = history.record_scan(report)
            # Also the timestamp of each run in the scheduled-scan log.
            done.notes.append(f"[dim]saved to history as scan #{done.scan_id} · {escape(report.generated_at)} "
                              "· `untrain history` lists them[/]")
            return alerts_for(report, history, unknown_after) if unknown_after is not None else []
        except DataError as exc:  # not saved, or saved but the earlier results cannot be read back
            done.notes.append(f"[yellow]warning:[/] {escape(str(exc))}")
            return None


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
