"""The popup in real Chromium: it paints the last known state at once and never waits on the native
host (measured with the popup's own performance marks, against a host that takes 3 s to answer);
a last known state is marked as such and never shown as a current "off"; it fits Chrome's 600 px
popup with the demo's states, what needs attention first; local tools show their fix to copy."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.async_api import expect

from .conftest import POPUP, bundled_catalog, extension_context, extension_with_catalog, stand_in_host

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30_000
HOST_DELAY = 3.0  # seconds the stand-in host takes to answer: time to look at the first paint on a loaded machine
FIRST_PAINT_MS = 100  # issue 16: the popup paints from the last known state in under 100 ms
CHROME_POPUP_MAX_PX = 600  # Chrome never makes a popup taller; beyond it the popup scrolls

def status_reply(controls: list[dict]) -> dict:
    return {"ok": True, "type": "status", "controls": controls, "on": 0, "scanning": []}


def state(provider: str, control: str, status: str, reason: str | None = None, *, label: str = "",
          at: str = "2026-12-03T09:00:00+00:00", source: str = "scan") -> dict:
    return {"provider": provider, "control": control, "label": label, "status": status, "reason": reason,
            "detail": None, "at": at, "source": source}


async def wait_for_stored_status(worker, tries: int = 300) -> dict:
    """The last status the service worker kept for the popup (its start-up refresh writes it)."""
    for _ in range(tries):
        kept = (await worker.evaluate("chrome.storage.local.get('lastStatus')")).get("lastStatus")
        if kept:
            return kept
        await asyncio.sleep(0.1)
    raise AssertionError("the service worker never kept a status for the popup")


async def paint_marks(popup) -> dict:
    """The popup's performance marks, by name: start time (ms from navigation start) and detail."""
    return await popup.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('untrain:')).map((m) => [m.name, {at: m.startTime, detail: m.detail}]))""")


async def wait_for_marks(popup, *names: str, tries: int = 300) -> dict:
    for _ in range(tries):
        marks = await paint_marks(popup)
        if all(n in marks for n in names):
            return marks
        await asyncio.sleep(0.05)
    raise AssertionError(f"the popup never set {names}: {await paint_marks(popup)}")


def test_first_paint_shows_the_last_known_state_and_does_not_wait_for_the_host(engine, untrain_home, tmp_path):
    # The popup used to show "Loading…" until a fresh native-host process had answered (about
    # 0.3 s, far longer on a busy machine or with the history locked by a scan).
    profile = tmp_path / "profile"
    stand_in_host(profile, status_reply([state("chatgpt", "improve_model", "on", label="Improve the model for everyone")]),
                  delay=HOST_DELAY)

    async def body():
        async with extension_context(engine.playwright, profile, host=False) as (context, worker):
            kept = await wait_for_stored_status(worker)  # the worker's start-up refresh, HOST_DELAY later
            # The first opening paints the worker's copy; each later one, the popup's own copy of
            # the last current answer it showed (read at once, so the first frame has statuses).
            first_opening = await context.new_page()
            await first_opening.goto(POPUP)
            first_marks = await wait_for_marks(first_opening, "untrain:first-status-paint", "untrain:current-status-paint")
            await first_opening.close()
            popup = await context.new_page()
            await popup.goto(POPUP)
            row = popup.locator("li.provider[data-provider='chatgpt']")
            # Within the host's second: the last known state, marked as such.
            await expect(row).to_have_attribute("data-status", "on")
            await expect(popup.locator("#as-of")).to_be_visible()
            fresh_while_waiting = await popup.evaluate("document.body.dataset.fresh")
            marks = await wait_for_marks(popup, "untrain:first-status-paint", "untrain:current-status-paint",
                                         "untrain:popup-script")
            await expect(popup.locator("#as-of")).to_be_hidden()
            measured = await popup.evaluate("""() => performance.getEntriesByType('measure')
                .filter((m) => m.name.startsWith('untrain:')).map((m) => [m.name, m.duration])""")
            return (kept, fresh_while_waiting, first_marks, marks, dict(measured),
                    await popup.evaluate("document.body.dataset.fresh"))

    kept, fresh_while_waiting, first_marks, marks, measured, fresh_after = engine.run(body())
    first, current = marks["untrain:first-status-paint"], marks["untrain:current-status-paint"]
    print(f"first opening: first status paint {first_marks['untrain:first-status-paint']['at']:.1f} ms "
          f"({first_marks['untrain:first-status-paint']['detail']}), current "
          f"{first_marks['untrain:current-status-paint']['at']:.1f} ms")
    print(f"later opening: first status paint {first['at']:.1f} ms ({first['detail']}), current {current['at']:.1f} ms; "
          f"the popup's script began at {marks['untrain:popup-script']['at']:.1f} ms")
    assert first_marks["untrain:first-status-paint"]["detail"]["via"] == "storage"
    assert first_marks["untrain:first-status-paint"]["at"] < first_marks["untrain:current-status-paint"]["at"]
    assert kept["states"] and kept["states"][0]["status"] == "on"
    assert first["detail"] == {"from": "last-known", "via": "popup", "statuses": 1, "current": False}, first
    # The one measured duration issue 16 asks for, on the part the popup controls: from its first
    # line of script to a frame with statuses. Before that, the browser starts the page, which takes
    # as long for a blank extension page (83-568 ms on a machine at load 20, 70-90 ms when quiet:
    # docs/performance.md); asserting on it would fail on a busy CI machine, not on a slow popup.
    began = marks["untrain:popup-script"]["at"]
    assert first["at"] - began < FIRST_PAINT_MS, (
        f"the popup took {first['at'] - began:.0f} ms from its first line of script to its first status "
        f"paint ({first['at']:.0f} ms from navigation start, of which {began:.0f} ms before its script ran)")
    assert measured["untrain:first-status-paint:from-start"] == pytest.approx(first["at"], abs=0.01)
    assert current["at"] >= HOST_DELAY * 1000  # the current answer came only after the host's delay...
    assert first["at"] < current["at"]  # ...and the first paint did not wait for it
    assert (fresh_while_waiting, fresh_after) == ("false", "true")


def test_a_last_known_off_is_never_shown_as_current(engine, untrain_home, tmp_path):
    # Last known: everything off. The app now answers with an error. While it is asked, the popup
    # must not show a green "Off" or an all-clear; once it answers, it says there is no current status.
    profile = tmp_path / "profile"
    stand_in_host(profile, {"ok": False, "type": "error", "code": "data", "error": "history written by a newer Untrain"},
                  delay=HOST_DELAY)
    everything_off = {"at": "2026-12-03T09:00:00Z", "connected": True, "hostError": False, "error": None, "on": 0,
                      "states": [state("chatgpt", "improve_model", "off"), state("claude", "help_improve", "off")]}

    async def body():
        async with extension_context(engine.playwright, profile, host=False) as (context, worker):
            await wait_for_stored_status(worker)
            await worker.evaluate(f"chrome.storage.local.set({{lastStatus: {json.dumps(everything_off)}}})")
            popup = await context.new_page()
            await popup.goto(POPUP)
            row = popup.locator("li.provider[data-provider='chatgpt']")
            await expect(row).to_have_attribute("data-status", "off")
            await expect(popup.locator("#as-of")).to_be_visible()
            while_stale = {
                "chip": await row.locator(".status").text_content(),  # in the folded "settled" section
                "green": await popup.locator('.status[data-tone="good"]').count(),
                "summary": await popup.locator("#summary").inner_text(),
                "as_of": await popup.locator("#as-of").inner_text(),
            }
            await expect(popup.locator("#host-error")).to_be_visible(timeout=WAIT)
            after = {"status": await row.get_attribute("data-status"),
                     "green": await popup.locator('.status[data-tone="good"]').count(),
                     "summary": await popup.locator("#summary").inner_text(),
                     "badge": await worker.evaluate("chrome.action.getBadgeText({})")}
            return while_stale, after

    while_stale, after = engine.run(body())
    assert while_stale["green"] == 0, while_stale
    assert "Off when last checked" in while_stale["chip"], while_stale
    assert "read as on" not in while_stale["summary"] and "when last checked" in while_stale["summary"], while_stale
    assert "as of" in while_stale["as_of"] and "2026" in while_stale["as_of"], while_stale
    assert after["status"] == "not_scanned" and after["green"] == 0, after  # nothing current backs "off"
    assert "No current status" in after["summary"] and after["badge"] == "!", after


def test_with_no_last_known_state_the_first_paint_claims_nothing(engine, untrain_home, tmp_path):
    profile = tmp_path / "profile"
    stand_in_host(profile, status_reply([]), delay=HOST_DELAY)

    async def body():
        async with extension_context(engine.playwright, profile, host=False) as (context, worker):
            await wait_for_stored_status(worker)
            await worker.evaluate("chrome.storage.local.remove('lastStatus')")
            popup = await context.new_page()
            await popup.goto(POPUP)
            marks = await wait_for_marks(popup, "untrain:first-status-paint")
            chips = await popup.locator("#providers li.provider .status").all_inner_texts()
            summary = await popup.locator("#summary").inner_text()
            await expect(popup.locator("body")).to_have_attribute("data-fresh", "true", timeout=WAIT)
            marks = await wait_for_marks(popup, "untrain:first-status-paint", "untrain:current-status-paint")
            return marks["untrain:first-status-paint"], marks["untrain:current-status-paint"], chips, summary

    first, current, chips, summary = engine.run(body())
    assert first["detail"]["from"] == "nothing", first
    assert first["at"] < current["at"], (first, current)
    assert chips and all("Checking" in c for c in chips), chips  # not "Not scanned yet", not "Off"
    assert summary == "Loading…"


# --- the demo's states, plus entries like those issues 14 and 15 add -------------------------------

def _entry(pid: str, name: str, kind: str, controls=(), deep_link=None, advice=None) -> dict:
    return {"id": pid, "name": name, "kind": kind, "vendor": name, "product": name, "controls": list(controls),
            "deep_link": deep_link, "deep_links": [], "documented_path": ["Open the settings"], "advice": advice,
            "gotchas": [], "hosts": [], "selectors": {}, "steps": [], "start_url": None, "detect": {}}


def _control(cid: str, label: str, meaning: str, fix_path: str = "Settings", fix_snippet: str | None = None) -> dict:
    return {"id": cid, "label": label, "meaning": meaning, "fix_path": fix_path, "readings": [], "aliases": [],
            "risk": "", "severity": "high", **({"fix_snippet": fix_snippet} if fix_snippet else {})}


# Test data shaped like the new catalogue entries (not facts about these tools).
# Test data shaped like the no-switch entries issue 14 adds (not facts about these services): the
# catalogue already has its new pages and the local tools, and `scan --demo` reports them.
EXTRA_PROVIDERS = [
    _entry("zoom", "Zoom", "not_trained"),
    _entry("notion-ai", "Notion AI", "not_trained"),
    _entry("duck-ai", "Duck.ai", "not_trained"),
    _entry("kimi", "Kimi", "no_opt_out"),
    _entry("reddit", "Reddit", "no_opt_out"),
    _entry("slack", "Slack", "advice", advice="Ask your workspace owner to email Slack to opt out."),
]


def extension_with_extra_providers(target: Path, extra_providers: list[dict]) -> Path:
    """A copy of the extension whose catalogue is the bundled one plus those of `extra_providers` it
    does not have yet: room for the entries still to come."""
    def add(catalog):
        known = {p["id"] for p in catalog["providers"]}
        catalog["providers"] += [p for p in extra_providers if p["id"] not in known]

    return extension_with_catalog(target, add)


@pytest.fixture(scope="module")
def demo_states(tmp_path_factory) -> list[dict]:
    """Every control state `untrain scan --demo` reports, as the host's status reply carries them."""
    folder = tmp_path_factory.mktemp("demo")
    report_file = folder / "demo.json"
    env = {**os.environ, "UNTRAIN_HOME": str(folder / "home"), "UNTRAIN_CONFIG_HOME": str(folder / "config")}
    done = subprocess.run([sys.executable, "-m", "checker", "scan", "--demo", "--json", str(report_file)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert report_file.exists(), done.stderr
    report = json.loads(report_file.read_text())
    return [state(p["id"], c["id"], c["status"], c["reason"], label=c["label"], at=report["generated_at"], source="demo")
            for p in report["providers"] for c in p["controls"]]


async def demo_popup(context, scheme: str = "light"):
    popup = await context.new_page()
    await popup.set_viewport_size({"width": 420, "height": CHROME_POPUP_MAX_PX})
    await popup.goto(POPUP)
    await expect(popup.locator("body")).to_have_attribute("data-fresh", "true", timeout=WAIT)
    return popup


def test_the_popup_fits_600_px_with_the_demo_states_attention_first(engine, untrain_home, tmp_path, demo_states):
    # The popup was 1,541 px tall with the demo's states: it scrolled, and an "on" row could sit
    # below the fold. Now what needs attention comes first and the rest folds into two sections.
    profile = tmp_path / "profile"
    extension = extension_with_extra_providers(tmp_path / "extension", EXTRA_PROVIDERS)
    stand_in_host(profile, status_reply(demo_states))
    entries = len(bundled_catalog()["providers"]) + len(EXTRA_PROVIDERS)
    shot = ROOT / "docs" / "popup.png" if os.environ.get("UNTRAIN_UPDATE_DOCS") else tmp_path / "popup.png"

    async def body():
        async with extension_context(engine.playwright, profile, host=False, extension_dir=extension) as (context, worker):
            popup = await demo_popup(context)
            height = await popup.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
            await popup.screenshot(path=str(shot), full_page=True)
            order = await popup.locator("#providers > li.provider").evaluate_all(
                "(rows) => rows.map((r) => [r.dataset.provider, r.dataset.status, r.dataset.rank])")
            folded = {g: await popup.locator(f"#{g} li.provider").evaluate_all("(rows) => rows.map((r) => r.dataset.provider)")
                      for g in ("settled", "no-switch")}
            open_groups = await popup.evaluate("[...document.querySelectorAll('details.group')].filter((d) => d.open).length")
            texts = {pid: await popup.locator(f"li.provider[data-provider='{pid}'] .status").first.text_content()
                     for pid in ("zoom", "claude-code", "chatgpt", "meta-ai")}
            tones = {pid: await popup.locator(f"li.provider[data-provider='{pid}'] .status").first.get_attribute("data-tone")
                     for pid in ("zoom", "claude-code")}
            chatgpt_lines = await popup.locator("li.provider[data-provider='chatgpt'] .controls li").all_inner_texts()
            badge = await worker.evaluate("chrome.action.getBadgeText({})")
            return (height, order, folded, open_groups, texts, tones, chatgpt_lines,
                    await popup.locator("#summary").inner_text(), badge)

    height, order, folded, open_groups, texts, tones, chatgpt_lines, summary, badge = engine.run(body())
    print(f"popup height {height} px with {entries} entries; screenshot {shot}")
    demo = {}
    for s in demo_states:
        demo.setdefault(s["provider"], []).append(s)
    catalog = {p["id"]: p for p in bundled_catalog()["providers"] + EXTRA_PROVIDERS}
    counted = [s for p, states in demo.items() for s in states if s["status"] == "on"
               and next(c["meaning"] for c in catalog[p]["controls"] if c["id"] == s["control"]) == "training"]
    counted_on = {s["provider"] for s in counted}
    assert entries >= 25
    assert height <= CHROME_POPUP_MAX_PX, height
    assert open_groups == 0
    # Attention first: counted "on" (in the catalogue's order), then not verified, then ads or
    # telemetry on; nothing settled in the open list.
    ranks = [int(r) for _, _, r in order]
    assert ranks == sorted(ranks) and max(ranks) < 4, order
    assert [p for p, _, r in order if r == "0"] == [p for p in catalog if p in counted_on], order
    assert [p for p, _, r in order if r == "1"] == ["perplexity"], order
    assert [p for p, _, r in order if r == "2"] == ["claude-code", "gemini-cli"], order
    settled = {p for p, states in demo.items() if p not in counted_on | {"perplexity", "claude-code", "gemini-cli"}
               and catalog[p]["kind"] not in ("advice", "no_opt_out", "not_trained")}
    assert set(folded["settled"]) == settled, folded
    assert set(folded["no-switch"]) == {p for p, e in catalog.items()
                                        if e["kind"] in ("advice", "no_opt_out", "not_trained") and p not in demo}, folded
    assert "Not trained · no switch" in texts["zoom"] and tones["zoom"] == "neutral", (texts, tones)
    assert "Telemetry on" in texts["claude-code"] and "Training" not in texts["claude-code"], texts
    assert tones["claude-code"] != "bad"
    assert "Training ON" in texts["chatgpt"]
    # By meaning: ChatGPT's ads switch named as ads (its training switch is the chip itself).
    assert chatgpt_lines == ["◐ Ads personalisation on: Ad personalization"], chatgpt_lines
    # Counted: the training switches on. Not the ads or telemetry ones.
    assert summary.startswith(f"{len(counted)} training controls still on"), summary
    assert badge == str(len(counted))


def test_a_local_tool_shows_its_fix_to_copy_instead_of_go_to_setting(engine, untrain_home, tmp_path):
    # Claude Code as the demo reads it: telemetry off, error reporting not verified, /bug on.
    profile = tmp_path / "profile"
    stand_in_host(profile, status_reply([
        state("claude-code", "telemetry", "off"), state("claude-code", "error_reporting", "unknown", "ambiguous"),
        state("claude-code", "bug_command", "on"), state("gemini-cli", "usage_statistics", "off")]))
    controls = {c["id"]: c for p in bundled_catalog()["providers"] if p["id"] == "claude-code" for c in p["controls"]}
    wanted = [controls["error_reporting"], controls["bug_command"]]  # not the one verified off

    async def body():
        async with extension_context(engine.playwright, profile, host=False) as (context, _):
            popup = await demo_popup(context)
            row = popup.locator("li.provider[data-provider='claude-code']")
            go = await row.locator("button.go").count()
            await row.locator("details.fix summary").click()
            snippets = await row.locator("pre.snippet").all_text_contents()
            where = await row.locator("details.fix .advice").all_text_contents()
            copy_button = row.get_by_role("button", name=f"Copy fix: Claude Code, {wanted[1]['label']}", exact=True)
            note = copy_button.locator("xpath=following-sibling::p[1]")
            # 1. The clipboard API, allowed.
            await context.grant_permissions(["clipboard-read", "clipboard-write"])
            await copy_button.click()
            await expect(note).to_have_text("Copied.")
            pasted = await popup.evaluate("navigator.clipboard.readText()")
            how = await note.get_attribute("data-how")
            # 2. The clipboard API refused: the text is copied (or at least selected) another way.
            await popup.evaluate("""() => { Object.defineProperty(navigator, 'clipboard', {value: {
                writeText: () => Promise.reject(new Error('refused'))}}); }""")
            await copy_button.click()
            await expect(note).not_to_have_attribute("data-how", "clipboard")
            fallback = {"how": await note.get_attribute("data-how"), "note": await note.inner_text(),
                        "selected": await popup.evaluate("String(getSelection())")}
            gemini_fix = await popup.locator("li.provider[data-provider='gemini-cli'] details.fix").count()
            return go, snippets, where, pasted, how, fallback, gemini_fix

    go, snippets, where, pasted, how, fallback, gemini_fix = engine.run(body())
    assert go == 0
    assert snippets == [c["fix_snippet"] for c in wanted]
    assert where == [c["fix_path"] for c in wanted]
    assert (pasted, how) == (wanted[1]["fix_snippet"], "clipboard")
    assert fallback["how"] in ("command", "selected"), fallback
    assert fallback["selected"].strip() == wanted[1]["fix_snippet"], fallback
    if fallback["how"] == "selected":
        assert "Ctrl+C" in fallback["note"], fallback
    assert gemini_fix == 0  # verified off: nothing to fix


def test_only_training_and_human_review_count_and_not_trained_is_never_a_risk(engine, untrain_home, tmp_path):
    # The contract's counting rule (checker/results.py COUNTED_MEANINGS), as lib/status.js applies
    # it to the badge and the popup: ads and telemetry are shown in their own words, never counted.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, _):
            popup = await context.new_page()
            await popup.goto(POPUP)
            return await popup.evaluate("""() => {
                const S = UntrainStatus;
                const catalog = {providers: [
                  {id: 'x', kind: 'page', controls: ['training', 'human_review', 'ads', 'telemetry'].map((m) => ({id: m, meaning: m}))},
                  {id: 'quiet', kind: 'not_trained', controls: []}]};
                const on = (c) => ({provider: 'x', control: c, status: 'on', at: '2026-12-03T09:00:00Z'});
                const all = ['training', 'human_review', 'ads', 'telemetry'].map(on);
                const uncounted = [on('ads'), on('telemetry')];
                return {
                  counted: S.countOn(catalog, all),
                  reviewOnly: S.badge(catalog, [on('human_review')]).text,
                  uncountedBadge: S.badge(catalog, uncounted),
                  uncountedStatus: S.providerStatus(catalog, 'x', uncounted),
                  uncountedWords: S.describe('on', null, 'ads').text,
                  reviewWords: S.describe('on', null, 'human_review').text,
                  notTrained: S.providerStatus(catalog, 'quiet', []),
                  notTrainedWords: S.describe('not_trained'),
                  readNotTrained: S.mergeStates([{provider: 'quiet', control: 'c', status: 'not_trained', at: 'x'}])[0].status,
                  ranks: [S.rank({status: 'on', meaning: 'training'}), S.rank({status: 'unknown', meaning: 'training'}),
                          S.rank({status: 'on', meaning: 'telemetry'}), S.rank({status: 'not_scanned'}),
                          S.rank({status: 'off'}), S.rank({status: 'not_trained'})],
                };
            }""")

    got = engine.run(body())
    assert got["counted"] == 2
    assert got["reviewOnly"] == "1"
    assert got["uncountedBadge"]["text"] == "0" and "every control read is off" not in got["uncountedBadge"]["title"]
    assert got["uncountedStatus"]["status"] == "on" and got["uncountedStatus"]["meaning"] == "ads"
    assert (got["uncountedWords"], got["reviewWords"]) == ("Ads personalisation on", "Human review ON")
    assert got["notTrained"]["status"] == "not_trained"
    assert got["notTrainedWords"]["text"] == "Not trained · no switch" and got["notTrainedWords"]["tone"] == "neutral"
    assert got["readNotTrained"] == "not_trained"  # a status the host may send, kept, not turned into unknown
    assert got["ranks"] == [0, 1, 2, 3, 4, 4]
