"""The in-page code the scan shares with the extension, read from the extension's own files.

The extension's content script loads these files; the scan sends the very same text into the page
(inside each `evaluate`, not as an init script, so nothing of ours sits in the page's global scope
for its code to find or change). Each file is a classic script that declares one `var`, so it can be
pasted into a function body as it is. Page logic is written once, in extension/lib/.
"""

from __future__ import annotations

from functools import cache

from ..store import data_paths
from ..catalogue.models import Candidate, SelectorFile

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
WALLS = "lib/walls.js"  # which wall covers the page (after LOCATE, which it asks)
NEIGHBOURS = "lib/neighbours.js"  # unlisted training-like switches beside a control (after LOCATE)
# Playwright's name for the engine that finds a catalogue candidate's elements (checker/engine/locators.py).
CANDIDATE_ENGINE = "untrain-candidate"


def page_candidate(candidate: Candidate) -> dict:
    """A candidate as the page code takes it (locate.js), the same for the scan and the extension:
    how to find it, without where its name comes from (that is the linter's)."""
    return candidate.model_dump(mode="json", exclude_defaults=True, exclude={"source", "inferred"}) | {"strategy": candidate.strategy}


def page_selectors(selectors: SelectorFile | None) -> dict:
    """A provider's selectors as locate.js takes them: {name: {kind, within, description, candidates}}."""
    if selectors is None:
        return {}
    return {name: {"kind": sel.kind.value, "within": sel.within, "description": sel.description,
                   "candidates": [page_candidate(c) for c in sel.candidates]}
            for name, sel in selectors.selectors.items()}


def candidate_engine() -> str:
    """A Playwright selector engine answering `untrain-candidate={"candidate": …, "control": …}`
    with locate.js's own candidateElements: the extension's code, run by the scan in an isolated
    world (registered with content_script=True, so the page's scripts never see it)."""
    return ("(() => {\n" + source(ARIA, LOCATE) + "\n"
            "const candidates = (root, body) => { const q = JSON.parse(body); "
            "return UntrainLocate.candidateElements(root, q.candidate, q.control); };\n"
            "return { queryAll: candidates, query: (root, body) => candidates(root, body)[0] || null };\n})()")


def engines() -> dict[str, str]:
    """Our Playwright selector engines, by name: each to be registered, in an isolated world
    (content_script=True), before a browser opens pages."""
    return {CANDIDATE_ENGINE: candidate_engine()}


async def register(playwright) -> None:
    """Register the page engines once per Playwright instance, before its browsers open pages."""
    if getattr(playwright, "_untrain_engines", False):
        return
    for name, script in engines().items():
        await playwright.selectors.register(name, script=script, content_script=True)
    playwright._untrain_engines = True
