"""Resolve a named selector's ranked candidates on a page: the first unique visible match wins.

A match by a lower-ranked candidate still counts, and is reported as drift by the caller.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from functools import reduce
from typing import Awaitable, Callable

from playwright.async_api import Locator, Page

from . import page_modules
from ..catalogue.models import Candidate, Selector, SelectorFile, SelectorKind

# The accessible name as a person hears it (the W3C algorithm, extension/lib/aria.js): what a drift
# report says an element is called now.
ACCESSIBLE_NAME_JS = page_modules.function(
    "return UntrainAria.computeAccessibleName(el).replace(/\\s+/g, ' ').trim();", page_modules.ARIA)


@dataclass
class Found:
    name: str
    locator: Locator
    rank: int
    candidate: Candidate
    facts: dict | None = None  # what a probe learned in the same look (the guard's facts for a click)


# Counts a candidate's matches and learns more in the same round trip: returns {"count": n, ...}.
Probe = Callable[[Locator], Awaitable[dict]]


@dataclass
class Ambiguous:
    name: str
    count: int
    candidate: Candidate


def candidate_locator(root: Page | Locator, c: Candidate, control: bool = False) -> Locator:
    """The candidate's elements, found by extension/lib/locate.js, the content script's own finder,
    run as a Playwright selector engine: every candidate kind is written once, for both hosts.
    `control` when the selector is a control's: a two-state setting is the same control whichever
    widget a UI kit draws it with (Radix a switch, MUI a checkbox, a menu a menuitemcheckbox, some
    kits a button with aria-pressed), so a control candidate naming one of these roles matches them
    all."""
    query = {"candidate": page_modules.page_candidate(c), "control": control}
    return root.locator(f"{page_modules.CANDIDATE_ENGINE}={json.dumps(query)}")


def any_candidate(root: Page, selectors: SelectorFile, names) -> Locator | None:
    """One locator matching every candidate of the named selectors (ignoring their own `within`,
    which only narrows them): a single round trip answers "is any of these on the page?"."""
    locators = [candidate_locator(root, c, selectors.selectors[n].kind == SelectorKind.control)
                for n in names for c in selectors.selectors[n].candidates]
    return reduce(lambda a, b: a.or_(b), locators) if locators else None


async def find(page: Page, selectors: SelectorFile, name: str, probe: Probe | None = None) -> Found | Ambiguous | None:
    """One look, no waiting. None when nothing matches. With a probe, each candidate is counted by
    it, and what it learned travels with the Found."""
    selector: Selector = selectors.selectors[name]
    root: Page | Locator = page
    if selector.within:
        # Inside anything that fits the place's description: a page often has two navigations or
        # a nav inside an aside, and which one holds the element is not the question. The element
        # itself must still be unique, so this widens where to look, never what counts as found.
        root = any_candidate(page, selectors, [selector.within]).filter(visible=True)
    control = selector.kind == SelectorKind.control
    locators = [candidate_locator(root, c, control).filter(visible=True) for c in selector.candidates]

    async def look(locator: Locator) -> tuple[int, dict | None]:
        facts = await probe(locator) if probe else None
        return (facts["count"] if facts else await locator.count()), facts

    # Every candidate in one round trip's wait; the best-ranked unique match wins, as in order.
    looks = await asyncio.gather(*(look(locator) for locator in locators))
    ambiguous: Ambiguous | None = None
    for rank, (candidate, locator, (count, facts)) in enumerate(zip(selector.candidates, locators, looks)):
        if count == 1:
            return Found(name, locator, rank, candidate, facts)
        if count > 1 and selector.kind == SelectorKind.navigation and await locator.evaluate_all(_ONE_DESTINATION_JS):
            first = locator.first
            return Found(name, first, rank, candidate, await probe(first) if probe else None)
        if count > 1 and ambiguous is None:
            ambiguous = Ambiguous(name, count, candidate)
            if selector.kind == SelectorKind.control:
                # Several elements fit the control's best description: a narrower, lower-ranked
                # candidate would pick one of them without knowing it is the setting. Fail closed.
                return ambiguous
    return ambiguous


# A page often links to one place twice (a menu entry and a card): links that all lead to the same
# address are one way on, not a choice the catalogue failed to make (locate.js, as in the extension).
_ONE_DESTINATION_JS = page_modules.function("return UntrainLocate.oneDestination(els);", page_modules.LOCATE,
                                            params="els")


async def accessible_name(locator: Locator) -> str:
    return await locator.evaluate(ACCESSIBLE_NAME_JS)
