"""Acceptance 2 (the diff): a scan that finds off → on shows the change in the terminal and in the
JSON report, and `untrain history` lists it. Two real scans against the replica, one profile."""

from __future__ import annotations

import json

from checker import cli

from .test_login import run_command

CHANGE = "ChatGPT · Improve the model for everyone: off → on"
# The replica's ads switch flips with it: shown as a change too, though it never counts.
ADS_CHANGE = "ChatGPT · Ad personalization: off → on"


def test_off_then_on_shows_the_change_everywhere(untrain_home, tmp_path, capsys):
    profile = tmp_path / "profile"
    for state, name in (("off", "first.json"), ("on", "second.json")):
        code, args = run_command(["scan", "--replica", f"chatgpt={state}", "--profile", str(profile),
                                  "--json", str(tmp_path / name), "--timeout", "4"])
        assert args.replica_world.mutations == [], "the scan changed something"
    out = capsys.readouterr().out
    assert out.count("changed:") == 2
    assert f"changed: {CHANGE}" in out and f"changed: {ADS_CHANGE}" in out
    assert json.loads((tmp_path / "first.json").read_text())["changes"] == []
    second = json.loads((tmp_path / "second.json").read_text())
    # Data, not words: ids and the states before and after, for a script to act on.
    assert [(c["provider"], c["control"], c["before"], c["after"]) for c in second["changes"]] == [
        ("chatgpt", "improve_model", "off", "on"), ("chatgpt", "ad_personalization", "off", "on")]
    assert second["exit_code"] == 1

    assert cli.main(["history", "--json"]) == 0
    scans = json.loads(capsys.readouterr().out)["scans"]
    assert [s["changes"] for s in scans] == [second["changes"], []]
    assert scans[0]["providers"]["chatgpt"]["status"] == "on"
    assert cli.main(["history", "--provider", "chatgpt"]) == 0
    text = capsys.readouterr().out
    assert f"changed: {CHANGE}" in text and "ChatGPT: ● ON" in text and "ChatGPT: ✓ off" in text
    assert "saved to history as scan #2" in out


def test_history_lists_the_extensions_readings(untrain_home, capsys):
    from checker.store.history import History
    from checker.results import Reason, Status

    with History() as history:
        history.record_reading("chatgpt", "improve_model", Status.off, label="Improve the model for everyone")
        history.record_reading("claude", "help_improve", Status.unknown, Reason.ambiguous)
    assert cli.main(["history"]) == 0
    text = capsys.readouterr().out
    assert "Read in the page by the extension" in text
    assert "chatgpt · Improve the model for everyone: ✓ off" in text
    assert "claude · help_improve: ? unknown (ambiguous)" in text
    assert text.index("claude") < text.index("chatgpt")  # newest first
    assert cli.main(["history", "--provider", "claude"]) == 0
    assert "chatgpt" not in capsys.readouterr().out
    # --json carries them too: a script reading the history sees what the table shows.
    assert cli.main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scans"] == []
    assert [(r["provider"], r["status"], r["reason"]) for r in data["readings"]] == [
        ("claude", "unknown", "ambiguous"), ("chatgpt", "off", None)]
