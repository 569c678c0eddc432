"""Drift in plain words: "the menu item is now called 'Le Chat', was 'Vibe'".

The locator detail ("chat_nav_link … by candidate 2 of 3 (role=link …)") is for whoever fixes the
catalogue: the JSON report keeps it in `drift[].message`, and the terminal shows it under --verbose.
"""

from __future__ import annotations

import re

from ..results import same_words

# What the element is, from its ARIA role in the matched candidate...
ROLE_WORDS = {
    "link": "link", "tab": "tab", "menuitem": "menu item", "button": "button", "switch": "switch",
    "checkbox": "checkbox", "radio": "option", "option": "option", "heading": "heading",
    "dialog": "dialog", "row": "row", "combobox": "menu",
}
# ...else from the end of the selector's name (selectors/*.yaml name them by what they are).
NAME_WORDS = [
    ("nav_link", "menu item"), ("_item", "menu item"), ("_link", "link"), ("_tab", "tab"),
    ("_button", "button"), ("_switch", "switch"), ("_checkbox", "checkbox"), ("_chip", "chip"),
    ("_row", "row"), ("_dialog", "dialog"), ("_heading", "heading"),
]


def plain(drift) -> str:
    if same_words(drift.found_label, drift.expected_label):
        return f"{drift.expected_label!r} is still there under that name, but the page is built differently"
    return f"the {_what(drift)} is now called {drift.found_label!r}, was {drift.expected_label!r}"


def _what(drift) -> str:
    for name_end, word in NAME_WORDS:
        if drift.locator.endswith(name_end):
            return word
    role = re.search(r"role=(\w+)", drift.message or "")
    if role and role.group(1) in ROLE_WORDS:
        return ROLE_WORDS[role.group(1)]
    return "label"
