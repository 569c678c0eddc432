"""The popup's status colours are readable in both colour schemes: WCAG 2 contrast of at least 4.5
against the background the popup is really painted on, measured in real Chromium."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from .conftest import POPUP, extension_context

# Every tone a status chip can take (lib/status.js), and the other coloured text of the popup.
COLOURED_TEXT = ['.status[data-tone="bad"]', '.status[data-tone="good"]', '.status[data-tone="warn"]',
                 '.status[data-tone="neutral"]', ".meta", "#summary", ".as-of", ".scan-error", ".open-error",
                 ".copy-note", "footer"]
WCAG_AA = 4.5

# Each selector's computed colour, on an element made for it in the popup's list, and the colour
# the popup is painted on: the body's, else the root's, else the browser's own canvas for the scheme.
MEASURE = """(selectors) => {
  const probe = (style) => { const d = document.createElement('div'); Object.assign(d.style, style);
    document.body.append(d); const c = getComputedStyle(d).backgroundColor; d.remove(); return c; };
  const opaque = (c) => c && !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== 'transparent';
  const painted = [getComputedStyle(document.body).backgroundColor,
    getComputedStyle(document.documentElement).backgroundColor, probe({ backgroundColor: 'Canvas' })].find(opaque);
  const host = document.createElement('li'); host.className = 'provider'; document.getElementById('providers').append(host);
  const colours = {};
  for (const sel of selectors) {
    const m = sel.match(/^\\.([\\w-]+)(?:\\[data-tone="(\\w+)"\\])?$/);
    const el = m ? document.createElement(['.meta', '.scan-error', '.open-error'].includes(sel) ? 'p' : 'span') : document.querySelector(sel);
    if (m) { el.className = m[1]; if (m[2]) el.dataset.tone = m[2]; el.textContent = 'x'; host.append(el); }
    colours[sel] = getComputedStyle(el).color;
  }
  return { background: painted, colours };
}"""


def rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1: css.index(")")].replace(",", " ").split()
    return tuple(float(v) for v in parts[:3])


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_status_colours_have_enough_contrast_in_both_schemes(engine, untrain_home, tmp_path, scheme):
    # The popup declares `color-scheme: light dark`, so a dark browser paints it dark; its status
    # colours were the light scheme's, at 2.5 to 3.7 against that background.
    async def body():
        async with extension_context(engine.playwright, tmp_path / "profile", host=False,
                                     color_scheme=scheme) as (context, worker):
            popup = await context.new_page()
            await popup.goto(POPUP)
            await expect(popup.locator("li.provider").first).to_be_visible()
            assert await popup.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            return await popup.evaluate(MEASURE, COLOURED_TEXT)

    measured = engine.run(body())
    background = measured["background"]
    too_faint = {sel: round(contrast(colour, background), 2) for sel, colour in measured["colours"].items()
                 if contrast(colour, background) < WCAG_AA}
    assert not too_faint, (scheme, background, too_faint)
