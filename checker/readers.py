"""Read a control's state from the DOM. Each reader is a function run in the page on the control's
element, returning [attribute read, raw value] or throwing an Error that says why it cannot.

They run in the page, not through one driver call per attribute, so that a reading and the check
that the page stood still around it are one round trip (see settle.py).

Raw values are mapped to on/off by the control's reading in the catalogue; anything else is an
unexpected value and the control stays unknown.
"""

from __future__ import annotations

from .locators import ACCESSIBLE_NAME_JS
from .models import Reader


class ReadError(Exception):
    """Why a control could not be read; `reason` is the Reason value its result gets."""

    def __init__(self, message: str, reason: str = "error"):
        super().__init__(message)
        self.reason = reason


READER_JS: dict[Reader, str] = {
    Reader.aria_checked: """el => {
      const value = el.getAttribute('aria-checked');
      if (value === null) throw new Error('the control has no aria-checked attribute');
      // On a native checkbox the browser shows (and announces) the box, not the attribute.
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const box = el.indeterminate ? 'mixed' : String(el.checked);
        if (box !== value) throw new Error(`aria-checked="${value}" and the box (${box}) disagree`);
      }
      return ['aria-checked', value];
    }""",
    Reader.checked: """el => {
      if (!(el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')))
        throw new Error('the control is not a native checkbox');
      // An indeterminate box shows the mixed state whatever `checked` says: report it as such.
      if (el.indeterminate) return ['checked', 'mixed'];
      return ['checked', el.checked ? 'true' : 'false'];
    }""",
    Reader.selected_option: """el => {
      const text = el instanceof HTMLSelectElement
        ? (el.selectedOptions[0] ? el.selectedOptions[0].textContent : '')
        : (el.getAttribute('aria-valuetext') || el.textContent || '');
      return ['selected option', text.split(/\\s+/).filter(Boolean).join(' ')];
    }""",
    # The state word is the last word of the accessible name ("Improve the model for everyone Off").
    Reader.state_text: """el => {
      const words = (""" + ACCESSIBLE_NAME_JS + """)(el).split(/\\s+/).filter(Boolean);
      if (!words.length) throw new Error('the control has no text');
      return ['state text', words[words.length - 1]];
    }""",
    # innerText, not the accessible name: the chip's aria-label says what a click WOULD do.
    Reader.shown_text: """el => {
      const words = (el.innerText || el.textContent || '').split(/[^\\p{L}]+/u).filter(Boolean);
      if (!words.length) throw new Error('the control shows no state word');
      return ['shown text', words[words.length - 1]];
    }""",
}
