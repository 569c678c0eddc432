"""extension/lib/page_provider.js: which catalogue entry a page belongs to. The content script and
the service worker both ask it, so a page reads and reports for one provider only, also where two
entries share a host (Gemini and Web & App Activity on myactivity.google.com)."""

from __future__ import annotations

from .conftest import bundled_catalog, page_with_scripts

URLS = {
    "https://myactivity.google.com/activitycontrols": "google-web-activity",
    "https://myactivity.google.com/activitycontrols/": "google-web-activity",
    "https://myactivity.google.com/product/gemini?utm_source=gemini": "gemini",
    "https://myactivity.google.com/": "gemini",  # no deep link here: the first entry, as before
    "https://chatgpt.com/#settings/DataControls": "chatgpt",
    "https://www.linkedin.com/feed/": "linkedin",
    "https://example.com/": None,
}


def test_each_page_belongs_to_one_provider_by_host_then_deep_link(engine):
    catalog = bundled_catalog()

    async def body():
        async with page_with_scripts(engine, "lib/page_provider.js") as page:
            return await page.evaluate("""([catalog, urls]) => Object.fromEntries(urls.map((u) => {
                const p = globalThis.UntrainPageProvider(catalog, u);
                return [u, p ? p.id : null];
            }))""", [catalog, list(URLS)])

    assert engine.run(body()) == URLS
