"""A guided walk is bounded (issue 12, point 8). On a page whose control the catalogue does not
recognise, GitHub Copilot's walk clicked "Your Copilot", a link to a page that is itself a deep
link: the walk began again there and clicked the same links, 384-405 page loads in 20 s in the
person's tab. A walk may follow links into new pages only a few times in a row; then it stops,
says so in the page, and the tab is left alone."""

from __future__ import annotations

import asyncio

from playwright.async_api import expect

from checker.replicas.site import ReplicaWorld

from .conftest import extension_context, extension_with_provider

FEATURES = "https://github.com/settings/copilot/features"
WATCHED_SECONDS = 12


# A link on either Copilot page that leads to the other one. A walk never follows a link to the page
# it is on (the "Features" link on the Features page is a step already taken), so the loop the bound
# stops needs two pages that each link to the other: here /settings/copilot and its Features page,
# both deep links.
TO_THE_OTHER_PAGE = ('nav.settings a:is([href="/settings/copilot"], [href="/settings/copilot/features"])'
                     ':not([aria-current="page"])')


def extension_that_cannot_recognise_the_control(target):
    """The extension, with GitHub Copilot's training control named by a label no page shows (what
    the catalogue knows of a page that changed its markup), and its "Features" step naming a link
    to whichever of the two Copilot pages the tab is not on."""
    def unrecognisable(github):
        for candidate in github["selectors"]["model_training_control"]["candidates"]:
            for key in ("name", "label", "titled", "shows_label"):
                if key in candidate:
                    candidate[key] = "A label no page shows"
        github["selectors"]["features_link"]["candidates"] = [{"css": TO_THE_OTHER_PAGE}]

    return extension_with_provider(target, "github-copilot", unrecognisable)


def test_a_walk_that_cannot_find_its_control_stops_reloading_the_tab(engine, untrain_home, tmp_path,
                                                                      all_replicas_server):
    server, _ = all_replicas_server
    server.world = ReplicaWorld.build({"github-copilot": "on"})
    extension = extension_that_cannot_recognise_the_control(tmp_path / "extension")

    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", server=server, hosts=server.hosts,
                                     extension_dir=extension) as (context, worker):
            tab = await context.new_page()
            loads = []
            tab.on("framenavigated", lambda frame: frame == tab.main_frame and loads.append(frame.url))
            await tab.goto(FEATURES, wait_until="commit")
            await asyncio.sleep(WATCHED_SECONDS)
            note = tab.get_by_role("status")
            await expect(note).to_contain_text("stopped", timeout=5000)
            return loads, await note.inner_text()

    loads, note = engine.run(body())
    assert server.world.mutations == []
    # The first page, and three walks that each led to a new page; the fourth page stops.
    assert len(loads) == 4, loads
    assert "stopped looking for the setting" in note and "rather than reload your tab again" in note, note
