"""The read-only rule, enforced at click time. A scan never changes a setting.

The catalogue linter already refuses click steps that name a control; this guard checks the
element actually found on the page, because a page can put a switch where a tab used to be.
"""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from .locators import ACCESSIBLE_NAME_JS

CONTROL_ROLES = {"switch", "checkbox", "radio", "option", "menuitemcheckbox", "menuitemradio", "slider"}
# Words that commit to something: accepting terms, opting in, saving a change. "Done" confirms
# whatever a dialog shows, a terms pop-up's switch at its default included.
COMMITTING = re.compile(
    r"\b(accept|agree|allow|continue|confirm|enable|turn (on|off)|opt.?in|save|submit|yes|ok|got it|done)\b", re.I
)
NON_COMMITTAL = re.compile(r"^(not now|reject all|cancel|close|no,? thanks|skip|maybe later|dismiss)\b", re.I)

# Native checkboxes, radios and ranges are named by their type first: a click toggles them whatever
# role attribute they wear.
_ROLE_JS = """el => {
  const native = el instanceof HTMLInputElement && ({checkbox: 'checkbox', radio: 'radio', range: 'slider'})[el.type];
  if (native) return native;
  const role = el.getAttribute('role');
  if (role) return role;
  if (el instanceof HTMLInputElement) return 'textbox';
  if (el instanceof HTMLOptionElement) return 'option';
  if (el instanceof HTMLSelectElement) return 'combobox';
  return el.tagName.toLowerCase();
}"""


class ReadOnlyViolation(Exception):
    """Raised instead of clicking something that could change a setting."""


_CONTROL_CSS = ", ".join([*(f"[role={role}]" for role in sorted(CONTROL_ROLES)),
                          "input[type=checkbox]", "input[type=radio]", "input[type=range]", "option"])

# A click does more than reach its element: it bubbles to every ancestor (a switch around a span
# flips), and a label passes it to its control, wrapped or tied by `for`. Says which, or null.
_REACHES_JS = """el => {
  const role = """ + _ROLE_JS + """;
  const around = el.parentElement && el.parentElement.closest('""" + _CONTROL_CSS + """');
  if (around) return `it is inside a ${role(around)}`;
  const label = el.closest('label');
  if (label && label.control && label.control.matches('""" + _CONTROL_CSS + """'))
    return `it is part of the label of a ${role(label.control)}`;
  return null;
}"""

# A submit or reset button (or anything inside one) acts on its form when clicked.
_SUBMITS_JS = """el => {
  const button = el.closest('button, input');
  return !!(button && button.form && ['submit', 'image', 'reset'].includes(button.type));
}"""

# What the guard judges of one element, from the DOM alone.
_ONE_FACTS_JS = """el => ({
  count: 1,
  role: (""" + _ROLE_JS + """)(el),
  name: (""" + ACCESSIBLE_NAME_JS + """)(el),
  wraps: !!el.querySelector('""" + _CONTROL_CSS + """'),
  reaches: (""" + _REACHES_JS + """)(el),
  submits: (""" + _SUBMITS_JS + """)(el),
})"""

# Runs on every element the locator matches; the guard only ever judges exactly one.
_FACTS_JS = """els => els.length !== 1 ? {count: els.length} : (""" + _ONE_FACTS_JS + """)(els[0])"""


async def click_facts(locator: Locator, controls: Locator | None) -> dict:
    """What the guard judges: the element's role, name and what it wraps, and whether it is, or
    holds, anything a control locator matches (every match counts, not only the first: a control's
    CSS candidate may match several elements). `count` is how many elements the locator matched; the
    guard judges only exactly one, and only then is the (heavier) control question asked.
    `controls` is Walk.controls()."""
    try:
        facts = await locator.evaluate_all(_FACTS_JS)
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
_ARM_JS = """(els, rules) => {
  const key = """ + _GUARD_KEY + """;
  if (window[key]) window[key]();  // a guard left behind by a click that failed
  if (els.length !== 1) return {count: els.length};
  const el = els[0];
  const facts = """ + _ONE_FACTS_JS + """;
  const role = """ + _ROLE_JS + """;
  const controlRoles = new Set(rules.controlRoles);
  const committing = new RegExp(rules.committing, 'i'), nonCommittal = new RegExp(rules.nonCommittal, 'i');
  // judge_click's rules on the DOM facts (only the control-locator question needs Python).
  const unsafe = f => controlRoles.has(f.role) || (f.wraps && !rules.dismiss) || !!f.reaches
    || (f.submits && !rules.dismiss) || (rules.dismiss && !nonCommittal.test(f.name)) || committing.test(f.name);
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
    const now = facts(el);
    if (unsafe(now)) return now;
    const hit = target instanceof Element && target.closest('""" + _CONTROL_CSS + """');
    return hit ? {...now, reaches: `it would land on the ${role(hit)} inside it`} : null;
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
}"""
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
    judge_click(facts, selector_name, dismiss=dismiss)  # ReadOnlyViolation before anything is sent
    rules = {"dismiss": dismiss, "controlRoles": sorted(CONTROL_ROLES),
             "committing": COMMITTING.pattern, "nonCommittal": NON_COMMITTAL.pattern}
    try:
        not_armed = await locator.evaluate_all(_ARM_JS, rules)
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
    judge_click({**refused, "count": 1, "control": facts.get("control", False)}, selector_name, dismiss=dismiss)
    raise ReadOnlyViolation(f"refused to click {selector_name!r}: it changed as it was clicked")  # not reached


def judge_click(facts: dict, selector_name: str, *, dismiss: bool) -> None:
    """Raise ReadOnlyViolation unless the element described by `facts` is safe to click."""
    if facts["count"] != 1:
        raise ReadOnlyViolation(f"refused to click {selector_name!r}: it matched {facts['count']} elements "
                                "when it was about to be clicked")
    role, name = facts["role"], facts["name"]
    what = f"{selector_name!r} ({role} {name!r})"
    if role in CONTROL_ROLES:
        raise ReadOnlyViolation(f"refused to click {what}: it is a {role}, and a scan never changes a setting")
    if facts["wraps"] and not dismiss:
        # A row that wraps its switch would flip it when clicked.
        raise ReadOnlyViolation(f"refused to click {what}: it contains a switch or checkbox")
    if facts["reaches"]:
        raise ReadOnlyViolation(f"refused to click {what}: {facts['reaches']}")
    if facts["submits"] and not dismiss:
        # Navigation never posts a form. A dismiss may: Google's "Reject all" is a form submit, and
        # the name checks below keep a dismiss to its non-committal choice.
        raise ReadOnlyViolation(f"refused to click {what}: it would submit or reset a form")
    if facts["control"]:
        raise ReadOnlyViolation(f"refused to click {what}: it is a training control")
    if dismiss and not NON_COMMITTAL.match(name):  # a nameless icon may well be the "accept"
        raise ReadOnlyViolation(f"refused to dismiss with {what}: only 'Not now', 'Reject all', 'Cancel' or Esc")
    if COMMITTING.search(name):  # even after a refusing start: "Close and accept"
        raise ReadOnlyViolation(f"refused to click {what}: it would accept or change something")
