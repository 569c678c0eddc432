"""Fail closed, in the real extension: the badge and the popup never show "safe", or a count, that
no current answer backs: an unverified control, a native host that errs, answers garbage or too
late, a history deleted or broken after an in-page reading."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys

import pytest
from playwright.async_api import expect

from checker.extension_host.extension_install import write_host
from checker.store.history import FILE_NAME, History
from checker.replicas.site import ReplicaWorld
from checker.results import Status

from .conftest import POPUP, extension_context, stand_in_host
from .test_extension_browser import open_deep_link, wait_badge

CHATGPT_ROW = "li.provider[data-provider='chatgpt']"
WAIT = 30_000

async def badge(worker) -> dict:
    return await worker.evaluate("""(async () => ({text: await chrome.action.getBadgeText({}),
        title: await chrome.action.getTitle({})}))()""")


async def recorded_by_the_host(worker, tries: int = 300) -> None:
    """Until the in-page reading has reached the host's history: the extension drops its own copy
    then (the badge may show the reading a moment earlier, from that copy)."""
    for _ in range(tries):
        if not (await worker.evaluate("chrome.storage.local.get('readings')")).get("readings"):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the reading never reached the host")


async def popup_after_refresh(context):
    """The popup, once it has painted the service worker's current answer (not the last known state
    it paints first)."""
    popup = await context.new_page()
    await popup.goto(POPUP)
    await expect(popup.locator("body")).to_have_attribute("data-fresh", "true", timeout=WAIT)
    return popup


def test_an_unverified_control_is_never_summed_up_as_all_off(engine, untrain_home, tmp_path):
    # The only state known: ChatGPT's switch could not be read (signed out). The badge used to show
    # a green "0" titled "every control read is off".
    with History() as history:
        history.record_reading("chatgpt", "improve_model", Status.unknown, "signed_out")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile") as (context, worker):
            popup = await popup_after_refresh(context)
            await expect(popup.locator(CHATGPT_ROW)).to_have_attribute("data-status", "unknown")
            return await badge(worker), await popup.locator("#summary").inner_text()

    shown, summary = engine.run(body())
    assert shown["text"] == "?", shown
    assert "could not be verified" in shown["title"]
    assert "could not be verified" in summary, summary


def test_a_status_the_extension_does_not_know_is_never_off(engine, untrain_home, tmp_path):
    # A host (a newer app, a damaged history) reports a status word the extension has no meaning
    # for. It used to fall through to "Off" in the popup and a green "0" on the badge.
    reply = {"ok": True, "type": "status", "on": 0, "controls": [
        {"provider": "chatgpt", "control": "improve_model", "status": "safe", "at": "2030-01-01T00:00:00+00:00"}]}
    stand_in_host(tmp_path / "profile", reply)

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, worker):
            popup = await popup_after_refresh(context)
            return await popup.locator(CHATGPT_ROW).get_attribute("data-status"), await badge(worker)

    status, shown = engine.run(body())
    assert status == "unknown"
    assert shown["text"] == "?", shown


def test_a_host_answering_garbage_gives_no_count(engine, untrain_home, tmp_path):
    stand_in_host(tmp_path / "profile", {"ok": True, "type": "status", "controls": "all fine"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, worker):
            popup = await popup_after_refresh(context)
            await expect(popup.locator("#host-error")).to_be_visible()
            return await badge(worker), await popup.locator("#summary").inner_text()

    shown, summary = engine.run(body())
    assert shown["text"] == "!" and "no current status" in shown["title"], shown
    assert "No current status" in summary


def test_a_host_that_never_answers_is_reported_not_waited_for(engine, untrain_home, tmp_path):
    # The popup used to say "Loading…" for ever, and the badge kept whatever it showed before.
    stand_in_host(tmp_path / "profile", None)

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, worker):
            await worker.evaluate("globalThis.UNTRAIN_NATIVE_TIMEOUT_MS = 1500")
            popup = await popup_after_refresh(context)
            await expect(popup.locator("#host-error")).to_contain_text("did not answer")
            return await badge(worker)

    shown = engine.run(body())
    assert shown["text"] == "!", shown


def test_badge_has_no_count_when_the_host_errs_after_an_in_page_reading(engine, untrain_home, tmp_path,
                                                                         replica_server):
    # Read "off" in the page (recorded by the host), then the history becomes unreadable (written by
    # a newer Untrain). The badge used to go on showing a green "0" from the extension's local copy.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await open_deep_link(context, replica_server, "off")
            assert await wait_badge(worker, "0") == "0"
            await tab.close()
            with sqlite3.connect(untrain_home / FILE_NAME) as db:
                db.execute("UPDATE schema_version SET version = 99")
            popup = await popup_after_refresh(context)
            await expect(popup.locator("#host-error")).to_be_visible()
            return await badge(worker), await popup.locator("#summary").inner_text()

    shown, summary = engine.run(body())
    assert shown["text"] == "!", shown
    assert "No training control" not in summary


def test_deleting_the_history_clears_the_badge(engine, untrain_home, tmp_path, replica_server):
    # Read "on" in the page (badge 1), then the person deletes the history. The badge and popup used
    # to keep showing the old reading from the extension's local copy, as if current.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await open_deep_link(context, replica_server, "on")
            assert await wait_badge(worker, "1") == "1"
            await tab.close()
            await recorded_by_the_host(worker)
            for part in untrain_home.glob(f"{FILE_NAME}*"):  # the database and its -wal/-shm files
                part.unlink()
            popup = await popup_after_refresh(context)
            await expect(popup.locator(CHATGPT_ROW)).to_have_attribute("data-status", "not_scanned")
            return await badge(worker)

    shown = engine.run(body())
    assert shown["text"] == "", shown


def test_a_newer_scan_reaches_the_badge_without_opening_the_popup(engine, untrain_home, tmp_path):
    # A scheduled scan writes history behind the browser's back. The badge used to keep the older
    # count until the browser restarted or the popup was opened.
    with History() as history:
        history.record_reading("chatgpt", "improve_model", Status.on, source="scan")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile") as (context, worker):
            assert await wait_badge(worker, "1") == "1"
            with History() as history:  # what a scheduled scan finds later: switched off
                history.record_reading("chatgpt", "improve_model", Status.off, source="scan")
            schedule = await worker.evaluate("chrome.alarms.get('refresh')")
            # Fire that alarm now rather than in 5 minutes (unpacked extensions may fire this soon).
            await worker.evaluate("chrome.alarms.create('refresh', {delayInMinutes: 0.01})")
            return schedule, await wait_badge(worker, "0")

    schedule, later = engine.run(body())
    assert schedule and schedule["periodInMinutes"] == 5, schedule
    assert later == "0"


# A stand-in host that keeps every message it gets (to see what the extension sends) and answers
# each as the real host would, with nothing recorded.
LOGGING_HOST = """#!{python}
import json, struct, sys
with open({log!r}, "ab") as log:
    while True:
        head = sys.stdin.buffer.read(4)
        if len(head) < 4:
            break
        body = sys.stdin.buffer.read(struct.unpack("=I", head)[0])
        log.write(body + b"\\n")
        log.flush()
        kind = json.loads(body)["type"]
        reply = {{"ok": True, "type": "recorded" if kind == "record_reading" else kind, "controls": [], "on": 0}}
        data = json.dumps(reply).encode()
        sys.stdout.buffer.write(struct.pack("=I", len(data)) + data)
        sys.stdout.buffer.flush()
"""


def test_a_reading_sends_the_page_without_its_query(engine, untrain_home, tmp_path, replica_server):
    # The content script used to send location.href, query and all (tokens, search terms) to the
    # host; only the host's own clean-up kept it out of the history.
    profile, log = tmp_path / "profile", tmp_path / "host-messages.log"
    files = write_host(profile / "NativeMessagingHosts")
    files.launcher.write_text(LOGGING_HOST.format(python=sys.executable, log=str(log)))
    replica_server.world = ReplicaWorld.build({"chatgpt": "on"})

    async def body():
        async with extension_context(engine.playwright, profile, host=False, server=replica_server) as (context, worker):
            tab = await context.new_page()
            await tab.goto("https://chatgpt.com/?ref=secret-token#settings/DataControls")
            await expect(tab.get_by_role("status")).to_contain_text("is ON", timeout=WAIT)
            for _ in range(300):
                if log.exists() and b"record_reading" in log.read_bytes():
                    break
                await asyncio.sleep(0.1)

    engine.run(body())
    sent = [json.loads(line) for line in log.read_text().splitlines()]
    [reading] = [m for m in sent if m["type"] == "record_reading"]
    assert reading["url"] == "https://chatgpt.com/", reading
    assert "secret-token" not in log.read_text()


CLAUDE_DEEP_LINK = "https://claude.ai/settings/data-privacy-controls"


async def latest_state(provider: str, control: str, status: str, tries: int = 300):
    """The history's latest state of one control, once it has `status` (or whatever it is after ~30 s)."""
    def latest():
        with History() as history:
            return next((s for s in history.latest_controls() if (s.provider, s.control) == (provider, control)), None)

    for _ in range(tries):
        state = latest()
        if state and state.status == status:
            return state
        await asyncio.sleep(0.1)
    return latest()


def test_a_terms_pop_up_in_the_page_replaces_an_earlier_off(engine, untrain_home, tmp_path, all_replicas_server):
    # Claude's terms pop-up (its own training toggle on, so accepting it as shown opts in) covers
    # the privacy page. The page explained it, but nothing was recorded: the popup and badge went
    # on showing the earlier scan's "Off" while the page warned.
    server, _ = all_replicas_server
    with History() as history:
        history.record_reading("claude", "help_improve", Status.off, source="scan")
    server.world = ReplicaWorld.build({"claude": "terms_pending"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=server,
                                     hosts=server.hosts) as (context, worker):
            tab = await context.new_page()
            await tab.goto(CLAUDE_DEEP_LINK)
            await expect(tab.locator("#untrain-callout")).to_contain_text("terms pop-up", timeout=WAIT)
            state = await latest_state("claude", "help_improve", Status.unknown)
            popup = await popup_after_refresh(context)
            await expect(popup.locator("li.provider[data-provider='claude']")).to_have_attribute(
                "data-status", "unknown", timeout=WAIT)
            return state, await badge(worker)

    state, shown = engine.run(body())
    assert (state.status, state.reason, state.source) == (Status.unknown, "pending_consent", "extension"), state
    assert shown["text"] == "?", shown
    assert server.world.mutations == []  # nothing accepted, nothing flipped


def test_a_plan_without_the_setting_is_not_applicable_as_in_the_scan(engine, untrain_home, tmp_path,
                                                                      all_replicas_server):
    # GitHub Copilot Business hides the training setting and says so on the page. The scan records
    # not_applicable; the extension used to walk on, miss the control and say nothing.
    server, _ = all_replicas_server
    server.world = ReplicaWorld.build({"github-copilot": "business"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=server,
                                     hosts=server.hosts) as (context, worker):
            tab = await context.new_page()
            await tab.goto("https://github.com/settings/copilot/features")
            await expect(tab.locator("#untrain-callout")).to_contain_text("does not apply", timeout=WAIT)
            return await latest_state("github-copilot", "model_training", Status.not_applicable)

    state = engine.run(body())
    assert (state.status, state.reason, state.source) == (Status.not_applicable, None, "extension"), state
    assert server.world.mutations == []


class OddSwitchPage:
    """ChatGPT's settings modal, its switch's aria-checked holding what no reading knows: a long
    page-made value (it could be anything the page put there)."""
    ODD = "x" * 600

    def handle(self, method, url, headers, body):
        from checker.replicas.site import Response

        html = f"""<!doctype html><title>ChatGPT</title>
            <div role="dialog" aria-modal="true" aria-label="Settings">
              <button type="button">Improve the model for everyone On</button>
              <button type="button" role="switch" aria-label="Improve the model for everyone"
                      aria-checked="{self.ODD}"></button>
            </div>"""
        return Response(200, {"content-type": "text/html; charset=utf-8"}, html.encode())

    mutations: list = []


def test_an_odd_value_read_in_the_page_is_recorded_shortened(engine, untrain_home, tmp_path, replica_server):
    # The reading's detail quoted the page's value whole; over the host's 500-character cap the
    # host refused the whole reading, so the odd switch was never recorded as unknown.
    before = replica_server.world
    replica_server.world = OddSwitchPage()

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await context.new_page()
            await tab.goto("https://chatgpt.com/#settings/DataControls")
            await expect(tab.locator("#untrain-callout")).to_contain_text("could not read it", timeout=WAIT)
            return await latest_state("chatgpt", "improve_model", Status.unknown)

    try:
        state = engine.run(body())
    finally:
        replica_server.world = before
    assert state is not None and (state.status, state.reason) == (Status.unknown, "error"), state
    assert OddSwitchPage.ODD not in state.detail
    assert "x" * 40 in state.detail and "…" in state.detail and len(state.detail) < 120, state.detail


# A stand-in host for "Scan now": answers `status` as the real host does (nothing recorded yet),
# accepts the scan, then ends it the way MODE says, never with `scan_done`.
SCAN_HOST = """#!{python}
import json, struct, sys
MODE = {mode!r}

def send(message):
    data = json.dumps(message).encode()
    sys.stdout.buffer.write(struct.pack("=I", len(data)) + data)
    sys.stdout.buffer.flush()

head = sys.stdin.buffer.read(4)
kind = json.loads(sys.stdin.buffer.read(struct.unpack("=I", head)[0]))["type"]
if kind != "scan":
    send({{"ok": True, "type": kind, "controls": [], "on": 0, "scanning": []}})
    sys.exit(0)
send({{"ok": True, "type": "scan_progress", "provider": "chatgpt", "stage": "started"}})
if MODE == "null":
    send(None)
if MODE in ("null", "silent"):
    sys.stdin.buffer.read()  # keep the port open until the browser lets go
"""


@pytest.mark.parametrize(("mode", "reason"), [
    ("exits", "closed the connection"),   # the host ends mid-scan
    ("null", "no usable reply"),          # a `null` message used to throw in the listener
    ("silent", "did not finish within"),  # no answer ever: the extension's own time limit
])
def test_scan_now_always_ends_with_a_clear_state_in_the_popup(engine, untrain_home, tmp_path, mode, reason):
    # However the host's port ends, the popup used to hear nothing and stay on "Scanning…".
    profile = tmp_path / "profile"
    files = write_host(profile / "NativeMessagingHosts")
    files.launcher.write_text(SCAN_HOST.format(python=sys.executable, mode=mode))

    async def body():
        async with extension_context(engine.playwright, profile, host=False) as (context, worker):
            await worker.evaluate("globalThis.UNTRAIN_SCAN_TIMEOUT_MS = 3000")
            popup = await popup_after_refresh(context)
            row = popup.locator(CHATGPT_ROW)
            await row.locator("button.scan").click()
            await expect(row.locator(".scan-error")).to_contain_text(reason, timeout=WAIT)
            button = row.locator("button.scan")
            await expect(button).to_have_text("Scan now")
            await expect(button).to_be_enabled()
            return await row.locator(".scan-error").inner_text()

    shown = engine.run(body())
    assert "Scan failed" in shown, shown
