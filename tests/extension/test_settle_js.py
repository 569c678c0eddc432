"""extension/lib/settle.js words failed data requests as the scan does (settle.py NetworkActivity.failures):
the content script's "why the target is missing" and the settle judge both use this one wording."""

from __future__ import annotations

from .conftest import page_with_scripts

ONE = ["/backend-api/settings/user (it answered 500)"]
THREE = [*ONE, "/backend-api/me (it answered 502)", "/backend-api/models (it answered 503)"]


def test_failed_requests_are_named_first_and_counted(engine):
    async def body():
        async with page_with_scripts(engine, "lib/settle.js") as page:
            return await page.evaluate("(lists) => lists.map((l) => globalThis.UntrainSettle.failedWords(l))",
                                       [ONE, THREE])

    assert engine.run(body()) == ["/backend-api/settings/user (it answered 500)",
                                  "/backend-api/settings/user (it answered 500) and 2 more"]
