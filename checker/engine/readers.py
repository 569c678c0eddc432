"""Read a control's state from the DOM. Each reader is a function run in the page on the control's
element, returning [attribute read, raw value] or throwing an Error that says why it cannot. The
readers themselves are extension/lib/read_state.js, the file the extension loads too.

They run in the page, not through one driver call per attribute, so that a reading and the check
that the page stood still around it are one round trip (see settle.py).

Raw values are mapped to on/off by the control's reading in the catalogue; anything else is an
unexpected value and the control stays unknown.
"""

from __future__ import annotations


class ReadError(Exception):
    """Why a control could not be read; `reason` is the Reason value its result gets."""

    def __init__(self, message: str, reason: str = "error"):
        super().__init__(message)
        self.reason = reason

