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


# Set up just before a click, on the one element the locator matches then: a window listener, in
# the capture phase (before any of the page's own), that judges the element again as each of the
# click's events is dispatched, and swallows that event and every later one if it is no longer
# safe. The page cannot change the element between this judgement and the event reaching it: the
# check runs inside the event's own dispatch. _DISARM_JS removes it and says what it refused.
_GUARD_KEY = "Symbol.for('untrain.click-guard')"
_ARM_JS = page_modules.function("""
  const [selector, dismiss] = args;
  const key = """ + _GUARD_KEY + """;
  if (window[key]) window[key]();  // a guard left behind by a click that failed
  if (els.length !== 1) return {count: els.length};
  const el = els[0];
  let delivered = false, refused = null, done = false;
  // contains(), across shadow roots: a web component's click lands on a node of its own shadow tree.
  const holds = node => { for (let n = node; n; n = n.parentNode || n.host) if (n === el) return true; return false; };
  const judge = target => {
    if (!el.isConnected || !(target instanceof Node) || !holds(target)) {
      // Before any event reached it: something else took its place. After: the page reacted to
      // the click (a menu that closes on pointerdown); the rest of the gesture would land on
      // whatever is there now, so it is dropped, and the click counts as done.
      if (delivered) done = true;
      return delivered ? null : {replaced: true};
    }
    const now = UntrainGuard.facts(el);
    const why = UntrainGuard.refusal(now, selector, dismiss);
    if (why) return {refusal: why};
    const hit = target instanceof Element && target.closest(UntrainGuard.CONTROL_CSS);
    return hit ? {refusal: UntrainGuard.refusal({...now, reaches: `it would land on the ${UntrainGuard.role(hit)} inside it`},
                                                selector, dismiss)} : null;
  };
  const listener = event => {
    if (!event.isTrusted) return;  // the page's own synthetic events are its business
    if (!refused && !done) refused = judge(event.composedPath()[0] || event.target);
    if (refused || done) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else {
      delivered = true;
    }
  };
  const events = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'auxclick', 'dblclick', 'contextmenu'];
  for (const type of events) window.addEventListener(type, listener, {capture: true});
  window[key] = () => {
    for (const type of events) window.removeEventListener(type, listener, {capture: true});
    delete window[key];
    return refused;
  };
  return null;
""", *_GUARD_FILES, params="els, args")
_DISARM_JS = "() => { const disarm = window[" + _GUARD_KEY + "]; return disarm ? disarm() : null; }"


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
