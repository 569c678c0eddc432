"""Which wall is showing (extension/lib/walls.js), decided once for both hosts: a bot check, a
consent wall, a terms pop-up, a sign-in page, a plan without the setting, in that order. The scan's
Walk.check_page and the extension's content script both ask it, and only act on the answer.

A marker is there when anything fits it: two "Log in" buttons are still a sign-in page. The
extension used to count a marker only when it matched exactly once, so on such a page it waited for
the setting and said the page had changed, where the scan said "signed out"."""

from __future__ import annotations

import inspect
import json
import re

from playwright.async_api import expect

from checker.extension_host.extension_build import EXTENSION_DIR
from checker.engine import page_modules
from checker.replicas.site import ReplicaWorld

from .conftest import extension_context, extension_with_provider, page_with_scripts

CHATGPT_DEEP_LINK = "https://chatgpt.com/#settings/DataControls"
WAIT = 30_000


def extension_whose_sign_in_marker_matches_twice(target):
    """The extension, with ChatGPT's sign-in marker described by its words alone: on the signed-out
    page both the header's "Log in" button and the page's "Log in" link fit it."""
    def by_words(chatgpt):
        chatgpt["selectors"]["login_button"]["candidates"] = [{"strategy": "text", "text": "Log in", "exact": True}]

    return extension_with_provider(target, "chatgpt", by_words)


def test_a_sign_in_marker_that_matches_twice_is_still_a_sign_in_page(engine, untrain_home, tmp_path,
                                                                     all_replicas_server):
    server, _ = all_replicas_server
    server.world = ReplicaWorld.build({"chatgpt": "signed_out"})
    extension = extension_whose_sign_in_marker_matches_twice(tmp_path / "extension")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=server, hosts=server.hosts,
                                     extension_dir=extension) as (context, _):
            tab = await context.new_page()
            await tab.goto(CHATGPT_DEEP_LINK)
            # Both "Log in" elements are there: the marker is ambiguous as an element, not as a fact.
            assert await tab.get_by_text("Log in", exact=True).count() == 2
            callout = tab.locator("#untrain-callout")
            await expect(callout).to_have_attribute("data-verdict", re.compile("signed_out"), timeout=WAIT)
            return json.loads(await callout.get_attribute("data-verdict")), await tab.get_by_role("status").inner_text()

    verdict, said = engine.run(body())
    assert server.world.mutations == []
    assert verdict["improve_model"] == ["unknown", "signed_out"], verdict
    assert "Sign in to ChatGPT first" in said, said


def marker(text: str) -> dict:
    return {"kind": "marker", "within": None, "description": f"the words {text!r}",
            "candidates": [{"strategy": "text", "text": text, "exact": True}]}


PROVIDER = {
    "detect": {"signed_in": [], "blocked": ["bot_check"],
               "consent_walls": [{"marker": "cookie_wall", "pass_with": "reject_all", "note": "passed"}],
               "pending_consent": ["new_terms"], "signed_out": ["log_in"], "not_applicable": ["team_plan"]},
    "selectors": {"bot_check": marker("Verify you are human"), "cookie_wall": marker("Before you continue"),
                  "reject_all": marker("Reject all"), "new_terms": marker("Our terms have changed"),
                  "log_in": marker("Log in"), "team_plan": marker("Managed by your organisation")},
}
# Each page shows the walls from its kind down the order, so only the order decides the answer.
PAGES = {
    "blocked": ["Verify you are human", "Before you continue", "Our terms have changed", "Log in",
                "Managed by your organisation"],
    "consent_wall": ["Before you continue", "Our terms have changed", "Log in", "Managed by your organisation"],
    "pending_consent": ["Our terms have changed", "Log in", "Managed by your organisation"],
    "signed_out": ["Log in", "Log in", "Managed by your organisation"],  # twice: still a sign-in page
    "not_applicable": ["Managed by your organisation"],
    None: ["Settings", "Improve the model for everyone"],
}


def test_the_first_wall_in_the_products_order_is_the_one_showing(engine):
    from checker.engine.steps import _WALL_SHOWING_JS  # the scan's own call, with the extension's files

    async def body():
        answers = {}
        async with page_with_scripts(engine) as page:  # no scripts: the scan brings its own
            for kind, texts in PAGES.items():
                hidden = "<p hidden>Verify you are human</p>"  # not rendered: not a wall
                await page.set_content("<!doctype html><title>t</title>" + hidden
                                       + "".join(f"<p>{t}</p>" for t in texts))
                answers[kind] = await page.evaluate(_WALL_SHOWING_JS, PROVIDER)
        return answers

    answers = engine.run(body())
    assert answers.pop(None) is None
    for kind, answer in answers.items():
        assert answer["kind"] == kind, (kind, answer)
    assert answers["consent_wall"]["wall"] == PROVIDER["detect"]["consent_walls"][0]
    assert answers["signed_out"]["marker"] == "log_in"


def test_the_scan_and_the_content_script_load_the_same_walls_file():
    from checker.engine import steps
    shipped = json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))["content_scripts"][0]["js"]
    assert shipped.index(page_modules.LOCATE) < shipped.index(page_modules.WALLS) < shipped.index("content.js")
    assert (EXTENSION_DIR / page_modules.WALLS).read_text(encoding="utf-8") in steps._WALL_SHOWING_JS
    # Neither host keeps an order of its own: both ask walls.js.
    content = (EXTENSION_DIR / "content.js").read_text(encoding="utf-8")
    assert "UntrainWalls.showing(" in content and "d.signed_out" not in content and "d.blocked" not in content
    checked = inspect.getsource(steps.Walk.check_page)
    assert "detect.signed_out" not in checked and "detect.blocked" not in checked
