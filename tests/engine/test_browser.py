"""Browser start-up: what the scan's Chromium runs besides the pages it reads."""

import pytest


def test_headless_browser_has_no_prewarmed_address_bar_popup(engine):
    # Each context would otherwise start a chrome://omnibox-popup renderer (~0.7 CPU-s) for nothing.
    async def targets():
        context = await engine.browser.new_context()
        page = await context.new_page()
        await page.set_content("<p>x</p>")
        cdp = await engine.browser.new_browser_cdp_session()
        found = (await cdp.send("Target.getTargets"))["targetInfos"]
        await context.close()
        return [t["url"] for t in found]

    urls = engine.run(targets())
    assert "about:blank" in urls  # the page itself is listed, so the listing works
    assert not [u for u in urls if u.startswith("chrome://omnibox-popup")], urls


def test_missing_browser_names_both_ways_to_install(monkeypatch):
    from checker.browser import BrowserNotFound, find_browser

    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")
    with pytest.raises(BrowserNotFound) as exc:
        find_browser()
    assert "playwright install chromium" in str(exc.value) and "apt-get install chromium" in str(exc.value)


def test_a_fresh_session_shares_one_context_and_closes_it_with_its_last_page(engine):
    # Providers scanned at once share one context, as in a profile (a context each cost ~0.1 CPU-s
    # per provider); it is prepared once, and closed when its last page closes, so nothing leaks.
    import asyncio

    from checker.browser import Session

    prepared = []

    async def prepare(context):
        prepared.append(context)

    session = Session(browser=engine.browser, prepare=prepare)

    async def provider(contexts):
        async with session.page() as page:
            contexts.append(page.context)
            await asyncio.sleep(0.05)  # the others open their pages meanwhile

    async def scan_twice():
        before = len(engine.browser.contexts)
        first, second = [], []
        await asyncio.gather(*(provider(first) for _ in range(3)))
        open_after_first = len(engine.browser.contexts) - before
        await provider(second)
        return first, second, open_after_first, len(engine.browser.contexts) - before

    first, second, open_after_first, open_at_end = engine.run(scan_twice())
    assert len(set(first)) == 1 and len(prepared) == 2  # one context for the three, prepared once
    assert second[0] is not first[0]  # a later scan gets a fresh one
    assert open_after_first == 0 and open_at_end == 0
