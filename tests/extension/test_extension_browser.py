"""The extension in real headless Chromium: popup, badge, "Go to setting", content script, host.

Each test runs one async body on the session engine's loop (engine.run), with its own profile.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import expect

from checker.store.history import History
from checker.replicas.site import ReplicaWorld
from checker.results import ScanReport, Status

from ..harness import scan_replica
from .conftest import POPUP, bundled_catalog, extension_context, open_tab_through_extension

CHATGPT_DEEP_LINK = "https://chatgpt.com/#settings/DataControls"
LABEL = "Improve the model for everyone"
# Generous: the host is a fresh Python process per message, slow on a loaded CI machine.
WAIT = 30_000


async def badge(worker) -> str:
    return await worker.evaluate("chrome.action.getBadgeText({})")


async def wait_badge(worker, expected: str, tries: int = 300) -> str:
    for _ in range(tries):
        if (text := await badge(worker)) == expected:
            return text
        await asyncio.sleep(0.1)
    return await badge(worker)


async def go_to_setting_from_popup(context):
    """Open the popup and click ChatGPT's "Go to setting": (popup, the tab it opened, the path shown)."""
    popup = await context.new_page()
    await popup.goto(POPUP)
    tab = await open_tab_through_extension(
        context, popup.locator("li.provider[data-provider='chatgpt'] button.go").click)
    path = popup.locator("li.provider[data-provider='chatgpt'] details.path")
    await expect(path).to_have_attribute("open", "")
    return popup, tab, path


async def open_deep_link(context, replica_server, state: str):
    """A tab on ChatGPT's deep link, the replica in `state`, once the extension's callout speaks."""
    replica_server.world = ReplicaWorld.build({"chatgpt": state})
    tab = await context.new_page()
    await tab.goto(CHATGPT_DEEP_LINK)
    await expect(tab.get_by_role("status")).to_contain_text(LABEL, timeout=WAIT)
    return tab


def test_popup_lists_every_provider_without_the_host(engine, untrain_home, tmp_path):
    # Nothing scanned: the providers a scan reads come first, in the catalogue's order; those with
    # no switch to check (advice, no opt-out) fold into their own section after them.
    providers = bundled_catalog()["providers"]
    ids = ([p["id"] for p in providers if p["kind"] in ("page", "local")]
           + [p["id"] for p in providers if p["kind"] not in ("page", "local")])

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, worker):
            page = await context.new_page()
            await page.goto(POPUP)
            hint = page.locator("#hint")
            await expect(hint).to_be_visible()
            await expect(hint).to_contain_text("untrain extension install")
            rows = page.locator("li.provider")
            await expect(rows).to_have_count(len(ids))
            shown = [await r.get_attribute("data-provider") for r in await rows.all()]
            statuses = {r: await page.locator(f"li.provider[data-provider='{r}'] .status").inner_text()
                        for r in ["chatgpt", "claude"]}
            return shown, statuses, await badge(worker)

    shown, statuses, badge_text = engine.run(body())
    assert shown == ids
    assert all("Not scanned yet" in text for text in statuses.values()), statuses
    assert badge_text == ""  # nothing known: no number


def test_popup_shows_recorded_scan_and_badge_counts_on(engine, untrain_home, tmp_path):
    chatgpt = scan_replica(engine, "chatgpt", "on").result
    claude = scan_replica(engine, "claude", "off").result
    report = ScanReport.build([chatgpt, claude])
    with History() as history:
        history.record_scan(report)
    on = sum(1 for p in report.providers for c in p.controls if c.counts_as_on)
    assert on >= 1 and report.summary.off >= 1

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile") as (context, worker):
            # The badge is set when the extension starts, before anyone opens the popup.
            badge_at_start = await wait_badge(worker, str(on))
            page = await context.new_page()
            await page.goto(POPUP)
            row = page.locator("li.provider[data-provider='chatgpt']")
            await expect(row).to_have_attribute("data-status", "on", timeout=WAIT)
            await expect(row.locator(".status")).to_contain_text("Training ON")
            await expect(row.locator("time")).to_have_count(1)
            claude_row = page.locator("li.provider[data-provider='claude']")
            await expect(claude_row).to_have_attribute("data-status", claude.status.value)
            await expect(page.locator("#hint")).to_be_hidden()
            return (await page.locator("li.provider").count(), await wait_badge(worker, str(on)),
                    await row.locator("time").get_attribute("datetime"), badge_at_start)

    count, badge_text, when, badge_at_start = engine.run(body())
    assert badge_at_start == str(on)
    assert count == len(bundled_catalog()["providers"])
    assert badge_text == str(on)
    assert when.startswith(report.generated_at[:10])


def test_popup_says_what_the_host_answered_when_it_cannot_give_statuses(engine, untrain_home, tmp_path):
    # A history written by a newer Untrain: the host is installed and answers, with an error. The
    # popup used to show "Not connected to the Untrain app" and tell the person to install it.
    import sqlite3

    untrain_home.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(untrain_home / "history.sqlite3") as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (99)")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile") as (context, worker):
            popup = await context.new_page()
            await popup.goto(POPUP)
            problem = popup.locator("#host-error")
            await expect(problem).to_be_visible(timeout=WAIT)
            return await problem.inner_text(), await popup.locator("#hint").is_hidden()

    problem, hint_hidden = engine.run(body())
    assert "newer Untrain" in problem and "upgrade untrain" in problem
    assert hint_hidden  # not the "install the app" hint: it is installed


def test_go_to_setting_highlights_exactly_the_control(engine, untrain_home, tmp_path, replica_server):
    replica_server.world = ReplicaWorld.build({"chatgpt": "on"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            _, tab, path = await go_to_setting_from_popup(context)
            path_text = await path.inner_text()
            await tab.wait_for_load_state("domcontentloaded")
            marked = tab.locator("[data-untrain-highlight]")
            await expect(marked).to_have_count(1, timeout=WAIT)
            callout = tab.get_by_role("status")
            await expect(callout).to_contain_text(LABEL)
            await expect(callout).to_contain_text("ON")
            info = await marked.evaluate("""el => ({role: el.getAttribute('role'), name: el.getAttribute('aria-label'),
                checked: el.getAttribute('aria-checked'), focus: document.activeElement.tagName,
                focusInCallout: !!document.activeElement.closest('#untrain-callout'),
                live: document.getElementById('untrain-callout').getAttribute('aria-live'),
                inDialog: !!document.getElementById('untrain-callout').closest('[role=dialog]')})""")
            return tab.url, info, path_text

    url, info, path_text = engine.run(body())
    assert url == CHATGPT_DEEP_LINK
    assert info["role"] == "switch" and info["name"] == LABEL
    assert info["checked"] == "true"  # never clicked: still as the replica started
    assert info["live"] == "polite" and not info["focusInCallout"]
    assert info["inDialog"]  # outside an aria-modal dialog a screen reader would never hear it
    assert "Open Data Controls" in path_text
    assert replica_server.world.mutations == [], replica_server.world.mutations


def test_in_page_readings_reach_history_and_popup(engine, untrain_home, tmp_path, replica_server):
    async def read_in_page(context, state):
        tab = await open_deep_link(context, replica_server, state)
        assert replica_server.world.mutations == [], replica_server.world.mutations
        await tab.close()

    def latest():
        with History() as history:
            return {(s.provider, s.control): s for s in history.latest_controls()}

    async def wait_for_history(status):
        for _ in range(300):
            state = latest().get(("chatgpt", "improve_model"))
            if state and state.status == status:
                return state
            await asyncio.sleep(0.1)
        return latest().get(("chatgpt", "improve_model"))

    async def stays_passive_on_ordinary_pages(context):
        replica_server.world = ReplicaWorld.build({"chatgpt": "on"})
        tab = await context.new_page()
        await tab.goto("https://chatgpt.com/")
        await expect(tab.get_by_role("button", name="open profile menu")).to_be_visible()
        await tab.wait_for_timeout(1500)
        touched = await tab.evaluate("""() => !!document.getElementById('untrain-callout')
            || !!document.querySelector('[data-untrain-highlight]') || !!document.getElementById('profile-menu')""")
        await tab.close()
        return touched

    async def wall_message(context, state):
        replica_server.world = ReplicaWorld.build({"chatgpt": state})
        tab = await context.new_page()
        await tab.goto(CHATGPT_DEEP_LINK)
        callout = tab.locator("#untrain-callout strong")
        await expect(callout).to_be_visible(timeout=WAIT)
        text = (await tab.locator("#untrain-callout").inner_text()).lower()
        assert await tab.locator("[data-untrain-highlight]").count() == 0
        assert replica_server.world.mutations == []
        await tab.close()
        return text

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            assert not await stays_passive_on_ordinary_pages(context)
            assert "sign in first" in await wall_message(context, "signed_out")
            assert "bot check" in await wall_message(context, "bot_check")
            await asyncio.sleep(1)
            # A sign-in or bot wall is explained in the page, never recorded: it says nothing about the
            # account's setting. (A terms pop-up is recorded: test_a_terms_pop_up_in_the_page_...)
            assert latest() == {}
            await read_in_page(context, "on")
            on_state = await wait_for_history(Status.on)
            on_badge = await wait_badge(worker, "1")
            await read_in_page(context, "off")
            off_state = await wait_for_history(Status.off)
            off_badge = await wait_badge(worker, "0")
            popup = await context.new_page()
            await popup.goto(POPUP)
            row = popup.locator("li.provider[data-provider='chatgpt']")
            await expect(row).to_have_attribute("data-status", "off", timeout=WAIT)
            await expect(row.locator(".meta")).to_contain_text("read in the page")
            return on_state, on_badge, off_state, off_badge

    on_state, on_badge, off_state, off_badge = engine.run(body())
    assert on_state.status == Status.on and on_state.source == "extension"
    assert off_state.status == Status.off and off_state.source == "extension"
    assert off_state.label == LABEL
    assert (on_badge, off_badge) == ("1", "0")


def test_in_page_reading_works_for_every_replicated_provider(engine, untrain_home, tmp_path, all_replicas_server):
    """The content script reads every provider's replica with the catalogue's own locator data:
    switches, native checkboxes, selects, chips. Off is recorded only when read; nothing is clicked."""
    server, providers = all_replicas_server
    catalog = bundled_catalog()
    training = {(p["id"], c["id"]) for p in catalog["providers"] for c in p["controls"]
                if c["meaning"] in catalog["counted_meanings"]}
    deep_links = {p["id"]: p["deep_link"] for p in catalog["providers"]}

    def settled(states, provider, state):
        statuses = [s.status.value for c, s in states.items() if (provider, c) in training]
        return bool(statuses) and (set(statuses) == {"off"} if state == "off" else "on" in statuses)

    def recorded(provider):
        with History() as history:
            return {s.control: s for s in history.latest_controls() if s.provider == provider}

    async def body():
        seen = {}
        async with extension_context(engine.playwright, tmp_path / "profile", server=server,
                                     hosts=server.hosts) as (context, worker):
            for provider in providers:
                for state in ("on", "off"):
                    server.world = ReplicaWorld.build({provider: state})
                    tab = await context.new_page()
                    await tab.goto(deep_links[provider])
                    await expect(tab.locator("#untrain-callout strong")).to_be_visible(timeout=WAIT)
                    highlighted = await tab.locator("[data-untrain-highlight]").count()
                    await tab.close()
                    for _ in range(300):  # the reading travels page → service worker → host → history
                        if settled(recorded(provider), provider, state):
                            break
                        await asyncio.sleep(0.1)
                    seen.setdefault(provider, {})[state] = (highlighted, recorded(provider), server.world.mutations)
        return seen

    seen = engine.run(body(), timeout=600)
    for provider in providers:
        for state in ("on", "off"):
            highlighted, states, mutations = seen[provider][state]
            assert mutations == [], (provider, state, mutations)
            assert highlighted >= 1, (provider, state)
            assert states and all(s.source == "extension" for s in states.values()), (provider, state)
            assert settled(states, provider, state), (provider, state, states)


def test_in_page_reading_follows_a_re_rendered_switch(engine, untrain_home, tmp_path, replica_server):
    # The modal replaces its switch with a new element five times after it opens, as a framework
    # re-render does; the reading must follow the locator to the new element, not give up.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await open_deep_link(context, replica_server, "rerendered")
            for _ in range(300):
                with History() as history:
                    states = {s.control: s for s in history.latest_controls() if s.provider == "chatgpt"}
                if "improve_model" in states:
                    break
                await asyncio.sleep(0.1)
            mutations = replica_server.world.mutations
            await tab.close()
            return states.get("improve_model"), mutations

    state, mutations = engine.run(body())
    assert mutations == []
    assert state is not None and (state.status, state.reason) == (Status.on, None), state


def test_in_page_reading_waits_for_the_page_to_load_the_real_setting(engine, untrain_home, tmp_path, replica_server):
    # The modal paints its switch Off at once and loads the person's real setting (On) from a
    # request answered a second later. A reading taken before that request ends is the wrong one:
    # the fixed 0.25 s hold this replaced recorded `off` first, so badge and history said "safe".
    from checker.replicas.site import HYDRATE_SECONDS

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await open_deep_link(context, replica_server, "hydrating")
            switch = tab.get_by_role("switch", name=LABEL)
            # The page has finished hydrating by now; give a late second reading time to arrive.
            await expect(switch).to_have_attribute("aria-checked", "true", timeout=WAIT)
            await asyncio.sleep(HYDRATE_SECONDS)
            with History() as history:
                readings = [(r.control, r.status) for r in history.readings("chatgpt")]
            callout = await tab.locator("#untrain-callout").inner_text()
            mutations = replica_server.world.mutations
            await tab.close()
            return readings, callout, mutations

    readings, callout, mutations = engine.run(body())
    assert mutations == []
    assert readings == [("improve_model", Status.on)], readings
    assert "is ON" in callout


def test_an_opened_path_stays_open_when_the_popup_refreshes(engine, untrain_home, tmp_path, replica_server):
    # The popup re-renders when the statuses arrive and when a scan finishes; the path a person just
    # opened with "Go to setting" must not fold shut under them (a clean-clone CI run caught it).
    replica_server.world = ReplicaWorld.build({"chatgpt": "on"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            popup, _, path = await go_to_setting_from_popup(context)
            before = await path.element_handle()
            # What the service worker says when a scan is done: the popup reloads its statuses.
            await worker.evaluate("chrome.runtime.sendMessage({event: 'scan', stage: 'done'}).catch(() => {})")
            for _ in range(100):  # until the list has been rendered anew
                if not await before.evaluate("el => el.isConnected"):
                    break
                await asyncio.sleep(0.05)
            rerendered = not await before.evaluate("el => el.isConnected")
            return rerendered, await path.get_attribute("open")

    rerendered, is_open = engine.run(body())
    assert rerendered  # the refresh happened, so the check below means something
    assert is_open == ""


def test_scan_now_in_the_popup_runs_a_real_scan_through_the_host(engine, untrain_home, tmp_path, replica_server):
    # The whole chain a person sets off with one click: popup → service worker → native host →
    # `untrain scan --provider chatgpt` in its own headless browser → history → popup and badge.
    # That browser resolves chatgpt.com to the local replica server and nothing else, through a
    # wrapper given as UNTRAIN_BROWSER: the scan itself is the real one, and nothing reaches the network.
    from checker.engine.browser import find_browser

    replica_server.world = ReplicaWorld.build({"chatgpt": "on"})
    wrapper = tmp_path / "chromium-for-the-host"
    wrapper.write_text(
        f'#!/bin/sh\nexec "{find_browser(headless=True)}" "$@" '
        f'"--host-resolver-rules={replica_server.resolver_rules(["chatgpt.com"])}" --ignore-certificate-errors\n')
    wrapper.chmod(0o700)
    profile = untrain_home / "profile"  # as after `untrain login`: a scan refuses an empty profile
    profile.mkdir(parents=True, mode=0o700)
    (profile / "Local State").write_text("{}")

    async def body():
        # The host, and so the scan, inherit the browser's environment.
        async with extension_context(engine.playwright, tmp_path / "ext-profile", server=replica_server,
                                     env={"UNTRAIN_BROWSER": str(wrapper)}) as (context, worker):
            popup = await context.new_page()
            await popup.goto(POPUP)
            row = popup.locator("li.provider[data-provider='chatgpt']")
            await expect(row).to_have_attribute("data-status", "not_scanned", timeout=WAIT)
            await row.locator("button.scan").click()
            await expect(row).to_have_attribute("data-status", "on", timeout=60_000)
            return await row.locator(".meta").inner_text(), await wait_badge(worker, "1")

    meta, badge_text = engine.run(body())
    assert "scan" in meta and "read in the page" not in meta
    assert badge_text == "1"
    with History() as history:
        scans = history.scans()
    assert len(scans) == 1 and scans[0].source == "scan"
    assert {pid: status for pid, (_, status, _) in scans[0].providers.items()} == {"chatgpt": Status.on}
    assert replica_server.world.mutations == []


def test_every_popup_button_says_which_assistant_it_is_for(engine, untrain_home, tmp_path):
    # A screen reader's list of buttons used to read "Go to setting" nine times and "Scan now" six:
    # nothing said which assistant each one was for.
    catalog = bundled_catalog()

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile") as (context, worker):
            popup = await context.new_page()
            await popup.goto(POPUP)
            await expect(popup.locator("button.scan").first).to_be_visible(timeout=WAIT)  # the host answered
            names = await popup.evaluate("""() => [...document.querySelectorAll('button')]
                .map((b) => [b.getAttribute('aria-label') || b.textContent, b.textContent])""")
            go_chatgpt = await popup.get_by_role("button", name="Go to setting: ChatGPT", exact=True).count()
            return names, go_chatgpt

    names, go_chatgpt = engine.run(body())
    accessible = [name for name, _ in names]
    assert len(accessible) == len(set(accessible)), accessible
    assert all(name.startswith(visible) for name, visible in names), names  # the visible words come first
    assert go_chatgpt == 1
    with_links = [p["name"] for p in catalog["providers"] if p["deep_link"]]
    assert all(any(n == f"Go to setting: {p}" for n in accessible) for p in with_links), accessible


def test_a_guided_tab_is_left_alone_once_the_walk_has_answered(engine, untrain_home, tmp_path, replica_server):
    # A tab opened by "Go to setting" stayed guided until it was closed: every later full page load
    # in it (the person going on to their chats) re-ran the walk and opened menus on their pages.
    replica_server.world = ReplicaWorld.build({"chatgpt": "on"})

    async def guided_tabs(worker):
        return await worker.evaluate("chrome.storage.session.get('guided').then((s) => s.guided || {})")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            _, tab, _ = await go_to_setting_from_popup(context)
            await expect(tab.get_by_role("status")).to_contain_text(LABEL, timeout=WAIT)
            for _ in range(100):  # the walk has answered; the content script tells the service worker
                if not (left := await guided_tabs(worker)):
                    break
                await asyncio.sleep(0.1)
            # Count the content script's questions from here on, to know when the next page asked.
            await worker.evaluate("""globalThis.askedGuided = 0; chrome.runtime.onMessage.addListener(
                (m) => { if (m && m.cmd === 'guided?') globalThis.askedGuided += 1; })""")
            await tab.goto("https://chatgpt.com/c/a-conversation")  # a full load: the person's own page
            await expect(tab.get_by_role("button", name="open profile menu")).to_be_visible()
            for _ in range(100):
                if await worker.evaluate("globalThis.askedGuided"):
                    break
                await asyncio.sleep(0.1)
            asked = await worker.evaluate("globalThis.askedGuided")
            answer_then = await guided_tabs(worker)
            touched = await tab.evaluate("""() => !!document.getElementById('untrain-callout')
                || !!document.querySelector('[data-untrain-highlight]') || !!document.getElementById('profile-menu')""")
            return left, asked, answer_then, touched

    left, asked, answer_then, touched = engine.run(body())
    assert left == {}, left
    assert asked >= 1  # the new page did ask, and was told no
    assert answer_then == {}
    assert not touched
    assert replica_server.world.mutations == []


def test_could_not_open_stays_until_the_person_clicks_again(engine, untrain_home, tmp_path):
    # "Could not open …" went into the summary line, which the next re-render (statuses arriving,
    # a scan ending) overwrote at once: the person never learned why no tab opened.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False) as (context, worker):
            popup = await context.new_page()
            await popup.goto(POPUP)
            await expect(popup.locator("body")).to_have_attribute("data-fresh", "true", timeout=WAIT)
            await worker.evaluate("providers.get('chatgpt').deep_link = null")  # opening it now fails
            row = popup.locator("li.provider[data-provider='chatgpt']")
            await row.locator("button.go").click()
            await expect(popup.locator("body")).to_contain_text("Could not open ChatGPT: no deep link for chatgpt")
            # A re-render: the service worker says a scan ended, the popup fetches statuses anew.
            await row.evaluate("(li) => { li.dataset.old = 'yes'; }")
            await worker.evaluate("chrome.runtime.sendMessage({event: 'scan', provider: 'claude', stage: 'done', ok: true})")
            await expect(popup.locator("li.provider[data-old]")).to_have_count(0)
            await expect(popup.locator("body")).to_have_attribute("data-fresh", "true")
            after_render = await popup.locator("body").inner_text()
            shown = await row.locator(".open-error").all_inner_texts()
            if not shown:
                return after_render, shown
            # The person acts (clicks again, and this time it opens): the old error goes.
            await worker.evaluate("providers.get('chatgpt').deep_link = 'https://chatgpt.com/#settings/DataControls'")
            async with context.expect_page():
                await row.locator("button.go").click()
            await expect(row.locator(".open-error")).to_have_count(0)
            return after_render, shown

    after_render, shown = engine.run(body())
    assert "Could not open ChatGPT: no deep link for chatgpt" in after_render
    assert shown == ["Could not open ChatGPT: no deep link for chatgpt"]  # in its row, not the summary
