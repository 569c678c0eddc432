"""Find a browser, launch it once per run, and hand out one isolated page per provider.

Order: UNTRAIN_BROWSER (or the config file's `browser`), Playwright's own Chromium, then an
installed Chrome or Chromium; for a headless run, an installed Chromium headless shell first.
Headless by default; no stealth or evasion code, ever.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable

from playwright.async_api import Browser, BrowserContext, Page, Playwright

from . import page_modules
from ..errors import BrowserError, DataError

# Chromium's headless shell is the same engine without the browser's window, address bar and
# extension system: a full demo scan costs about a third less CPU in it (measured 2026-11-29,
# docs/performance.md), which matters for a scan that runs in the background on a laptop. It reads a
# profile that the full browser signed in to, and the other way round (tests/engine/test_browser.py).
# It cannot show a window or load extensions, so headed runs and the extension's tests use the full one.
# Playwright's own Chromium makes the same choice by itself.
HEADLESS_SHELLS = [
    "/usr/lib/chromium/chromium-headless-shell",  # Debian's package chromium-headless-shell
    "/usr/bin/chromium-headless-shell",
]
SYSTEM_BROWSERS = [
    "/usr/lib/chromium/chromium",  # Debian's real binary; /usr/bin/chromium is a wrapper script
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
]
HEAVY_RESOURCES = {"image", "media", "font"}
# Chromium 156 prewarms a WebUI renderer for the address bar's popup in every new window: about
# 0.7 CPU-seconds per context, most of a replica scan's cost on 2 CPUs. A headless scan never
# shows an address bar, so it goes. (Playwright merges this with its own --disable-features.)
HEADLESS_ARGS = ["--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"]
INSTALL_HINT = (
    "No Chromium-based browser was found. Install one of:\n"
    "  - Playwright's Chromium:   python -m playwright install chromium\n"
    "  - Debian/Ubuntu:           sudo apt-get install chromium\n"
    "  - macOS:                   brew install --cask chromium (or Google Chrome)\n"
    "or point Untrain at one with UNTRAIN_BROWSER=/path/to/chrome."
)


NO_DISPLAY_HINT = (
    "Run it from your desktop session, or over `ssh -X`. `untrain scan` and `untrain record` "
    "without --headed need no display.")
# What Chromium (and Playwright's banner) say when a window cannot be shown.
NO_DISPLAY_SIGNS = ("Missing X server", "without having a XServer", "platform failed to initialize")


class BrowserNotFound(BrowserError):
    def __init__(self, detail: str = ""):
        super().__init__((detail + "\n" if detail else "") + INSTALL_HINT)


class NoDisplay(BrowserError):
    """A headed browser with nowhere to show its window (an SSH session, a server). Installing a
    browser would not help, so this never carries the install hint."""

    def __init__(self, detail: str):
        super().__init__(f"{detail}\n{NO_DISPLAY_HINT}")


def check_display(headed: bool) -> None:
    """Before a headed launch on Linux: say there is no display, instead of Chromium's crash."""
    if headed and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay("A browser window needs a display, and there is none here "
                        "($DISPLAY and $WAYLAND_DISPLAY are unset, as in an SSH session).")


def launch_failure(exc: Exception, what: str) -> BrowserError:
    """The error to raise for a browser that would not start."""
    text = str(exc)
    if any(sign in text for sign in NO_DISPLAY_SIGNS):
        return NoDisplay(f"The browser could not open its window: the display "
                         f"{os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY') or ''} cannot be reached.")
    return BrowserNotFound(f"Could not start the browser {what}: {text.splitlines()[0]}")


def find_browser(playwright: Playwright | None = None, configured: str | None = None, *,
                 headless: bool = False) -> str | None:
    """The executable to launch, or None for Playwright's own Chromium (which picks its headless
    shell by itself). `headless` allows an installed headless shell, which cannot show a window."""
    from_env = os.environ.get("UNTRAIN_BROWSER")
    explicit = from_env or configured
    if explicit:
        path = shutil.which(explicit) or explicit
        if not Path(path).is_file():
            if from_env:
                raise BrowserNotFound(f"UNTRAIN_BROWSER points at {explicit!r}, which does not exist.")
            # The person's config file is at fault: bad data (65) naming the file and the key.
            from ..store import config

            raise DataError(f"{config.path(create_folder=False)}: browser: {explicit!r} does not exist. "
                            "Fix the path, or remove the line and Untrain finds a browser itself.")
        return path
    if playwright is not None:
        try:
            if Path(playwright.chromium.executable_path).is_file():
                return None
        except Exception:  # noqa: BLE001 - Playwright raises when its browser is not installed
            pass
    for candidate in [*(HEADLESS_SHELLS if headless else []), *SYSTEM_BROWSERS]:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound()


async def launch(playwright: Playwright, *, headed: bool = False, configured: str | None = None,
                 sandbox: bool = False) -> Browser:
    """`sandbox`: for a HAR replay, a browser that can reach no network at all (har/sandbox.py)."""
    check_display(headed)
    executable = find_browser(playwright, configured, headless=not headed)
    args = [] if headed else list(HEADLESS_ARGS)
    if sandbox:
        from ..har.sandbox import SANDBOX_ARGS

        args += SANDBOX_ARGS
    await page_modules.register(playwright)
    try:
        return await playwright.chromium.launch(executable_path=executable, headless=not headed, args=args)
    except Exception as exc:  # noqa: BLE001 - surface a launch failure as the install hint
        raise launch_failure(exc, f"({executable or 'Playwright Chromium'})") from None


async def block_heavy_resources(context: BrowserContext) -> None:
    """Images, media and fonts never change a reading; skipping them makes scans faster."""

    async def handler(route):
        if route.request.resource_type in HEAVY_RESOURCES:
            await route.abort()
        else:
            await route.fallback()

    await context.route("**/*", handler)


Prepare = Callable[[BrowserContext], Awaitable[None]]


class Session:
    """Hands out one page per provider, all in one context: the person's profile, or a fresh one
    (demo, HAR, tests) that lives while any of its pages is open. Pages share a context as they do in
    a profile; a context per page cost each provider about 0.1 CPU-second more in a full scan."""

    def __init__(self, browser: Browser | None = None, context: BrowserContext | None = None,
                 prepare: Prepare | None = None, context_options: dict | None = None):
        self.browser, self.context, self.prepare = browser, context, prepare
        self.context_options = context_options or {}  # for a fresh context: Playwright's (record_har_path…)
        self._fresh: asyncio.Task | None = None  # the fresh context being made or in use
        self._open_pages = 0

    @asynccontextmanager
    async def page(self) -> AsyncIterator[Page]:
        if self.context is not None:
            page = await self.context.new_page()
            try:
                yield page
            finally:
                await page.close()
            return
        self._open_pages += 1
        try:
            if self._fresh is None:  # made once, even when several providers ask at the same moment
                self._fresh = asyncio.ensure_future(self._new_context())
            context = await self._fresh
            page = await context.new_page()
            try:
                yield page
            finally:
                await page.close()
        finally:
            self._open_pages -= 1
            if self._open_pages == 0 and self._fresh is not None:
                fresh, self._fresh = self._fresh, None
                if fresh.done() and not fresh.cancelled() and not fresh.exception():
                    await fresh.result().close()

    async def _new_context(self) -> BrowserContext:
        context = await self.browser.new_context(service_workers="block", **self.context_options)
        if self.prepare:
            await self.prepare(context)
        return context


def profile_in_use(profile: Path) -> str | None:
    """Who holds the profile's SingletonLock ("host-pid", a symlink on Linux and macOS), if a live
    browser does. The full browser refuses such a profile by itself, but the headless shell that
    headless runs prefer does not look: it would share the cookie database with the running
    browser. A lock whose process is gone is stale; Chromium clears it on its next start."""
    try:
        target = os.readlink(profile / "SingletonLock")
    except OSError:  # no lock, or not a symlink (Windows keeps an open `lockfile` instead)
        return None
    host, _, pid = target.rpartition("-")
    if not pid.isdigit():
        return target
    if host != socket.gethostname():
        return f"pid {pid} on {host}"
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return None
    except OSError:  # alive, someone else's
        pass
    return f"pid {pid}"


def profile_in_use_error(profile: Path, holder: str = "") -> BrowserError:
    return BrowserError(f"The profile {profile} is in use by another browser{f' ({holder})' if holder else ''}: "
                        "close that window (an `untrain login` still open?) and retry. If no browser uses it, "
                        f"delete {profile / 'SingletonLock'}.")


async def persistent_context(playwright: Playwright, profile: Path, *, headed: bool = False,
                             configured: str | None = None, args: list[str] | None = None,
                             **options) -> BrowserContext:
    """Untrain's profile in one browser: checked for a display and for another browser using it
    first. `options` go to Playwright (record_har_path...)."""
    from ..store.data_paths import private_dir

    private_dir(profile)
    check_display(headed)
    holder = profile_in_use(profile)
    if holder:
        raise profile_in_use_error(profile, holder)
    executable = find_browser(playwright, configured, headless=not headed)
    await page_modules.register(playwright)
    try:
        return await playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=not headed,
            args=[*(args or []), *([] if headed else HEADLESS_ARGS)], **options)
    except Exception as exc:  # noqa: BLE001
        if "ProcessSingleton" in str(exc) or "SingletonLock" in str(exc):
            raise profile_in_use_error(profile) from None
        raise launch_failure(exc, f"with profile {profile}") from None

