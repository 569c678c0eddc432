"""The replicas' mutation log sees every kind of write, so that the empty log every scan test
asserts (tests/harness.py) means the scan wrote nothing, not that the write went unseen.

Each case makes one write in real Chromium, the way a person (or a misbehaving scan) would, and
checks it was logged: a click, a keyboard toggle, a select change, a menu choice, a page's own
fetch or beacon, a write to a host that has no replica, and a switch flipped on a first-run screen.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from checker.replicas import routing
from checker.replicas.site import ReplicaWorld


async def _space(page, locator):
    await locator.focus()
    await page.keyboard.press("Space")


async def _fetch(page, url, method="POST"):
    # The page's own script; a refused request rejects, which is not this test's business.
    await page.evaluate("""([url, method]) => fetch(url, {method, body: 'x=1'}).catch(() => null)""",
                        [url, method])


CASES = {
    "click on a switch": ("claude", "off", "https://claude.ai/settings/data-privacy-controls",
                          lambda page: page.get_by_role("switch", name="Help improve our AI models").click()),
    "Space on a switch": ("claude", "off", "https://claude.ai/settings/data-privacy-controls",
                          lambda page: _space(page, page.get_by_role("switch", name="Help improve our AI models"))),
    "Space on a native checkbox": ("grok-x", "off", "https://x.com/settings/grok_settings",
                                   lambda page: _space(page, page.locator("input[type=checkbox]").first)),
    "a select's option chosen": ("github-copilot", "off", "https://github.com/settings/copilot/features",
                                 lambda page: page.get_by_role(
                                     "combobox", name="Allow GitHub to use my data for AI model training"
                                 ).select_option("Enabled")),
    "a switch in an open shadow root": ("copilot", "off", "https://copilot.microsoft.com/",
                                        None),  # reached through the profile path below
    "Space on a switch in an open shadow root": ("copilot", "off", "https://copilot.microsoft.com/", None),
    "a chip's menu item": ("gemini", "on", "https://myactivity.google.com/product/gemini", None),
    "Space on an ARIA checkbox": ("gemini", "off", "https://myactivity.google.com/product/gemini",
                                  lambda page: _space(page, page.get_by_role(
                                      "checkbox", name="Improve Google services with your audio and Gemini Live videos & screenshares"))),
    "a beacon": ("chatgpt", "off", "https://chatgpt.com/",
                 lambda page: page.evaluate("navigator.sendBeacon('/backend-api/settings/user', 'x')")),
    "a fetch PATCH to the provider's API": ("chatgpt", "off", "https://chatgpt.com/",
                                            lambda page: _fetch(page, "/backend-api/settings/account_user_setting"
                                                                      "?feature=training_allowed&value=true",
                                                                "PATCH")),
    "a POST to an unknown replica endpoint": ("chatgpt", "off", "https://chatgpt.com/",
                                              lambda page: _fetch(page, "/__replica__/settings-v2")),
    "a POST to a host with no replica": ("chatgpt", "off", "https://chatgpt.com/",
                                         lambda page: _fetch(page, "https://api.openai.com/v1/settings")),
    "a switch on Claude's first-run screen": ("claude", "onboarding", "https://claude.ai/settings/data-privacy-controls",
                                              lambda page: page.get_by_role(
                                                  "switch", name="Help improve our AI models").click()),
}


async def _copilot_switch(page):
    await page.get_by_role("button", name="Profile").click()
    await page.get_by_role("menuitem", name="Jane Doe").click()
    await page.get_by_role("tab", name="Privacy").click()
    await page.get_by_role("switch", name="Training on conversation activity").click()


async def _copilot_switch_by_keyboard(page):
    await page.get_by_role("button", name="Profile").click()
    await page.get_by_role("menuitem", name="Jane Doe").click()
    await page.get_by_role("tab", name="Privacy").click()
    await _space(page, page.get_by_role("switch", name="Training on conversation activity"))


async def _gemini_menu(page):
    await page.get_by_role("button", name="Turn off your Keep Activity setting").click()
    await page.get_by_role("menuitem", name="Turn off", exact=True).click()


ACTIONS = {"a switch in an open shadow root": _copilot_switch,
           "Space on a switch in an open shadow root": _copilot_switch_by_keyboard,
           "a chip's menu item": _gemini_menu}


@pytest.mark.parametrize("case", list(CASES))
def test_the_mutation_log_sees_the_write(engine, case):
    provider, state, url, action = CASES[case]
    action = action or ACTIONS[case]
    world = ReplicaWorld.build({provider: state})

    async def run():
        context = await engine.browser.new_context()
        try:
            await routing.install(context, world)
            page = await context.new_page()
            await page.goto(url)
            await page.wait_for_load_state("load")
            assert world.mutations == [], "the page wrote something by merely loading"
            await action(page)
            deadline = time.monotonic() + 3
            while not world.mutations and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return list(world.mutations)
        finally:
            await context.close()

    mutations = engine.run(run())
    assert mutations, f"{case}: the write was not logged"
