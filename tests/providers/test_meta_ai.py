"""Meta AI (no toggle: `no_opt_out` with advice) and the advice-only entries (never driven)."""

import json

from checker.engine.browser import Session
from checker.commands.catalog import as_json
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld
from checker.results import ExitCode, Status, exit_code_for
from checker.engine.runner import ScanOptions, scan

from ..harness import catalog

ADVICE_IDS = ["chatgpt-voice", "copilot-voice", "gemini-api", "google-workspace-gemini"]


def _scan(engine, ids):
    world = ReplicaWorld.build({})  # no replica at all: anything a scan opened would be refused
    pages = []

    async def prepare(context):
        context.on("page", pages.append)
        await routing.install(context, world)

    entries = catalog().select(ids)
    results = engine.run(scan(entries, Session(browser=engine.browser, prepare=prepare), ScanOptions(timeout=1)))
    assert world.mutations == []
    return results, pages


def test_meta_ai_scans_as_no_opt_out_with_advice(engine):
    results, pages = _scan(engine, ["meta-ai"])
    (meta,) = results
    assert (meta.status, meta.reason, meta.controls) == (Status.no_opt_out, None, [])
    assert pages == [], "there is no page to drive, so none is opened"
    # The advice names both levers: deleting chats, and the right-to-object forms.
    assert "delete all chats" in meta.detail
    assert "Right to object" in meta.detail
    assert "https://www.facebook.com/help/contact/6359191084165019" in meta.detail
    assert exit_code_for(results) == ExitCode.OK


def test_advice_entries_are_never_scanned_but_are_catalogued(engine):
    results, pages = _scan(engine, ["meta-ai", *ADVICE_IDS])
    assert [r.id for r in results] == ["meta-ai"]
    assert pages == []
    listed = {e["id"]: e for e in json.loads(json.dumps(as_json(catalog())))}
    for advice_id in ADVICE_IDS:
        entry = listed[advice_id]
        assert entry["kind"] == "advice" and entry["advice"] and entry["documented_path"]
        assert all(s["title"] and s["date"] for s in entry["sources"])
    assert "Gemini conversation history" in " ".join(listed["google-workspace-gemini"]["documented_path"])
    assert "Include your audio recordings" in listed["chatgpt-voice"]["advice"]
    assert "Training on voice conversations" in listed["copilot-voice"]["advice"]
