"""The extension never says "off" beside an unlisted training switch that is on, and tells the
person which one to check (extension/lib/neighbours.js; the scan's side is
tests/engine/test_unlisted_beside.py). The page is the blind Alexa replica's `messages_only`: "Help
improve Alexa" is off, and "Use messages to improve transcriptions", which no shared source lists,
is on for the one person in the household. Driven as a person drives it: popup, "Go to setting".
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import expect

from checker.replicas.site import ReplicaWorld, load_manifest

from .conftest import POPUP, extension_context, open_tab_through_extension
from .replica_server import ReplicaServer, self_signed_cert
from .test_differential import VERDICT_JS

BLIND = Path(__file__).resolve().parents[1] / "blind_replicas"
HOSTS = load_manifest("alexa", BLIND).hosts


@pytest.fixture(scope="module")
def alexa_server(tmp_path_factory):
    cert, key = self_signed_cert(tmp_path_factory.mktemp("tls-alexa"), HOSTS)
    server = ReplicaServer(ReplicaWorld.build({"alexa": "off"}, root=BLIND), cert, key)
    yield server
    server.close()


@pytest.mark.parametrize("state, verdict", [
    ("messages_only", ["unknown", "ambiguous"]),
    ("off", ["off", None]),  # the same page with the second switch off too
])
def test_the_callout_names_the_unlisted_switch_that_is_on(engine, untrain_home, tmp_path, alexa_server, state, verdict):
    server = alexa_server
    server.world = ReplicaWorld.build({"alexa": state}, root=BLIND)

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False, server=server,
                                     hosts=HOSTS) as (context, _):
            popup = await context.new_page()
            await popup.goto(POPUP)
            go = popup.locator("li.provider[data-provider='alexa'] button.go")
            tab = await open_tab_through_extension(context, go.click)
            for _ in range(300):
                try:  # the tab may still be on its way to the page (a redirect)
                    text = await tab.evaluate(VERDICT_JS)
                except PlaywrightError:
                    text = None
                if text and "help_improve" in json.loads(text):
                    # The callout's words are written a moment after its verdict.
                    await expect(tab.locator("#untrain-callout")).to_contain_text("Help improve Alexa")
                    return json.loads(text), await tab.locator("#untrain-callout").inner_text()
                await asyncio.sleep(0.1)
            raise AssertionError("the extension gave no verdict in 30 s")

    said, callout = engine.run(body())
    assert said == {"help_improve": verdict}, callout
    if state == "messages_only":
        assert "Use messages to improve transcriptions" in callout and "is off" not in callout, callout
        assert "Jane Doe" not in callout
    else:
        assert '"Help improve Alexa" is off' in callout, callout
    assert server.world.mutations == []
