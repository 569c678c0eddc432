"""Local tools through the whole command line: `untrain scan` reads them without a browser, never
changes a file, and they reach the JSON report, history, the catalogue and the extension's data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import snapshot

ROOT = Path(__file__).resolve().parents[2]


def scan(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`untrain scan` as a subprocess on a scratch machine: HOME, working folder, data folder and
    PATH are all scratch, and no browser can be found (one that tried to launch would fail)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("DISABLE_", "CLAUDE_", "GEMINI_", "UNTRAIN_"))}
    (tmp_path / "project").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "checker", "scan", *args], capture_output=True, text=True, timeout=120,
        cwd=tmp_path / "project",
        env={**base, "HOME": str(tmp_path / "home"), "PATH": str(tmp_path / "bin"),
             "UNTRAIN_HOME": str(tmp_path / "untrain"), "UNTRAIN_BROWSER": str(tmp_path / "no-browser"),
             "PYTHONPATH": str(ROOT), **(env or {})})


def settings(tmp_path: Path, env: dict) -> Path:
    path = tmp_path / "home" / ".claude" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"env": env}, indent=2) + "\n", encoding="utf-8")
    return path


def controls(run: subprocess.CompletedProcess) -> dict[str, str]:
    report = json.loads(run.stdout)
    return {c["id"]: c["status"] for p in report["providers"] for c in p["controls"]}


@pytest.mark.parametrize("env,telemetry", [
    ({"DISABLE_TELEMETRY": "1"}, "off"),
    ({"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}, "off"),
    ({"SOMETHING_ELSE": "1"}, "on"),
], ids=["DISABLE_TELEMETRY", "umbrella", "neither"])
def test_scan_provider_claude_code_json_reads_the_settings_file(tmp_path, env, telemetry):
    settings(tmp_path, env)
    run = scan(tmp_path, "--provider", "claude-code", "--json", "-")
    assert run.returncode == 0, run.stderr  # telemetry is shown, never counted toward the exit code
    assert controls(run)["telemetry"] == telemetry
    umbrella = "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC" in env
    assert controls(run)["bug_command"] == ("off" if umbrella else "on")
    report = json.loads(run.stdout)
    control = report["providers"][0]["controls"][0]
    assert control["fix_path"] == str(tmp_path / "home" / ".claude" / "settings.json")
    assert json.loads(control["fix_snippet"]) == {"env": {"DISABLE_TELEMETRY": "1"}}


def test_a_scan_never_changes_the_settings_files(tmp_path):
    settings(tmp_path, {"DISABLE_TELEMETRY": "0"})  # contested: the scan must still only read
    gemini = tmp_path / "home" / ".gemini" / "settings.json"
    gemini.parent.mkdir(parents=True)
    gemini.write_text('{"usageStatisticsEnabled": true}', encoding="utf-8")
    project = tmp_path / "project" / ".claude" / "settings.local.json"
    project.parent.mkdir(parents=True)
    project.write_text("{ broken", encoding="utf-8")
    before = snapshot(tmp_path / "home"), snapshot(tmp_path / "project")
    run = scan(tmp_path, "--provider", "claude-code", "--provider", "gemini-cli", "--json", "-")
    assert run.returncode == 0, run.stderr
    assert (snapshot(tmp_path / "home"), snapshot(tmp_path / "project")) == before


def test_a_plain_scan_reads_the_installed_local_tools_and_skips_the_others(tmp_path):
    settings(tmp_path, {"DISABLE_TELEMETRY": "1"})  # Claude Code is installed; Gemini CLI is not
    run = scan(tmp_path, "--json", "-")
    ids = [p["id"] for p in json.loads(run.stdout)["providers"]]
    assert ids == ["claude-code"]
    # No account was read (no `untrain login` yet): said, and not verified.
    assert "untrain login" in run.stderr and run.returncode == 2


def test_a_tool_named_but_not_installed_is_not_applicable(tmp_path):
    run = scan(tmp_path, "gemini-cli", "--json", "-")
    assert run.returncode == 0, run.stderr
    provider = json.loads(run.stdout)["providers"][0]
    assert provider["status"] == "not_applicable" and "not installed" in provider["controls"][0]["detail"]


def test_the_demo_reads_sample_files_never_yours(tmp_path):
    settings(tmp_path, {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"})  # "yours": everything off
    run = scan(tmp_path, "--demo", "claude-code", "gemini-cli", "--json", "-")
    assert run.returncode == 0, run.stderr
    assert controls(run) == {"telemetry": "off", "error_reporting": "unknown", "bug_command": "on",
                             "usage_statistics": "on"}
    report = json.loads(run.stdout)
    assert report["demo"] and str(tmp_path) not in json.dumps(report["providers"])


def test_a_local_only_scan_launches_no_browser_and_no_driver(untrain_home, tmp_path, monkeypatch, capsys):
    from checker import cli
    from checker.engine import early_driver
    from checker.engine import sources

    def refuse(*args, **kwargs):
        raise AssertionError("a local-only scan must not start a browser")

    monkeypatch.setattr(sources, "launch", refuse)
    monkeypatch.setattr(sources, "persistent_context", refuse)
    monkeypatch.setattr(early_driver, "playwright", refuse)
    monkeypatch.setattr(early_driver, "start", lambda: None)  # the only driver would be the early one
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("DISABLE_TELEMETRY", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".claude").mkdir()
    assert cli.main(["scan", "claude-code", "gemini-cli", "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in report["providers"]] == ["claude-code", "gemini-cli"]


def test_local_results_are_kept_in_history(tmp_path):
    settings(tmp_path, {"DISABLE_TELEMETRY": "1"})
    assert scan(tmp_path, "claude-code").returncode == 0
    settings(tmp_path, {})
    second = scan(tmp_path, "claude-code")
    assert "Claude Code" in second.stdout and "off → on" in second.stdout  # the diff against the last scan
    history = subprocess.run([sys.executable, "-m", "checker", "history", "--json"], capture_output=True, text=True,
                             env={**os.environ, "UNTRAIN_HOME": str(tmp_path / "untrain")}, cwd=ROOT, timeout=60)
    assert "claude-code" in history.stdout


def test_the_catalogue_lists_local_entries_with_dated_sources():
    from checker.commands.catalog import as_json
    from checker.catalogue.catalog import load_catalog

    entries = {e["id"]: e for e in as_json(load_catalog())}
    for tool in ("claude-code", "gemini-cli"):
        entry = entries[tool]
        assert entry["kind"] == "local" and entry["local"]["sources"]
        assert all(s["date"] for s in entry["sources"])
        assert all(c["fix_snippet"] for c in entry["controls"])


def test_the_extension_data_carries_kind_local_and_each_fix_snippet():
    from checker.catalogue.catalog import load_catalog
    from checker.extension_host.extension_build import catalog_data

    providers = {p["id"]: p for p in catalog_data(load_catalog())["providers"]}
    assert providers["claude-code"]["kind"] == "local"
    snippets = {c["id"]: json.loads(c["fix_snippet"]) for c in providers["claude-code"]["controls"]}
    assert snippets["telemetry"] == {"env": {"DISABLE_TELEMETRY": "1"}}
    assert providers["gemini-cli"]["controls"][0]["fix_snippet"]
    assert providers["chatgpt"]["controls"][0]["fix_snippet"] is None


def test_the_markdown_report_shows_local_tools_and_the_json_to_add(tmp_path):
    settings(tmp_path, {})
    out = tmp_path / "report.md"
    run = scan(tmp_path, "claude-code", "--markdown", str(out))
    assert run.returncode == 0, run.stderr
    text = out.read_text()
    assert "| Claude Code |" in text and '"DISABLE_TELEMETRY": "1"' in text


def test_the_html_report_shows_local_tools_with_the_json_to_add(tmp_path):
    settings(tmp_path, {"DISABLE_TELEMETRY": "1"})
    assert scan(tmp_path, "claude-code").returncode == 0
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "checker", "report", "--html", str(out)], capture_output=True,
                         text=True, env={**os.environ, "UNTRAIN_HOME": str(tmp_path / "untrain")}, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    page = out.read_text()
    assert 'data-provider="claude-code"' in page
    assert "&quot;DISABLE_BUG_COMMAND&quot;: &quot;1&quot;" in page  # on: the JSON to add
    assert "DISABLE_TELEMETRY" not in page  # off: nothing to add
