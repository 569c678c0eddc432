"""When a step is missing: list the elements on the page closest to what the catalogue expected.

The page's accessible elements come from one JS walk over role-bearing elements (explicit roles
and the implicit ones of buttons, links, inputs, selects), skipping what a person cannot see or
what a modal hides (aria-hidden), the same elements Playwright's get_by_role would consider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.async_api import Page

from ..models import Selector
from .similarity import score

MAX_SUGGESTIONS = 5
MIN_SCORE = 0.1  # below this a "suggestion" is noise

ELEMENTS_JS = """() => {
  const implicit = (el) => {
    const tag = el.tagName.toLowerCase();
    if (tag === 'button' || (tag === 'input' && ['button','submit','reset'].includes(el.type))) return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'input' && el.type === 'checkbox') return 'checkbox';
    if (tag === 'input' && el.type === 'radio') return 'radio';
    if (tag === 'input' && el.type === 'range') return 'slider';
    if (tag === 'input' || tag === 'textarea') return 'textbox';
    if (tag === 'select') return 'combobox';
    if (tag === 'option') return 'option';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    return null;
  };
  const byIds = (el, ids) => ids.split(/\\s+/).map(id => (el.getRootNode().getElementById?.(id) || document.getElementById(id))?.textContent || '').join(' ');
  const nameOf = (el) => (el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') && byIds(el, el.getAttribute('aria-labelledby')))
      || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.value || el.getAttribute('title') || '')
      .replace(/\\s+/g, ' ').trim();
  const hidden = (el) => {
    // Up through shadow roots too: a modal's aria-hidden covers the web components inside it.
    for (let n = el; n && n.nodeType === 1; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
      if (n.getAttribute('aria-hidden') === 'true' || n.hidden || n.inert) return true;
    }
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return true;
    const r = el.getBoundingClientRect();
    return r.width === 0 && r.height === 0;
  };
  const out = [];
  // Open shadow roots too: Playwright's locators pierce them, and providers use web components.
  const SELECTOR = '[role],button,a[href],input,select,textarea,option,h1,h2,h3,h4,h5,h6,label';
  const all = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(SELECTOR)) all.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);
  for (const el of all) {
    let role = el.getAttribute('role') || implicit(el);
    if (el.tagName === 'LABEL') { if (!el.querySelector('input')) continue; role = el.querySelector('input').type === 'radio' ? 'radio' : 'checkbox'; }
    if (!role || ['presentation','none','generic','group','region','dialog','menu','tablist','tabpanel','list','listitem','main','navigation'].includes(role)) continue;
    if (hidden(el)) continue;
    const name = nameOf(el).slice(0, 200);
    if (!name) continue;
    const r = el.getBoundingClientRect();
    out.push({role, name, x: r.x, y: r.y, width: r.width, height: r.height});
  }
  return out;
}"""


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
