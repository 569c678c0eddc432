"""The elements a drifted step's suggestions are chosen from: named and given roles by the W3C
algorithms (extension/lib/locate.js, the locators' own file), not by a hand-written guess."""

from __future__ import annotations

from checker.qa.suggest import page_elements

PAGE = """<!doctype html><html><body>
<button><span aria-hidden="true">⚙</span> Data controls</button>
<input type="checkbox" switch id="t"><label for="t">Improve the model for everyone</label>
<div role="dialog" aria-modal="true" aria-labelledby="h"><h2 id="h">Settings</h2></div>
<nav aria-label="Main"><a href="/privacy">Privacy</a></nav>
<div aria-hidden="true"><button>Behind the modal</button></div>
<button style="display:none">Not shown</button>
<div role="switch" aria-checked="false" aria-labelledby="a b"></div><span id="a">Voice</span> <span id="b">training</span>
</body></html>"""


def test_suggestions_see_roles_and_names_as_the_accessibility_tree_does(engine):
    async def body():
        context = await engine.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(PAGE)
            return await page_elements(page)
        finally:
            await context.close()

    seen = [(e["role"], e["name"]) for e in engine.run(body())]
    assert seen == [
        ("button", "Data controls"),  # the icon is hidden from assistive technology: not in the name
        ("switch", "Improve the model for everyone"),  # Chromium's native switch, named by its <label for>
        ("heading", "Settings"),
        ("link", "Privacy"),
        ("switch", "Voice training"),  # aria-labelledby with two ids
    ]
