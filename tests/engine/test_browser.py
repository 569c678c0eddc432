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
