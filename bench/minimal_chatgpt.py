"""The minimal hand-written Playwright script the benchmark compares `untrain scan` with, as a
one-off command: start Playwright, launch Chromium, open the ChatGPT deep link, click the row,
read the switch, print it. No walls, no drift, no settling, no report.

It is served the same bundled replica as `untrain scan --demo --provider chatgpt` (the `on` state),
so both commands read the same page. Usage: python bench/minimal_chatgpt.py [CHROMIUM_PATH]
(no path: Playwright's own Chromium).
"""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import async_playwright  # noqa: E402

from checker.replicas import routing  # noqa: E402 (serves the replica; not part of the "script")
from checker.replicas.site import ReplicaWorld  # noqa: E402


async def main(executable: str | None) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable)
        context = await browser.new_context(service_workers="block")
        await routing.install(context, ReplicaWorld.build({"chatgpt": "on"}))
        page = await context.new_page()
        await page.goto("https://chatgpt.com/#settings/DataControls", wait_until="domcontentloaded")
        await page.get_by_role("button", name="Improve the model for everyone").click()
        print(await page.get_by_role("switch", name="Improve the model for everyone").get_attribute("aria-checked"))
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else None))
