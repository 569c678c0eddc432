"""The read-only rule, enforced at click time. A scan never changes a setting.

The catalogue linter already refuses click steps that name a control; this guard checks the
element actually found on the page, because a page can put a switch where a tab used to be.
"""

from __future__ import annotations

import re

from playwright.async_api import Locator

from .locators import ACCESSIBLE_NAME_JS

CONTROL_ROLES = {"switch", "checkbox", "radio", "option", "menuitemcheckbox", "menuitemradio", "slider"}
# Words that commit to something: accepting terms, opting in, saving a change.
COMMITTING = re.compile(
    r"\b(accept|agree|allow|continue|confirm|enable|turn (on|off)|opt.?in|save|submit|yes|ok|got it)\b", re.I
)
NON_COMMITTAL = re.compile(r"^(not now|reject all|cancel|close|no,? thanks|skip|maybe later|dismiss|done)\b", re.I)

_ROLE_JS = """el => {
  const role = el.getAttribute('role');
  if (role) return role;
  if (el instanceof HTMLInputElement) return ({checkbox: 'checkbox', radio: 'radio', range: 'slider'})[el.type] || 'textbox';
  if (el instanceof HTMLOptionElement) return 'option';
  if (el instanceof HTMLSelectElement) return 'combobox';
  return el.tagName.toLowerCase();
}"""


class ReadOnlyViolation(Exception):
    """Raised instead of clicking something that could change a setting."""


_FACTS_JS = """el => ({
  role: (""" + _ROLE_JS + """)(el),
  name: (""" + ACCESSIBLE_NAME_JS + """)(el),
  wraps: !!el.querySelector('[role=switch],[role=checkbox],[role=radio],input[type=checkbox],input[type=radio]'),
})"""


async def check_click(locator: Locator, selector_name: str, *, dismiss: bool, controls: Locator | None) -> None:
    """`controls` is one locator matching every control candidate (see Walk.controls)."""
    facts = await locator.evaluate(_FACTS_JS)  # one round trip for role, name and what it wraps
    role, name = facts["role"], facts["name"]
    what = f"{selector_name!r} ({role} {name!r})"
    if role in CONTROL_ROLES:
        raise ReadOnlyViolation(f"refused to click {what}: it is a {role}, and a scan never changes a setting")
    if facts["wraps"] and not dismiss:
        # A row that wraps its switch would flip it when clicked.
        raise ReadOnlyViolation(f"refused to click {what}: it contains a switch or checkbox")
    if controls is not None and await controls.evaluate_all(_IS_OR_WRAPS, await locator.element_handle()):
        raise ReadOnlyViolation(f"refused to click {what}: it is a training control")
    if dismiss and not NON_COMMITTAL.match(name) and name:
        raise ReadOnlyViolation(f"refused to dismiss with {what}: only 'Not now', 'Reject all', 'Cancel' or Esc")
    if COMMITTING.search(name) and not NON_COMMITTAL.match(name):
        raise ReadOnlyViolation(f"refused to click {what}: it would accept or change something")


# Every match counts, not only the first: a control's CSS candidate may match several elements.
_IS_OR_WRAPS = "(controls, target) => controls.some(c => c === target || target.contains(c))"
