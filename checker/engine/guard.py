"""The read-only rule, enforced at click time. A scan never changes a setting.

The catalogue linter already refuses click steps that name a control; this guard checks the
element actually found on the page, because a page can put a switch where a tab used to be.
"""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from . import page_modules

# What the guard judges of an element, and the judgement itself, live in extension/lib/guard.js:
# the content script asks the very same questions before a guided click. Only "is it, does it hold,
# or is it inside a training control" is asked here, with the scan's own locators.
_GUARD_FILES = (page_modules.ARIA, page_modules.GUARD)


class ReadOnlyViolation(Exception):
    """Raised instead of clicking something that could change a setting."""


# Runs on every element the locator matches; the guard only ever judges exactly one.
FACTS_JS = page_modules.function("""
  const [selector, dismiss] = args;
  if (els.length !== 1) return {count: els.length};
  const facts = UntrainGuard.facts(els[0]);
  return {...facts, refusal: UntrainGuard.refusal(facts, selector, dismiss)};
""", *_GUARD_FILES, params="els, args")


async def click_facts(locator: Locator, controls: Locator | None, selector_name: str, *, dismiss: bool) -> dict:
    """What the guard judges: the element's role, name and what it wraps, guard.js's refusal for a
    click on it as `selector_name` (a dismiss or not), and whether it is, or holds, anything a
    control locator matches (every match counts, not only the first: a control's CSS candidate may
    match several elements). `count` is how many elements the locator matched; the guard judges
    only exactly one, and only then is the (heavier) control question asked.
    `controls` is Walk.controls()."""
    try:
        facts = await locator.evaluate_all(FACTS_JS, [selector_name, dismiss])
        if facts["count"] == 1:
            # Is it, does it hold, or is it inside anything a control locator matches.
            facts["control"] = controls is not None and bool(
                await locator.and_(controls).or_(locator.filter(has=controls))
                .or_(locator.locator("xpath=ancestor::*").and_(controls)).count())
    except PlaywrightError as exc:
        if "Execution context was destroyed" not in str(exc):
            raise
        return {"count": 0}  # the page is navigating: nothing to click on it; the caller looks again
    return facts


class PageChanged(Exception):
    """The judged element was replaced while the click was on its way: nothing was delivered to the
    page. The caller looks again (and judges what it finds) before clicking anything."""


# Set up just before a click, on the one element the locator matches then: guard.js's arm()
# judges the element again inside each of the click's own events; disarm() says what it refused.
_ARM_JS = page_modules.function("""
  if (els.length !== 1) { UntrainGuard.disarm(); return {count: els.length}; }
  UntrainGuard.arm(els[0], args[0], args[1]);
  return null;
""", *_GUARD_FILES, params="els, args")
_DISARM_JS = page_modules.function("return UntrainGuard.disarm();", page_modules.GUARD, params="")


async def guarded_click(locator: Locator, facts: dict, selector_name: str, *, dismiss: bool,
                        timeout: float | None = None) -> None:
    """Judge what `facts` describe, click it, and judge it again as the click lands.

    Between a look and its click the page may re-render: the row becomes a switch, starts wrapping
    one, or a terms pop-up's "Accept" takes its place. The click is then swallowed in the page
    before any of its events reach it, and this raises ReadOnlyViolation with the guard's reason,
    or PageChanged when the element was replaced (the caller looks again). Two extra round trips,
    the cheapest kinds (evaluate_all, page.evaluate): arming, and disarming with the verdict.
    Locators here are the main frame's (candidate_locator never enters a frame), as is the guard."""
    judge_click(facts, selector_name)  # ReadOnlyViolation before anything is sent
    try:
        not_armed = await locator.evaluate_all(_ARM_JS, [selector_name, dismiss])
    except PlaywrightError as exc:
        if "Execution context was destroyed" not in str(exc):
            raise
        not_armed = {"count": 0}  # navigating away: nothing to click on this page
    if not_armed:
        raise PageChanged(f"{selector_name!r} matched {not_armed['count']} elements when it was about to be clicked")
    try:
        await locator.click(timeout=timeout)
    finally:
        try:
            refused = await locator.page.evaluate(_DISARM_JS)
        except PlaywrightError:
            # The click navigated: the old document and its listener are gone, and a refused
            # click never reached that document either.
            refused = None
    if not refused:
        return
    if refused.get("replaced"):
        raise PageChanged(f"{selector_name!r} was replaced while it was being clicked")
    raise ReadOnlyViolation(f"{refused['refusal']}, as it was clicked")


def judge_click(facts: dict, selector_name: str) -> None:
    """Raise ReadOnlyViolation unless the element described by `facts` is safe to click: the
    refusal guard.js gives (`facts["refusal"]`), else a training control the scan's locators found."""
    if facts["count"] != 1:
        raise ReadOnlyViolation(f"refused to click {selector_name!r}: it matched {facts['count']} elements "
                                "when it was about to be clicked")
    if facts.get("refusal"):
        raise ReadOnlyViolation(facts["refusal"])
    if facts["control"]:
        raise ReadOnlyViolation(f"refused to click {selector_name!r} ({facts['role']} {facts['name']!r}): "
                                "it is a training control")
