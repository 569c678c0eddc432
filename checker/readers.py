"""Read a control's state from the DOM. Each reader returns (attribute read, raw value).

Raw values are mapped to on/off by the control's reading in the catalogue; anything else is an
unexpected value and the control stays unknown.
"""

from __future__ import annotations

from playwright.async_api import Locator

from .locators import ACCESSIBLE_NAME_JS
from .models import Reader


class ReadError(Exception):
    pass


async def _aria_checked(locator: Locator) -> tuple[str, str]:
    value = await locator.get_attribute("aria-checked")
    if value is None:
        raise ReadError("the control has no aria-checked attribute")
    return "aria-checked", value


async def _checked(locator: Locator) -> tuple[str, str]:
    is_box = await locator.evaluate("el => el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')")
    if not is_box:
        raise ReadError("the control is not a native checkbox")
    return "checked", "true" if await locator.is_checked() else "false"


async def _selected_option(locator: Locator) -> tuple[str, str]:
    value = await locator.evaluate(
        """el => el instanceof HTMLSelectElement
             ? (el.selectedOptions[0] ? el.selectedOptions[0].textContent : '')
             : (el.getAttribute('aria-valuetext') || el.textContent || '')"""
    )
    return "selected option", " ".join(value.split())


async def _state_text(locator: Locator) -> tuple[str, str]:
    # The state word is the last word of the accessible name ("Improve the model for everyone Off").
    name = await locator.evaluate(ACCESSIBLE_NAME_JS)
    words = name.split()
    if not words:
        raise ReadError("the control has no text")
    return "state text", words[-1]


async def _shown_text(locator: Locator) -> tuple[str, str]:
    # innerText, not the accessible name: the chip's aria-label says what a click WOULD do.
    text = await locator.evaluate("el => el.innerText || el.textContent || ''")
    words = [w for w in "".join(c if c.isalpha() else " " for c in text).split()]
    if not words:
        raise ReadError("the control shows no state word")
    return "shown text", words[-1]


READERS = {
    Reader.aria_checked: _aria_checked,
    Reader.checked: _checked,
    Reader.selected_option: _selected_option,
    Reader.state_text: _state_text,
    Reader.shown_text: _shown_text,
}


async def read_state(locator: Locator, reader: Reader) -> tuple[str, str]:
    return await READERS[reader](locator)
