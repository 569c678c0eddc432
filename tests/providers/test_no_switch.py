"""Entries with no switch (fact check 2026-12 §C): documented as not trained (zoom, notion-ai,
duck-ai, apple-intelligence), trained with no opt-out (kimi, reddit), and advice only (slack; and
chatgpt-atlas, a switch in a separate app). None opens a page; "not trained" is never counted."""

import json

from checker.engine.browser import Session
from checker.commands.catalog import as_json
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld
from checker.results import ExitCode, ScanReport, Status, exit_code_for
from checker.engine.runner import ScanOptions, scan

from ..engine.test_cli import untrain
from ..harness import catalog

NOT_TRAINED = ["zoom", "notion-ai", "duck-ai", "apple-intelligence"]
NO_OPT_OUT = ["kimi", "reddit"]
ADVICE = ["slack", "chatgpt-atlas"]


def _scan(engine, ids):
    world = ReplicaWorld.build({})  # no replica at all: anything a scan opened would be refused
    pages = []

    async def prepare(context):
        context.on("page", pages.append)
        await routing.install(context, world)

    results = engine.run(scan(catalog().select(ids), Session(browser=engine.browser, prepare=prepare),
                              ScanOptions(timeout=1)))
    assert world.mutations == []
    return results, pages


def test_not_trained_entries_say_so_plainly_and_are_never_counted(engine):
    results, pages = _scan(engine, NOT_TRAINED)
    assert pages == [], "there is no page to drive, so none is opened"
    assert [(r.id, r.status, r.reason, r.controls) for r in results] == [
        (pid, Status.not_trained, None, []) for pid in NOT_TRAINED]
    assert all(r.detail for r in results), "each says what the vendor documents"
    assert "Terms of Service (§10.4, 2023-08)" in results[0].detail
    report = ScanReport.build(results)
    assert (report.summary.not_trained, report.summary.on, report.summary.unknown) == (4, 0, 0)
    assert report.exit_code == ExitCode.OK


def test_trained_with_no_opt_out_entries_are_no_opt_out(engine):
    results, pages = _scan(engine, NO_OPT_OUT)
    assert pages == []
    assert [(r.id, r.status) for r in results] == [(pid, Status.no_opt_out) for pid in NO_OPT_OUT]
    assert all("no opt-out" in r.detail or "no control" in r.detail for r in results)
    assert exit_code_for(results) == ExitCode.OK


def test_advice_entries_are_never_scanned(engine):
    results, pages = _scan(engine, ADVICE)
    assert (results, pages) == ([], [])


def test_the_catalogue_lists_each_new_entry_with_its_kind_and_dated_sources():
    listed = {e["id"]: e for e in json.loads(json.dumps(as_json(catalog())))}
    kinds = {pid: listed[pid]["kind"] for pid in NOT_TRAINED + NO_OPT_OUT + ADVICE}
    assert kinds == {**dict.fromkeys(NOT_TRAINED, "not_trained"), **dict.fromkeys(NO_OPT_OUT, "no_opt_out"),
                     **dict.fromkeys(ADVICE, "advice")}
    for pid in kinds:
        entry = listed[pid]
        assert entry["advice"] and entry["documented_path"]
        assert all(s["title"] and s["date"] for s in entry["sources"])
        # Each cites the fact check it comes from.
        assert any(s["id"] == "fact-check-2026-12" and s["date"] == "2026-12" for s in entry["sources"])
    assert "email" in listed["slack"]["advice"] and "owner" in listed["slack"]["advice"]


def test_atlas_names_its_training_switch_with_its_meaning_and_source():
    atlas = next(e for e in as_json(catalog()) if e["id"] == "chatgpt-atlas")
    [control] = atlas["controls"]
    assert (control["label"], control["meaning"], control["counted"], control["default"]) == (
        "Include web browsing", "training", True, "off")
    assert "Data controls → Improve the model for everyone → Include web browsing" in control["fix_path"]
    assert any("12574142" in s["title"] for s in atlas["sources"])


def test_scan_demo_includes_them(untrain_home):
    assert set(NOT_TRAINED + NO_OPT_OUT) <= {e.scenario.id for e in catalog().select(None)}
    run = untrain("scan", "--demo", *NOT_TRAINED, *NO_OPT_OUT, "--json", "-", env={"UNTRAIN_HOME": str(untrain_home)})
    report = json.loads(run.stdout)
    statuses = {p["id"]: p["status"] for p in report["providers"]}
    assert statuses == {**dict.fromkeys(NOT_TRAINED, "not_trained"), **dict.fromkeys(NO_OPT_OUT, "no_opt_out")}
    assert report["summary"]["not_trained"] == 4 and report["summary"]["on"] == 0
    assert run.returncode == report["exit_code"] == ExitCode.OK
