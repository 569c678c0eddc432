"""Warm-browser scans, for comparing two checkouts: ChatGPT `off` alone (bench/run.py section 3),
Gemini alone, and the full demo scan, N runs each, medians printed on one line.

Run it from each checkout in turn (it scans with the `checker` of the current directory), and
alternate, so a burst of outside load hits both alike:
    cd OLD && python /path/to/bench/warm_scans.py 3; cd NEW && python bench/warm_scans.py 3; ...
Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
sys.path.insert(0, str(Path.cwd() / "bench"))

from playwright.async_api import async_playwright  # noqa: E402

import run as bench  # noqa: E402  (the current checkout's bench/run.py)
from checker.engine.browser import launch
from checker.catalogue.catalog import load_catalog
from checker.engine.runner import ScanOptions


async def main(repeats: int) -> None:
    catalog = load_catalog()
    every = list(catalog.entries.values())
    options = ScanOptions(timeout=10, concurrency=4, source="demo")
    async with async_playwright() as pw:
        browser = await launch(pw)
        await bench.engine_scan(browser, every, {}, options)  # warm-up, not counted
        times: dict[str, list[float]] = {"chatgpt": [], "gemini": [], "full": []}
        for _ in range(repeats):
            for name, entries, states in [("chatgpt", [catalog["chatgpt"]], {"chatgpt": "off"}),
                                          ("gemini", [catalog["gemini"]], {}), ("full", every, {})]:
                started = time.perf_counter()
                await bench.engine_scan(browser, entries, states, options)
                times[name].append(time.perf_counter() - started)
        await browser.close()
    print(" ".join(f"{name} {statistics.median(t):.3f}" for name, t in times.items()))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
