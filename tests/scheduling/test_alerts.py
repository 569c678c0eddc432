"""Alerts: on a flip to `on`, after N unknowns in a row, never twice for one state, never for a
single signed-out scan. A fake notifier is injected; nothing is monkeypatched."""

from __future__ import annotations


import pytest
from rich.console import Console

from checker.notify import after_scan
from checker.store import config
from checker.notify.alerts import Alert, AppriseNotifier, alerts_for, notifiers_from_config, send_all
from checker.store.config import NotifyConfig
from checker.store.history import History
from checker.results import Reason, Source, Status

from .helpers import FIX, LINK, chatgpt_report, day


class FakeNotifier:
    name = "fake"

    def __init__(self):
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


class BrokenNotifier:
    name = "broken"

    def send(self, alert: Alert) -> None:
        raise ConnectionError("ntfy.sh unreachable")


def scan_and_alert(history: History, notifier: FakeNotifier, status, reason=None, *, at, unknown_after=3):
    """What `untrain scan --notify` does after a scan: record it, then alert."""
    report = chatgpt_report(status, reason, at=at)
    history.record_scan(report)
    send_all(alerts_for(report, history, unknown_after), [notifier])
    return notifier.sent


@pytest.fixture
def history(tmp_path):
    with History(tmp_path / "history.sqlite3") as h:
        yield h


def test_alert_when_a_control_turns_on(history):
    fake = FakeNotifier()
    assert scan_and_alert(history, fake, Status.off, at=day(1)) == []
    [alert] = scan_and_alert(history, fake, Status.on, at=day(2))
    assert alert.kind == "on"
    # The alert names the provider, the control and the one-line fix path.
    assert "ChatGPT" in alert.title
    assert "ChatGPT · Improve the model for everyone is ON" in alert.body
    assert f"Fix: {FIX}" in alert.body and LINK in alert.body


def test_no_alert_again_while_it_stays_on(history):
    fake = FakeNotifier()
    scan_and_alert(history, fake, Status.off, at=day(1))
    scan_and_alert(history, fake, Status.on, at=day(2))
    scan_and_alert(history, fake, Status.on, at=day(3))
    scan_and_alert(history, fake, Status.on, at=day(4))
    assert [a.kind for a in fake.sent] == ["on"]


def test_on_then_unreadable_then_on_is_the_same_state(history):
    fake = FakeNotifier()
    scan_and_alert(history, fake, Status.on, at=day(1))
    scan_and_alert(history, fake, Status.unknown, Reason.signed_out, at=day(2))
    scan_and_alert(history, fake, Status.on, at=day(3))
    assert [a.kind for a in fake.sent] == ["on"]  # the first sighting only
    scan_and_alert(history, fake, Status.off, at=day(4))
    scan_and_alert(history, fake, Status.on, at=day(5))  # flipped back on: tell again
    assert [a.kind for a in fake.sent] == ["on", "on"]


def test_alert_after_n_consecutive_unknowns_once(history):
    fake = FakeNotifier()
    scan_and_alert(history, fake, Status.off, at=day(1))
    for n in (2, 3):
        assert scan_and_alert(history, fake, Status.unknown, Reason.blocked, at=day(n)) == []
    [alert] = scan_and_alert(history, fake, Status.unknown, Reason.blocked, at=day(4))
    assert alert.kind == "unknown"
    assert "unknown (blocked by a bot check or wall) for 3 scans in a row" in alert.body
    assert "untrain scan --headed --provider chatgpt" in alert.body and f"Fix: {FIX}" in alert.body
    scan_and_alert(history, fake, Status.unknown, Reason.blocked, at=day(5))
    scan_and_alert(history, fake, Status.unknown, Reason.blocked, at=day(6))
    assert len(fake.sent) == 1  # still unknown: no nagging


def test_unknown_after_is_configurable(history):
    fake = FakeNotifier()
    for n in (1, 2):
        scan_and_alert(history, fake, Status.unknown, Reason.timeout, at=day(n), unknown_after=2)
    assert [a.kind for a in fake.sent] == ["unknown"]


def test_signed_out_once_is_not_an_alert(history):
    fake = FakeNotifier()
    scan_and_alert(history, fake, Status.off, at=day(1))
    assert scan_and_alert(history, fake, Status.unknown, Reason.signed_out, at=day(2)) == []
    assert scan_and_alert(history, fake, Status.off, at=day(3)) == []
    assert fake.sent == []


def test_a_broken_channel_does_not_stop_the_others(history):
    fake = FakeNotifier()
    report = chatgpt_report(Status.on, at=day(1))
    history.record_scan(report)
    problems = send_all(alerts_for(report, history), [BrokenNotifier(), fake])
    assert len(fake.sent) == 1
    assert problems == ["broken: ConnectionError: ntfy.sh unreachable"]


def test_scan_with_notify_alerts_through_the_injected_notifier(untrain_home):
    # The same step `untrain scan --notify` runs, with the notifier injected.
    fake = FakeNotifier()
    console = Console(record=True, width=200)
    after_scan.record_and_alert(chatgpt_report(Status.off, at=day(1)), Source.scan, notify=True, settings=NotifyConfig(), notifiers=[fake])
    flipped = chatgpt_report(Status.on, at=day(2))
    after = after_scan.record_and_alert(flipped, Source.scan, notify=True, settings=NotifyConfig(), notifiers=[fake])
    after.print(console)
    assert [a.kind for a in after.alerts] == ["on"]
    assert [a.kind for a in fake.sent] == ["on"]
    assert [(c.provider, c.control, c.before, c.after) for c in flipped.changes] == [
        ("chatgpt", "improve_model", Status.off, Status.on)]
    assert "alert: ChatGPT: training is back on" in console.export_text()


def test_apprise_urls_are_checked_without_echoing_secrets():
    pytest.importorskip("apprise")
    with pytest.raises(RuntimeError) as info:
        AppriseNotifier(["nosuchscheme://user:hunter2@example.org"])
    assert "nosuchscheme://" in str(info.value) and "hunter2" not in str(info.value)


def test_one_unparseable_apprise_url_does_not_silence_the_others():
    # A typo in one alert target must not cost the person every other one.
    pytest.importorskip("apprise")
    import http.server
    import threading

    received: list[bytes] = []

    class Catch(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Catch)
    threading.Thread(target=server.handle_request, daemon=True).start()
    try:
        notify = config.NotifyConfig(desktop=False, apprise=[
            "nosuchscheme://user:hunter2@example.org", f"json://127.0.0.1:{server.server_port}/"])
        channels, problems = notifiers_from_config(notify)
        assert len(channels) == 1
        assert any("nosuchscheme://" in p for p in problems) and not any("hunter2" in p for p in problems)
        assert send_all([Alert("ChatGPT", "Improve the model", "on", "ChatGPT: training is back on", "body")], channels) == []
        assert received and b"training is back on" in received[0]
    finally:
        server.server_close()


@pytest.mark.skipif(__import__("sys").platform != "linux", reason="notify-send is the Linux channel")
def test_desktop_channel_calls_notify_send(tmp_path, monkeypatch, history):
    # A stand-in notify-send on PATH records what the real one would be asked to show.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "calls.txt"
    fake = bin_dir / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    from checker.notify.alerts import DesktopNotifier

    report = chatgpt_report(Status.on, at=day(1))
    history.record_scan(report)
    desktop = DesktopNotifier()
    assert desktop.available
    assert send_all(alerts_for(report, history), [desktop]) == []
    args = record.read_text().splitlines()
    assert args[:3] == ["--app-name=Untrain", "--urgency=critical", "ChatGPT: training is back on"]
    assert f"Fix: {FIX}" in "\n".join(args[3:])


def test_a_signed_out_provider_with_two_controls_alerts_once(history):
    # Copilot has two training switches; one sign-out makes both unknown. That is one thing to fix
    # (sign in again), so one notification, naming both, not two with the same title.
    from .helpers import provider
    from checker.results import ScanReport

    def copilot(at):
        return ScanReport.build([provider("copilot", "Microsoft Copilot", [
            ("training_text", "Training on conversation activity", Status.unknown, Reason.signed_out),
            ("training_voice", "Training on voice conversations", Status.unknown, Reason.signed_out)])],
            generated_at=at)

    sent = []
    for n in (1, 2, 3, 4):
        report = copilot(day(n))
        history.record_scan(report)
        sent.append(alerts_for(report, history, 3))
    assert [len(alerts) for alerts in sent] == [0, 0, 1, 0]
    [alert] = sent[2]
    assert alert.title == "Microsoft Copilot: not checked for 3 scans"
    assert "Training on conversation activity" in alert.body and "Training on voice conversations" in alert.body
    assert "untrain login copilot" in alert.body


def test_a_history_that_cannot_be_read_back_still_alerts_and_prints(untrain_home, monkeypatch):
    # The scan is saved, then reading earlier results for the alert fails (a damaged page, a lock):
    # the scan's table must still print and an "on" must still alert.
    from checker.errors import DataError

    def unreadable(self, provider, control, limit):
        raise DataError("history.sqlite3: the history database is damaged")

    monkeypatch.setattr(History, "scan_statuses", unreadable)
    fake = FakeNotifier()
    after = after_scan.record_and_alert(chatgpt_report(Status.on, at=day(1)), Source.scan, notify=True, settings=NotifyConfig(), notifiers=[fake])
    assert [a.kind for a in fake.sent] == ["on"] and after.scan_id is not None
    console = Console(record=True, width=200)
    after.print(console)
    assert "damaged" in console.export_text()


def _with_control(report, control_id: str, label: str, meaning: str, status):
    from checker.results import ControlResult

    report.providers[0].controls.append(ControlResult(id=control_id, label=label, status=status, meaning=meaning,
                                                      fix_path="Settings"))
    return report


def test_an_ads_control_turning_on_never_alerts(history):
    fake = FakeNotifier()
    for n, status in enumerate((Status.off, Status.on, Status.unknown, Status.unknown, Status.unknown), start=1):
        report = _with_control(chatgpt_report(Status.off, at=day(n)), "ad_personalization", "Ad personalization",
                               "ads", status)
        history.record_scan(report)
        send_all(alerts_for(report, history), [fake])
    assert fake.sent == []


def test_a_human_review_control_turning_on_alerts_in_its_own_words(history):
    fake = FakeNotifier()
    for n, status in enumerate((Status.off, Status.on), start=1):
        report = _with_control(chatgpt_report(Status.off, at=day(n)), "review", "Let people review my chats",
                               "human_review", status)
        history.record_scan(report)
        send_all(alerts_for(report, history), [fake])
    [alert] = fake.sent
    assert alert.title == "ChatGPT: human review is back on"
    assert "Let people review my chats is ON: people at the provider may read your conversations" in alert.body
