"""History as it grows: the latest states come from the indexes, not from reading every row, and
old extension readings are pruned by a documented rule. Speed is measured in bench/, not here."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone

from checker.store import history as history_module
from checker.store.history import READINGS_KEPT_PER_CONTROL, READINGS_KEPT_DAYS, History
from checker.results import ControlResult, ProviderResult, Reason, ScanReport, Status


def _reference_latest(history: History):
    """The rule, written the slow and obvious way: walk every state oldest first; the last one of
    each control wins; a state without a label, fix, URL or meaning keeps the one before it; scan rows of a
    control the provider's newest scan no longer has are ignored."""
    latest = {}
    current = history._current_scan_controls()
    for state in history._states():
        if state.scan_id is not None and state.control not in current.get(state.provider, {state.control}):
            continue
        previous = latest.get((state.provider, state.control))
        if previous:
            state.label = state.label or previous.label
            state.fix_path = state.fix_path or previous.fix_path
            state.url = state.url or previous.url
            state.meaning = state.meaning or previous.meaning
        latest[(state.provider, state.control)] = state
    return sorted(latest.values(), key=lambda s: (s.provider, s.control))


def _random_history(history: History, rng: random.Random, start: datetime) -> None:
    providers = {"chatgpt": ["improve_model", "ads"], "claude": ["help_improve"], "gemini": ["keep_activity"]}
    clock = start
    for _ in range(rng.randint(1, 40)):
        clock += timedelta(minutes=rng.randint(0, 3))  # equal stamps happen: the order must still hold
        if rng.random() < 0.3:
            chosen = rng.sample(sorted(providers), rng.randint(1, 3))
            results = []
            for pid in chosen:
                controls = [c for c in providers[pid] if rng.random() < 0.85] or providers[pid][:1]
                results.append(ProviderResult(id=pid, name=pid.title(), status=Status.off, controls=[
                    ControlResult(id=c, label=rng.choice([f"{c} label", f"{c} new label"]),
                                  status=rng.choice(list(Status)), fix_path=rng.choice([None, f"fix {c}"]),
                                  deep_link=rng.choice([None, f"https://{pid}.example/{c}"]))
                    for c in controls]))
            history.record_scan(ScanReport.build(results, generated_at=clock.isoformat(timespec="seconds")))
        else:
            pid = rng.choice(sorted(providers) + ["perplexity"])
            control = rng.choice(providers.get(pid, ["ai_data_retention"]))
            status = rng.choice([Status.on, Status.off, Status.unknown])
            history_module.now = lambda c=clock: c.isoformat(timespec="seconds")
            history.record_reading(pid, control, status, Reason.timeout if status == Status.unknown else None,
                                   label=rng.choice(["", f"{control} in page"]), url=rng.choice(["", f"https://{pid}.example/"]))


def test_latest_states_from_the_indexes_match_the_rule_on_random_histories(tmp_path, monkeypatch):
    monkeypatch.setattr(history_module, "now", history_module.now)  # restored after the test
    for seed in range(40):
        with History(tmp_path / f"h{seed}.sqlite3") as history:
            history._conn.execute("PRAGMA synchronous = OFF")  # a scratch file: no need to wait for the disk
            _random_history(history, random.Random(seed), datetime(2026, 11, 1, tzinfo=timezone.utc))
            assert history.latest_controls() == _reference_latest(history), f"seed {seed}"


def test_latest_states_do_not_read_every_row(tmp_path):
    with History(tmp_path / "h.sqlite3") as history:
        conn = history._conn
        stamp = datetime(2026, 1, 1, tzinfo=timezone.utc)
        conn.executemany(
            "INSERT INTO readings (provider, control, label, status, url, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [("chatgpt", "improve_model", "Improve", "off", "", "extension",
              (stamp + timedelta(seconds=i)).isoformat(timespec="seconds")) for i in range(5000)])
        steps = []
        conn.set_progress_handler(lambda: steps.append(1), 100)
        [state] = history.latest_controls()
        conn.set_progress_handler(None, 0)
        assert state.status == Status.off
        # Reading all 5,000 rows costs tens of thousands of VM steps; an index seek costs a few hundred.
        assert len(steps) * 100 < 5000, len(steps) * 100


def test_extension_readings_are_pruned_by_the_documented_rule(tmp_path, monkeypatch):
    with History(tmp_path / "h.sqlite3") as history:
        history._conn.execute("PRAGMA synchronous = OFF")  # a scratch file: no need to wait for the disk
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        for i in range(READINGS_KEPT_PER_CONTROL + 25):
            monkeypatch.setattr(history_module, "now", lambda i=i: (start + timedelta(minutes=i)).isoformat(timespec="seconds"))
            history.record_reading("chatgpt", "improve_model", Status.off)
        history.record_reading("claude", "help_improve", Status.on)
        kept = history._conn.execute("SELECT COUNT(*) FROM readings WHERE provider = 'chatgpt'").fetchone()[0]
        assert kept == READINGS_KEPT_PER_CONTROL
        oldest = history._conn.execute("SELECT MIN(at) FROM readings WHERE provider = 'chatgpt'").fetchone()[0]
        assert oldest == (start + timedelta(minutes=25)).isoformat(timespec="seconds")  # the newest were kept

        late = start + timedelta(days=READINGS_KEPT_DAYS + 1)
        monkeypatch.setattr(history_module, "now", lambda: late.isoformat(timespec="seconds"))
        history.record_reading("gemini", "keep_activity", Status.off)
        left = {r[0] for r in history._conn.execute("SELECT provider FROM readings")}
        assert left == {"gemini"}  # older than the window, whatever the control
        assert [s.status for s in history.latest_controls() if s.provider == "gemini"] == [Status.off]
