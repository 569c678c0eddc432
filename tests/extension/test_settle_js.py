"""extension/lib/settle.js words failed data requests as the scan does (settle.py NetworkActivity.failures):
the content script's "why the target is missing" and the settle judge both use this one wording."""

from __future__ import annotations

from checker.extension_host.extension_build import EXTENSION_DIR

ONE = ["/backend-api/settings/user (it answered 500)"]
THREE = [*ONE, "/backend-api/me (it answered 502)", "/backend-api/models (it answered 503)"]


def test_failed_requests_are_named_first_and_counted(engine):
    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content("<!doctype html><title>t</title>")
            await page.add_script_tag(path=str(EXTENSION_DIR / "lib" / "settle.js"))
            return await page.evaluate("(lists) => lists.map((l) => globalThis.UntrainSettle.failedWords(l))",
                                       [ONE, THREE])
        finally:
            await context.close()

    assert engine.run(body()) == ["/backend-api/settings/user (it answered 500)",
                                  "/backend-api/settings/user (it answered 500) and 2 more"]
