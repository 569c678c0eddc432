"""When a step is missing: list the elements on the page closest to what the catalogue expected.

The page's elements come from locate.js (namedElements): every visible widget or heading, with
its role and accessible name by the W3C algorithms, skipping what a person cannot see or what a
modal hides (aria-hidden), the elements the locators themselves consider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.async_api import Page

from ..engine import page_modules
from ..catalogue.models import Selector
from .similarity import score

MAX_SUGGESTIONS = 5
MIN_SCORE = 0.1  # below this a "suggestion" is noise

# Roles and names by the W3C algorithms, in extension/lib/locate.js: the elements the scan's and
# the extension's locators see, named as they name them.
ELEMENTS_JS = page_modules.function("return UntrainLocate.namedElements(document);",
                                    page_modules.ARIA, page_modules.LOCATE, params="")


@dataclass
class Suggestion:
    role: str
    name: str
    score: float
    box: dict | None = None  # where it is on the page, for the highlighted screenshot

    def describe(self) -> str:
        return f"{self.role} {self.name!r} ({self.score:.2f})"

    def as_dict(self) -> dict:
        return {"role": self.role, "name": self.name, "score": self.score}


def expected_labels(selector: Selector, wording: list[str]) -> list[str]:
    """Every human label the catalogue has for this step: what each candidate stands for, the
    accessible name its pattern describes, and how the documented path words the step."""
    labels = []
    for c in selector.candidates:
        labels += [c.shows_label, c.name, c.label, c.text, pattern_text(c.name_pattern)]
    labels += wording
    return list(dict.fromkeys(label.strip() for label in labels if label and label.strip()))


def pattern_text(pattern: str | None) -> str | None:
    """A readable sample of a name pattern: ^Turn (off|on) your Keep Activity setting$ → the text."""
    if not pattern:
        return None
    text = re.sub(r"\(([^()|]*)(\|[^()]*)?\)", r"\1", pattern)  # (off|on) → off
    text = re.sub(r"\\[bBAZz]|[\^$?*+]", "", text)
    text = re.sub(r"\\s", " ", text).replace("\\", "")
    return " ".join(text.split()) or None


def expected_role(selector: Selector) -> str | None:
    return next((c.role for c in selector.candidates if c.role), None)


async def page_elements(page: Page) -> list[dict]:
    try:
        return await page.evaluate(ELEMENTS_JS)
    except Exception:  # noqa: BLE001 - a page that navigated away or crashed has nothing to suggest
        return []


async def suggest(page: Page, labels: list[str], role: str | None, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    seen: dict[tuple[str, str], Suggestion] = {}
    for el in await page_elements(page):
        s = score(labels, role, el["name"], el["role"])
        key = (el["role"], el["name"])
        if s >= MIN_SCORE and (key not in seen or seen[key].score < s):
            box = {k: el[k] for k in ("x", "y", "width", "height")}
            seen[key] = Suggestion(el["role"], el["name"], s, box)
    return sorted(seen.values(), key=lambda s: -s.score)[:limit]
