"""Regenerate docs/report.png: the HTML report of a sample history, shot by headless Chromium.

    /work/venv/bin/python -m tests.scheduling.make_report_screenshot
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[2]


async def shoot(html_file: Path, png: Path) -> None:
    from checker.engine.browser import launch

    async with async_playwright() as pw:
        browser = await launch(pw)
        page = await browser.new_page(viewport={"width": 1000, "height": 900}, device_scale_factor=1)
        await page.goto(html_file.as_uri())
        await page.screenshot(path=str(png), full_page=True)
        await browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UNTRAIN_HOME"] = str(Path(tmp) / "home")  # a sample history, never the real one
        from checker import cli
        from checker.store.history import History

        from .helpers import fill_sample_history

        with History() as history:
            fill_sample_history(history)
        html_file = Path(tmp) / "report.html"
        cli.main(["report", "--html", str(html_file)])
        (ROOT / "docs").mkdir(exist_ok=True)
        asyncio.run(shoot(html_file, ROOT / "docs" / "report.png"))
    print(ROOT / "docs" / "report.png")


if __name__ == "__main__":
    main()
