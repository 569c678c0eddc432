"""Acceptance 5 (and issue 2's `--har` acceptance): a HAR recorded headless from a replica by this
repo's code replays through `untrain scan --har` (and `untrain paths --har`) to the same statuses
as the routed replica."""

from __future__ import annotations

import argparse
import json
import stat

import pytest

from checker.engine.browser import Session
from checker.engine.sources import PageSource, open_session
from checker.cli import main
from checker.commands import paths as paths_command
from checker.har import replay
from checker.har import record
from checker.qa.paths import PathsOptions, walk_provider
from checker.replicas.site import load_manifest
from checker.engine.runner import ScanOptions, scan_provider

from ..harness import TEST_TIMEOUT, catalog, scan_replica
from ..qa.helpers import providers_with_state
from .make_har import make_har


def statuses(provider: dict) -> list:
    return [provider["status"], provider["reason"]] + [(c["id"], c["status"], c["reason"]) for c in provider["controls"]]


def test_record_then_scan_har_end_to_end(engine, untrain_home, tmp_path, capsys):
    # Both commands exactly as a person runs them: `untrain record --replica`, `untrain scan --har`.
    # The `on` state, so the replay must read a real `on` (exit 1), not fall back to unknown.
    har = tmp_path / "chatgpt-on.har"
    assert make_har("chatgpt", "on", har) == 0
    assert stat.S_IMODE(har.stat().st_mode) == 0o600
    entries = json.loads(har.read_text())["log"]["entries"]
    assert entries and all(e["request"]["url"].startswith("https://chatgpt.com/") for e in entries)
    capsys.readouterr()

    assert main(["scan", "--har", str(har), "--provider", "chatgpt", "--json", "-", "--timeout", "4"]) == 1
    replayed = json.loads(capsys.readouterr().out)["providers"][0]
    assert replayed["source"] == "har"
    routed = scan_replica(engine, "chatgpt", "on")  # also asserts the replica logged no mutation
    assert statuses(replayed) == statuses(json.loads(routed.result.model_dump_json()))
    assert replayed["status"] == "on"


@pytest.mark.parametrize("provider", providers_with_state("off"))
def test_every_replica_replays_from_its_har(engine, tmp_path, provider):
    # Same recorder and the same replay code as the commands, on the shared test browser. The
    # recording itself is a scan of the routed replica, so its result is the routed status.
    entry, har = catalog()[provider], tmp_path / f"{provider}.har"
    recording = engine.run(record(entry, har, replica_state="off", timeout=TEST_TIMEOUT, browser=engine.browser))
    assert recording.mutations == [] and recording.entries > 0
    routed = json.loads(recording.result.model_dump_json())
    assert routed["status"] == "off", routed  # the replica was really read
    replayed, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=replay(har)),
                                           ScanOptions(timeout=TEST_TIMEOUT, source="har")))
    assert statuses(json.loads(replayed.model_dump_json())) == statuses(routed)


def test_paths_walks_a_har(engine, tmp_path):
    # `paths --har` serves the walk from the HAR the same way (checker.commands.paths._source).
    entry, har = catalog()["chatgpt"], tmp_path / "chatgpt.har"
    engine.run(record(entry, har, replica_state="off", timeout=TEST_TIMEOUT, browser=engine.browser))
    source, _ = paths_command._source(entry, argparse.Namespace(har=har, replica_state=None))
    assert source == PageSource(har=har)

    async def walk_it():
        async with open_session(engine.playwright, source, browser=engine.browser) as session:
            return await walk_provider(entry, session, PathsOptions(timeout=2.0))

    result = engine.run(walk_it())
    # The recording followed the deep link; the walk from the start page needs the same app
    # shell, and the menu and tabs are drawn by the page's own script.
    assert result.status == "ok", [s.message() for s in result.steps]
    assert [s.outcome for s in result.steps] == ["found"] * len(entry.scenario.steps)


def test_record_usage_errors(untrain_home, tmp_path):
    assert main(["record", "nope", "--out", str(tmp_path / "x.har")]) == 64
    assert main(["record", "chatgpt", "--out", str(tmp_path / "missing-dir" / "x.har")]) == 64
    assert "no-such-state" not in load_manifest("chatgpt").states
    assert main(["record", "chatgpt", "--replica", "no-such-state", "--out", str(tmp_path / "x.har")]) == 64
