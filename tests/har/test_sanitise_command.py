"""`untrain har sanitise IN.har --out OUT.har`: the sanitiser for a HAR a person exported
themselves (from DevTools), before it goes into a bug report. No browser is involved."""

from __future__ import annotations

import json
import stat

from checker.cli import main

from .canaries import survivors
from .test_canaries import _canaries, _entry, plant


def devtools_har() -> dict:
    page = _entry("https://chatgpt.com/", mime="text/html; charset=utf-8",
                  body="<!doctype html><html><head></head><body><h1>Settings</h1></body></html>")
    return {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": [{"id": "page_1", "title": "ChatGPT", "startedDateTime": "2026-12-03T00:00:00Z"}],
                    "entries": [page]}}


def test_sanitise_command_leaves_no_canary_and_says_what_it_removed(tmp_path, capsys):
    source, out = tmp_path / "exported.har", tmp_path / "clean.har"
    source.write_text(json.dumps(plant(devtools_har())))
    before = source.read_text()
    assert main(["har", "sanitise", str(source), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "to chatgpt.com" in printed  # the provider's hosts, found from the page in the HAR
    for kind in ("cookies", "cookie headers", "credential headers", "tokens", "requests to other hosts",
                 "websocket frames", "account names and emails", "chat texts"):
        assert f" {kind}\n" in printed, kind
    assert survivors(json.loads(out.read_text()), _canaries()) == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert source.read_text() == before  # the input is never changed


def test_sanitise_command_errors(tmp_path, capsys):
    bad = tmp_path / "bad.har"
    bad.write_text("{" * 100_000)  # nested far deeper than any parser allows
    assert main(["har", "sanitise", str(bad), "--out", str(tmp_path / "o.har")]) == 65
    assert main(["har", "sanitise", str(tmp_path / "missing.har"), "--out", str(tmp_path / "o.har")]) == 65
    good = tmp_path / "good.har"
    good.write_text(json.dumps(devtools_har()))
    assert main(["har", "sanitise", str(good), "--out", str(tmp_path / "no-dir" / "o.har")]) == 64
    assert main(["har", "sanitise", str(good)]) == 64  # --out is required
    assert main(["har"]) == 64
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bad.har: not a HAR file" in err


def test_sanitise_command_keeps_the_hosts_it_is_told(tmp_path, capsys):
    source, out = tmp_path / "in.har", tmp_path / "out.har"
    har = devtools_har()
    har["log"]["entries"].append(_entry("https://cdn.chatgpt.example/app.js", mime="text/javascript", body="1"))
    source.write_text(json.dumps(har))
    assert main(["har", "sanitise", str(source), "--out", str(out), "--host", "cdn.chatgpt.example"]) == 0
    urls = [e["request"]["url"] for e in json.loads(out.read_text())["log"]["entries"]]
    assert urls == ["https://cdn.chatgpt.example/app.js"]


def test_help_lists_the_command(capsys):
    assert main(["--help"]) == 0
    assert "har " in capsys.readouterr().out
