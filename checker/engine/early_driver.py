"""Start Playwright's driver first, so that `untrain scan` (and `paths`) gets ready while it boots.

The driver is a Node process that takes about half a second to boot (0.5 s on the 2-CPU benchmark
machine, 2026-11-29): longer than importing the engine, parsing the arguments and loading the
catalogue together. `untrain scan` therefore spawns it before doing any of that, on an event loop
kept for the scan, and the scan picks it up when it launches the browser.

Node also keeps the driver's compiled code between runs (NODE_COMPILE_CACHE, in Untrain's cache
folder), which takes about 0.1 s more off each boot.

Only the order changes. Nothing waits on a timer for correctness: a scan that finds the driver
still booting waits for it, and `stop()` ends a driver that no scan took (`untrain scan` with a
usage error, a bad config, a locked profile).
"""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager, contextmanager
from typing import AsyncIterator, Awaitable, TypeVar

# Long enough for the start-up to reach the point where the process is spawned (a few loop turns);
# the boot then goes on by itself while the loop is idle.
SPAWN_SECONDS = 0.005

T = TypeVar("T")


class _EarlyDriver:
    def __init__(self) -> None:
        from playwright.async_api import async_playwright

        self.runner = asyncio.Runner()
        self.taken = False

        async def spawn() -> asyncio.Task:
            starting = asyncio.ensure_future(async_playwright().start())
            await asyncio.sleep(SPAWN_SECONDS)
            return starting

        with _compile_cache():  # only for the driver, which copies the environment as it spawns
            self.starting = self.runner.run(spawn())

    def close(self) -> None:
        try:
            if not self.taken:
                self.runner.run(self._stop_untaken())
        finally:
            self.runner.close()  # cancels what is left, as asyncio.run does

    async def _stop_untaken(self) -> None:
        try:
            playwright = await self.starting
        except Exception:  # noqa: BLE001 - it never started; the scan did not need it
            return
        await playwright.stop()


@contextmanager
def _compile_cache():
    from ..store import data_paths

    from ..errors import DataError

    try:
        folder = data_paths.cache_dir() / "node-compile-cache"
    except (OSError, DataError):  # only a speed-up: a cache that cannot be made is no reason to stop a scan
        folder = None
    if folder is None or "NODE_COMPILE_CACHE" in os.environ:  # the person's own choice stands
        yield
        return
    os.environ["NODE_COMPILE_CACHE"] = str(folder)
    try:
        yield
    finally:
        del os.environ["NODE_COMPILE_CACHE"]


_current: _EarlyDriver | None = None


def start() -> None:
    """Spawn the driver now (once); `run` and `playwright` below pick it up."""
    global _current
    if _current is None:
        _current = _EarlyDriver()


def stop() -> None:
    """End the early driver, and its loop, if one was started."""
    global _current
    early, _current = _current, None
    if early is not None:
        early.close()


def run(main: Awaitable[T]) -> T:
    """asyncio.run(main), on the early driver's loop when there is one."""
    if _current is None:
        return asyncio.run(main)
    return _current.runner.run(main)


@asynccontextmanager
async def playwright() -> AsyncIterator:
    """Like `async with async_playwright()`: the early driver if one was started for this loop and
    not taken yet, else a fresh one. Stopped on exit either way."""
    early = _current
    if early is not None and not early.taken and early.runner.get_loop() is asyncio.get_running_loop():
        early.taken = True
        pw = await early.starting
        try:
            yield pw
        finally:
            await pw.stop()
        return
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        yield pw
