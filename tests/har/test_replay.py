"""Acceptance 5 (and issue 2's `--har` acceptance): a HAR recorded headless from a replica by this
repo's code replays through `untrain scan --har` (and `untrain paths --har`) to the same statuses
as the routed replica."""

from __future__ import annotations

import json
import stat

import pytest

from checker.browser import Session
from checker.cli import main
from checker.commands.scan import _har_prepare
from checker.har import record
from checker.replicas.site import load_manifest
from checker.runner import ScanOptions, scan_provider

from ..harness import TEST_TIMEOUT, catalog, scan_replica
from ..qa.helpers import providers_with_state
from .make_har import make_har


def statuses(provider: dict) -> list:
    return [provider["status"], provider["reason"]] + [(c["id"], c["status"], c["reason"]) for c in provider["controls"]]


@pytest.mark.parametrize("state, code", [("on", 1), ("off", 0)])
def test_record_then_scan_har_end_to_end(engine, untrain_home, tmp_path, capsys, state, code):
    # Both commands exactly as a person runs them: `untrain record --replica`, `untrain scan --har`.
    har = tmp_path / f"chatgpt-{state}.har"
    assert make_har("chatgpt", state, har) == 0
    assert stat.S_IMODE(har.stat().st_mode) == 0o600
    entries = json.loads(har.read_text())["log"]["entries"]
    assert entries and all(e["request"]["url"].startswith("https://chatgpt.com/") for e in entries)
    capsys.readouterr()

    assert main(["scan", "--har", str(har), "--provider", "chatgpt", "--json", "-", "--timeout", "4"]) == code
    replayed = json.loads(capsys.readouterr().out)["providers"][0]
    assert replayed["source"] == "har"
    routed = scan_replica(engine, "chatgpt", state)  # also asserts the replica logged no mutation
    assert statuses(replayed) == statuses(json.loads(routed.result.model_dump_json()))
    assert replayed["status"] == state  # a real reading both ways, not unknown


@pytest.mark.parametrize("provider", providers_with_state("off"))
def test_every_replica_replays_from_its_har(engine, tmp_path, provider):
    # Same recorder and the same replay code as the commands, on the shared test browser.
    entry, har = catalog()[provider], tmp_path / f"{provider}.har"
    recording = engine.run(record(entry, har, replica_state="off", timeout=TEST_TIMEOUT, browser=engine.browser))
    assert recording.mutations == [] and recording.entries > 0
    replayed, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=_har_prepare(har)),
                                           ScanOptions(timeout=TEST_TIMEOUT, source="har")))
    routed = scan_replica(engine, provider, "off")
    assert statuses(json.loads(replayed.model_dump_json())) == statuses(json.loads(routed.result.model_dump_json()))
    assert recording.result.status == routed.result.status


def test_paths_replays_a_har(untrain_home, tmp_path, capsys):
    har = tmp_path / "chatgpt.har"
    assert make_har("chatgpt", "off", har) == 0
    capsys.readouterr()
    # The recording followed the deep link; the QA walk from the start page needs the same
    # app shell, and the profile menu and settings tabs are all drawn by the page's own script.
    code = main(["paths", "--har", str(har), "--provider", "chatgpt", "--json", "-", "--timeout", "2",
                 "--artifacts", str(tmp_path / "art")])
    data = json.loads(capsys.readouterr().out)
    assert data["target"] == "har"
    assert code == 0 and data["providers"][0]["status"] == "ok"


def test_record_usage_errors(untrain_home, tmp_path):
    assert main(["record", "nope", "--out", str(tmp_path / "x.har")]) == 64
    assert main(["record", "chatgpt", "--out", str(tmp_path / "missing-dir" / "x.har")]) == 64
    assert "no-such-state" not in load_manifest("chatgpt").states
    assert main(["record", "chatgpt", "--replica", "no-such-state", "--out", str(tmp_path / "x.har")]) == 64
