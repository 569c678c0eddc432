"""Benchmark: how soon the extension's popup shows statuses, and how soon the app's answer replaces them.

Loads the unpacked extension in headless Chromium with the real native host (`untrain
native-host`, a fresh process per message, as the browser starts it) in a private UNTRAIN_HOME
holding one recorded scan, opens the popup N times and reads the popup's own performance marks
(extension/popup.js), all in ms from the popup's navigation start:

  script   when the popup's own code began (before it: the browser making the page and loading
           the popup's HTML, CSS and scripts);
  first    the first paint of statuses: the last known state, marked "as of" (issue 16: < 100 ms);
  current  the paint of the app's current answer (a native-host round trip later).

The first opening after the extension starts paints the service worker's copy (a storage round
trip); every later one paints the popup's own copy, read at once. Both are reported.

Not a test: pytest does not collect bench/. Run it with
    python bench/popup.py [-n 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import async_playwright  # noqa: E402

from checker.engine.browser import find_browser
from checker.extension_host.extension_build import EXTENSION_DIR, EXTENSION_ID
from checker.extension_host.extension_install import write_host

POPUP = f"chrome-extension://{EXTENSION_ID}/popup.html"
MARKS = {"script": "untrain:popup-script", "first": "untrain:first-status-paint",
         "current": "untrain:current-status-paint"}


async def opening(context) -> dict:
    page = await context.new_page()
    await page.goto(POPUP)
    for _ in range(400):
        marks = dict(await page.evaluate(
            "performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])"))
        if all(name in marks for name in MARKS.values()):
            break
        await asyncio.sleep(0.025)
    await page.close()
    return {key: marks.get(name) for key, name in MARKS.items()}


async def run(repeats: int, home: Path) -> tuple[dict, list[dict]]:
    os.environ["UNTRAIN_HOME"] = str(home)
    profile = home / "browser-profile"
    write_host(profile / "NativeMessagingHosts")
    args = [f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}",
            "--host-resolver-rules=MAP * ~NOTFOUND"]
    async with async_playwright() as p:
        context = await p.chromium.launch_persistent_context(
            str(profile), executable_path=find_browser(headless=False), headless=True, args=args,
            env=dict(os.environ))
        try:
            worker = context.service_workers[0] if context.service_workers else await context.wait_for_event("serviceworker")
            for _ in range(400):  # the worker's start-up refresh has kept a status for the popup
                if (await worker.evaluate("chrome.storage.local.get('lastStatus')")).get("lastStatus"):
                    break
                await asyncio.sleep(0.05)
            first = await opening(context)
            later = [await opening(context) for _ in range(repeats)]
        finally:
            await context.close()
    return first, later


def record_a_scan(home: Path) -> None:
    os.environ["UNTRAIN_HOME"] = str(home)
    from checker.store.history import History
    from checker.results import Status

    with History() as history:
        history.record_reading("chatgpt", "improve_model", Status.on, source="scan")
        history.record_reading("claude", "help_improve", Status.off, source="scan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="later openings to time (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="untrain-bench-popup-") as folder:
        home = Path(folder)
        record_a_scan(home)
        first, later = asyncio.run(run(args.n, home))
    print("popup openings, ms from navigation start (median, min-max)")
    print(f"{'':34} {'script began':>14} {'first statuses':>16} {'current answer':>16}")
    print(f"{'first opening (worker copy)':34} {first['script']:>14.0f} {first['first']:>16.0f} {first['current']:>16.0f}")
    for key in ("script", "first", "current"):
        values = [o[key] for o in later if o[key] is not None]
        later_med = statistics.median(values)
        print(f"  later openings, {key:<10} median {later_med:7.0f}  min {min(values):6.0f}  max {max(values):6.0f}")
    own = [o["first"] - o["script"] for o in later]
    print(f"  the popup's own part (first statuses - script began): median {statistics.median(own):.0f} ms, "
          f"max {max(own):.0f} ms")


if __name__ == "__main__":
    main()
