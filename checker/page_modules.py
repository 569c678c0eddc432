"""The in-page code the scan shares with the extension, read from the extension's own files.

The extension's content script loads these files; the scan sends the very same text into the page
(inside each `evaluate`, not as an init script, so nothing of ours sits in the page's global scope
for its code to find or change). Each file is a classic script that declares one `var`, so it can be
pasted into a function body as it is. Page logic is written once, in extension/lib/.
"""

from __future__ import annotations

from functools import cache

from . import data_paths

# In load order: a module may use the ones before it.
ARIA = "lib/aria.js"  # dom-accessibility-api, bundled by `npm run build:aria` (see package.json)
READ_STATE = "lib/read_state.js"
GUARD = "lib/guard.js"  # the read-only rule at click time
MODAL = "lib/modal.js"  # an unlisted modal over a control
WATCH = "lib/watch.js"  # the settle watch: has the control held still?


@cache
def source(*files: str) -> str:
    """The files' text, in the order given, ready to paste into a function body."""
    return "\n".join((data_paths.extension_dir() / name).read_text(encoding="utf-8") for name in files)


def function(body: str, *files: str, params: str = "el") -> str:
    """A JavaScript function `(params) => { <files> <body> }` for Playwright's evaluate."""
    return f"({params}) => {{\n{source(*files)}\n{body}\n}}"


LOCATE = "lib/locate.js"
# Playwright's name for the engine behind a `titled` candidate (checker/locators.py).
TITLED_ENGINE = "untrain-titled"


def titled_engine() -> str:
    """A Playwright selector engine answering `untrain-titled={"title": …, "exact": …}` with
    locate.js's own `titled`: the extension's code, run by the scan in an isolated world (it is
    registered with content_script=True, so the page's scripts never see it)."""
    return ("(() => {\n" + source(ARIA, LOCATE) + "\n"
            "const titled = (root, body) => { const q = JSON.parse(body); return UntrainLocate.titled(root, q.title, q.exact); };\n"
            "return { queryAll: titled, query: (root, body) => titled(root, body)[0] || null };\n})()")


async def register(playwright) -> None:
    """Register the page engines once per Playwright instance, before its browsers open pages."""
    if getattr(playwright, "_untrain_engines", False):
        return
    await playwright.selectors.register(TITLED_ENGINE, script=titled_engine(), content_script=True)
    playwright._untrain_engines = True
