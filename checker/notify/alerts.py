"""Alerts: tell the person the day a training control turns back on, and never nag otherwise.

Only controls whose meaning counts (training, human review: results.COUNTED_MEANINGS) alert; an ads
or telemetry switch is shown in the report and never alerts.

When to alert is decided from history alone (the scan was recorded just before):
- a control reads `on` and its last verified state (on/off, skipping unknowns) was not `on`;
- a control has been `unknown` for exactly N consecutive scans (once per streak).
So an unchanged state never alerts twice, and a single signed-out scan never alerts at all.

How to alert is a Notifier: desktop (notify-send / osascript / a Windows toast) and Apprise URLs.
Tests inject their own notifier; nothing here is patched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Protocol

from ..report.labels import state_words
from ..store.history import History
from ..results import Reason, ScanReport, Status

DEFAULT_UNKNOWN_AFTER = 3


@dataclass(frozen=True)
class Alert:
    provider: str  # display name
    control: str  # label
    kind: str  # "on" | "unknown"
    title: str
    body: str


class Notifier(Protocol):
    name: str

    def send(self, alert: Alert) -> None: ...


def alerts_for(report: ScanReport, history: History, unknown_after: int = DEFAULT_UNKNOWN_AFTER) -> list[Alert]:
    """The alerts this scan raises. Call after `history.record_scan(report)`."""
    alerts = []
    for p in report.providers:
        stale = []  # this provider's controls whose unknown streak reaches the limit in this scan
        for c in p.controls:
            if not c.counted:
                continue
            recent = history.scan_statuses(p.id, c.id, max(unknown_after + 1, 50))
            if c.status == Status.on and _turned_on(recent):
                alerts.append(_on_alert(p, c))
            elif c.status == Status.unknown and _unknown_streak(recent) == unknown_after:
                stale.append(c)
        if stale:
            # One sign-out or bot wall makes every switch of the provider unknown at once: that is one
            # thing to fix, so one notification naming them all, not one per switch with the same title.
            alerts.append(_unknown_alert(p, stale, unknown_after))
    return alerts


def alerts_without_history(report: ScanReport) -> list[Alert]:
    """When the history cannot be read or written, whether "on" is new is not known: every training
    control that is on alerts, saying so. A repeated alert is better than a missed one."""
    alerts = []
    for p in report.providers:
        for c in p.controls:
            if c.counts_as_on:
                alert = _on_alert(p, c)
                alerts.append(replace(alert, title=f"{p.name}: {_what(c)} is on",
                                      body=alert.body + "\n(Untrain's history could not be used, so this may not be new.)"))
    return alerts


def _turned_on(recent) -> bool:
    """`recent[0]` is this scan (on); it is news unless the last verified state before it was on."""
    last_verified = next((s.status for s in recent[1:] if s.status in (Status.on, Status.off)), None)
    return last_verified != Status.on


def _unknown_streak(recent) -> int:
    streak = 0
    for s in recent:
        if s.status != Status.unknown:
            break
        streak += 1
    return streak


def _what(c) -> str:
    return "human review" if c.meaning == "human_review" else "training"


def _on_alert(p, c) -> Alert:
    risk = ("people at the provider may read your conversations" if c.meaning == "human_review"
            else "your conversations may be used for training")
    return Alert(p.name, c.label, "on",
                 title=f"{p.name}: {_what(c)} is back on",
                 body=f"{p.name} · {c.label} is ON: {risk}.\n"
                      f"Fix: {c.fix_path or 'see the provider settings'}"
                      + (f"\n{c.deep_link}" if c.deep_link else ""))


def _unknown_alert(p, controls, unknown_after: int) -> Alert:
    if len(controls) == 1:
        c = controls[0]
        what = f"{p.name} · {c.label} has been {state_words(c.status, c.reason)} for {unknown_after} scans in a row."
    else:
        what = (f"{p.name}: {len(controls)} controls have been unknown for {unknown_after} scans in a row:\n"
                + "\n".join(f"• {c.label}: {state_words(c.status, c.reason)}" for c in controls))
    hints = dict.fromkeys(_unknown_hint(p.id, c.reason) for c in controls)
    fixes = dict.fromkeys(f"Fix: {c.fix_path or 'see the provider settings'}" for c in controls)
    return Alert(p.name, ", ".join(c.label for c in controls), "unknown",
                 title=f"{p.name}: not checked for {unknown_after} scans",
                 body="\n".join([what, *hints, *fixes]))


def _unknown_hint(provider: str, reason: Reason | None) -> str:
    if reason == Reason.signed_out:
        return f"Sign in again: untrain login {provider}"
    if reason == Reason.blocked:
        return f"Try: untrain scan --headed --provider {provider}, or check with the browser extension"
    return f"Run untrain scan --provider {provider} to see why"


def send_all(alerts: list[Alert], notifiers: list[Notifier]) -> list[str]:
    """Send every alert through every notifier. A failing channel never fails the scan; its
    problem is returned as a line to show the person."""
    problems = []
    for alert in alerts:
        for notifier in notifiers:
            try:
                notifier.send(alert)
            except Exception as exc:  # noqa: BLE001 - one broken channel must not hide the others
                problems.append(f"{notifier.name}: {type(exc).__name__}: {exc}")
    return problems


# --------------------------------------------------------------------------- channels


class DesktopNotifier:
    name = "desktop"

    def __init__(self):
        self.command = desktop_command()

    @property
    def available(self) -> bool:
        return self.command is not None

    def send(self, alert: Alert) -> None:
        if self.command is None:
            raise RuntimeError("no desktop notifier here (notify-send, osascript or PowerShell)")
        argv = self.command(alert)
        subprocess.run(argv, check=True, timeout=15, capture_output=True)


def desktop_command():
    """A function alert -> argv for this platform's notifier, or None when there is none."""
    if sys.platform == "darwin" and shutil.which("osascript"):
        return lambda a: ["osascript", "-e",
                          f"display notification {_applescript(a.body)} with title {_applescript(a.title)}"]
    if sys.platform == "win32":
        shell = shutil.which("powershell") or shutil.which("pwsh")
        if shell:
            return lambda a: [shell, "-NoProfile", "-Command", _toast_script(a.title, a.body)]
        return None
    if shutil.which("notify-send"):
        return lambda a: ["notify-send", "--app-name=Untrain", "--urgency=critical" if a.kind == "on" else
                          "--urgency=normal", a.title, a.body]
    return None


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toast_script(title: str, body: str) -> str:
    def ps(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    return (
        "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null;"
        "$t = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent("
        "[Windows.UI.Notifications.ToastTemplateType]::ToastText02);"
        f"$x = $t.GetElementsByTagName('text'); $x.Item(0).AppendChild($t.CreateTextNode({ps(title)})) > $null;"
        f"$x.Item(1).AppendChild($t.CreateTextNode({ps(body)})) > $null;"
        "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('Untrain').Show("
        "[Windows.UI.Notifications.ToastNotification]::new($t))"
    )


class AppriseNotifier:
    name = "apprise"

    def __init__(self, urls: list[str]):
        try:
            import apprise  # lazy: optional extra `untrain[notify]`
        except ImportError:
            raise RuntimeError("Apprise URLs are configured but apprise is not installed: "
                               "pip install 'untrain[notify]'") from None
        self._apprise = apprise.Apprise()
        # One mistyped target must not silence the others: keep every URL Apprise understands, and
        # list the rest. Apprise's own message would echo the URL, which may hold a password: name
        # its scheme only.
        self.rejected = [f"Apprise does not understand a {url.split('://', 1)[0]}:// URL in the config"
                         for url in urls if not self._apprise.add(url)]
        if not len(self._apprise):
            raise RuntimeError("; ".join(self.rejected))

    def send(self, alert: Alert) -> None:
        if not self._apprise.notify(title=alert.title, body=alert.body):
            raise RuntimeError("Apprise could not deliver the alert to at least one URL")


def notifiers_from_config(notify) -> tuple[list[Notifier], list[str]]:
    """The configured channels, and a line for each one that cannot work here."""
    channels: list[Notifier] = []
    problems: list[str] = []
    if notify.desktop:
        desktop = DesktopNotifier()
        if desktop.available:
            channels.append(desktop)
        else:
            problems.append("no desktop notifier found (notify-send, osascript or PowerShell)")
    if notify.apprise:
        try:
            channel = AppriseNotifier(notify.apprise)
            channels.append(channel)
            problems.extend(channel.rejected)
        except RuntimeError as exc:
            problems.append(str(exc))
    return channels, problems
