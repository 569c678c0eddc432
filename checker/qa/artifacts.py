"""Failure artifacts: a screenshot with the expected place highlighted, and a Playwright trace.

They are written into a private folder (0700, files 0600): a screenshot or trace of a live page
can show the person's name and chat titles, so they are for the person, not for a bug tracker.
Use `untrain record` (sanitised HAR) to share a page.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

from playwright.async_api import BrowserContext, Page

from ..store.data_paths import private_dir

OVERLAY_ID = "untrain-qa-overlay"

# Draws a banner and a red outline over where the missing element most likely went (the best
# suggestion). Pure overlay: it adds one fixed element and changes nothing in the app.
HIGHLIGHT_JS = """([id, banner, box]) => {
  const root = document.createElement('div');
  root.id = id;
  root.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;font:14px system-ui,sans-serif';
  const top = document.createElement('div');
  top.textContent = banner;
  top.style.cssText = 'position:absolute;left:0;right:0;top:0;padding:6px 10px;background:#b00020;color:#fff';
  root.appendChild(top);
  if (box) {
    const mark = document.createElement('div');
    mark.style.cssText = `position:absolute;left:${box.x - 4}px;top:${box.y - 4}px;width:${box.width + 8}px;` +
      `height:${box.height + 8}px;border:3px solid #b00020;border-radius:6px;box-shadow:0 0 0 9999px rgba(0,0,0,.15)`;
    root.appendChild(mark);
  }
  document.documentElement.appendChild(root);
}"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "step"


def _private_file(path: Path) -> str:
    if path.exists():
        os.chmod(path, 0o600)
    return str(path)


async def start_trace(context: BrowserContext, title: str) -> None:
    await context.tracing.start(screenshots=True, snapshots=True, title=title)


async def stop_trace(context: BrowserContext, path: Path | None) -> str | None:
    """Keep the trace only when something failed; otherwise discard it."""
    if path is None:
        await context.tracing.stop()
        return None
    private_dir(path.parent)
    await context.tracing.stop(path=str(path))
    sanitise_trace(path)
    return _private_file(path)


def sanitise_trace(path: Path) -> None:
    """Strip cookies and auth headers from the trace's network log (a live run sends the session).

    Only the request/response metadata is rewritten, with the HAR sanitiser; the page snapshots
    stay as they were, which is why traces stay private and `untrain record` is for sharing."""
    from ..har import Sanitiser

    sanitiser = Sanitiser(trace=True)
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename.endswith(".network"):
                lines = []
                for line in data.decode("utf-8").splitlines():
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue  # never keep a line we could not check
                    if isinstance(event.get("snapshot"), dict):
                        event["snapshot"] = sanitiser.entry(event["snapshot"])
                        if event["snapshot"] is None:
                            continue  # never keep an entry we could not check
                    lines.append(json.dumps(event))
                data = ("\n".join(lines) + "\n").encode("utf-8")
            out.writestr(info, data)


async def highlighted_screenshot(page: Page, path: Path, banner: str, box: dict | None) -> str | None:
    private_dir(path.parent)
    try:
        await page.evaluate(HIGHLIGHT_JS, [OVERLAY_ID, banner, box])
    except Exception:  # noqa: BLE001 - a page mid-navigation still gets its plain screenshot
        pass
    try:
        await page.screenshot(path=str(path))
    except Exception:  # noqa: BLE001 - a crashed page has no screenshot; the trace still tells
        return None
    return _private_file(path)
