"""The extension reads in place by the scan's rules (issue 13): a reading needs its data, a control
must hold still, and an unlisted modal is a stop sign. ChatGPT's replica paints its switch Off
while the account is ON; the extension must record `unknown` with the reason, never `off`."""

from __future__ import annotations

import pytest

from checker.store.history import History
from checker.replicas.site import ReplicaWorld
from checker.results import Status

from .conftest import extension_context
from .test_extension_browser import CHATGPT_DEEP_LINK
from .test_extension_fail_closed import latest_state


@pytest.mark.parametrize("state, reason, said", [
    ("settings_fail", "error", "/backend-api/settings/user (it answered 500)"),
    ("settings_abort", "error", "/backend-api/settings/user"),
    # The page never asks for the setting: its switch is a placeholder (the scan's second witness;
    # the differential test found the extension reading it as off).
    ("settings_missing", "error", "never loaded its settings from /backend-api/settings/user"),
    ("flicker", "timeout", "would not settle"),
    ("vanish", "error", "disappeared"),
    ("terms_update", "pending_consent", "We updated our Terms"),
])
def test_a_fault_in_the_page_is_recorded_unknown_never_off(engine, untrain_home, tmp_path, replica_server,
                                                           state, reason, said):
    replica_server.world = ReplicaWorld.build({"chatgpt": state})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await context.new_page()
            await tab.goto(CHATGPT_DEEP_LINK)
            found = await latest_state("chatgpt", "improve_model", Status.unknown, tries=250)
            await tab.close()
            return found

    found = engine.run(body())
    assert replica_server.world.mutations == []  # nothing accepted, nothing flipped
    assert found is not None and (found.status, found.reason) == (Status.unknown, reason), found
    assert said in (found.detail or ""), found.detail


def read_the_slow_page(engine, tmp_path, replica_server, waited_for: Status, while_loading: str | None = None):
    """Open ChatGPT's deep link with its settings request answered after 3.5 s (running
    `while_loading` in the service worker once the page has committed): the latest state once it
    is `waited_for`, and every reading recorded, newest first."""
    replica_server.world = ReplicaWorld.build({"chatgpt": "hydrating_very_slowly"})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=replica_server) as (context, worker):
            tab = await context.new_page()
            await tab.goto(CHATGPT_DEEP_LINK, wait_until="commit" if while_loading else "load")
            if while_loading:
                await worker.evaluate(while_loading)
            found = await latest_state("chatgpt", "improve_model", waited_for, tries=250)
            await tab.close()
            with History() as history:
                readings = [(r.control, r.status) for r in history.readings("chatgpt")]
            return found, readings

    found, readings = engine.run(body())
    assert replica_server.world.mutations == []
    return found, readings


def test_a_settings_request_slower_than_three_seconds_is_waited_for(engine, untrain_home, tmp_path, replica_server):
    # The service worker stopped counting a request after 3 s, and the placeholder Off was recorded.
    found, readings = read_the_slow_page(engine, tmp_path, replica_server, Status.on)
    assert found is not None and (found.status, found.reason) == (Status.on, None), found
    # Only that: a placeholder `off` recorded first (and corrected later) would have shown "safe".
    assert readings == [("improve_model", Status.on)], readings


def test_a_page_that_began_loading_before_the_worker_watched_is_unknown_never_off(engine, untrain_home, tmp_path,
                                                                                   replica_server):
    # A service worker that starts (or restarts) after a page began loading never saw its document or
    # its settings request: it answered "nothing pending" and the placeholder Off was recorded. Here
    # the worker's memory of the tab is wiped while the settings request is open, which is what a
    # worker that was not yet listening, or was stopped and started again, knows of it.
    found, readings = read_the_slow_page(engine, tmp_path, replica_server, Status.unknown,
                                         while_loading="traffic.clear()")
    assert readings == [("improve_model", Status.unknown)], readings
    assert found is not None and (found.status, found.reason) == (Status.unknown, "error"), found
    assert "reload the page" in (found.detail or ""), found.detail
