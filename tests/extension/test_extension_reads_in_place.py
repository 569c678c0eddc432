"""The extension reads a settings page the person reached by hand (issue 12, point 8). Microsoft
Copilot has no deep link, so "Go to setting" cannot land on its switch; a person who opens the
settings panel themselves must still get a reading. On such a page the extension clicks nothing:
it waits until the switch is on screen, then reads it as a guided walk would."""

from __future__ import annotations

import asyncio

import pytest

from checker.store.history import History
from checker.replicas.site import ReplicaWorld, load_manifest
from checker.results import Status

from .conftest import extension_context
from .replica_server import ReplicaServer, self_signed_cert

HOSTS = load_manifest("copilot").hosts
COUNTED = ("conversation_training", "voice_training")


@pytest.fixture(scope="module")
def copilot_server(tmp_path_factory):
    cert, key = self_signed_cert(tmp_path_factory.mktemp("tls-copilot"), HOSTS)
    server = ReplicaServer(ReplicaWorld.build({"copilot": "on"}), cert, key)
    yield server
    server.close()


def extension_readings() -> dict:
    with History() as history:
        return {s.control: s for s in history.latest_controls() if s.provider == "copilot" and s.source == "extension"}


@pytest.mark.parametrize("state, expected", [("on", Status.on), ("off", Status.off)])
def test_a_switch_the_person_opened_by_hand_is_read(engine, untrain_home, tmp_path, copilot_server, state, expected):
    copilot_server.world = ReplicaWorld.build({"copilot": state})

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=copilot_server,
                                     hosts=HOSTS) as (context, worker):
            tab = await context.new_page()
            loads = []
            tab.on("framenavigated", lambda frame: frame == tab.main_frame and loads.append(frame.url))
            await tab.goto("https://copilot.microsoft.com/")  # typed by the person: no deep link, no guide
            await tab.get_by_role("button", name="Profile", exact=True).wait_for()
            await asyncio.sleep(2)
            # Nothing is clicked for the person and nothing is said before the switch shows.
            before = (extension_readings(), await tab.get_by_role("menu").count(), list(loads))
            # The person opens the panel: profile icon, their name, Privacy.
            await tab.get_by_role("button", name="Profile", exact=True).click()
            await tab.get_by_role("menuitem", name="Manage profile").click()
            await tab.get_by_role("tab", name="Privacy", exact=True).click()
            for _ in range(100):
                after = extension_readings()
                if all(c in after for c in COUNTED):
                    break
                await asyncio.sleep(0.1)
            return before, after

    (readings_before, menus_before, loads_before), after = engine.run(body())
    assert readings_before == {} and menus_before == 0 and len(loads_before) == 1
    assert {c: (after[c].status, after[c].reason) for c in COUNTED if c in after} == {c: (expected, None) for c in COUNTED}
    assert copilot_server.world.mutations == []  # the person's own clicks open a panel; nothing flips
