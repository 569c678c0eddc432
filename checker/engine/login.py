"""Sign in once: open Untrain's own browser profile at each provider's page and wait.

The person signs in by hand in the window; Untrain only watches for the scenario's signed-in
markers (detect.signed_in), or for the window to close. It never fills, reads or stores a
password: the session cookies the provider sets are what later scans use, kept in the profile
directory (mode 0700).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

from playwright.async_api import BrowserContext, Error as PlaywrightError, Page, async_playwright

from .sources import PageSource, open_session
from ..catalogue.catalog import Entry
from ..store.data_paths import private_dir
from .locators import Found, find
from ..replicas.site import ReplicaWorld

POLL_SECONDS = 0.5

# Chromium would otherwise offer to save the password the person types, and keep form entries
# (their email) in "Login Data" / "Web Data". Untrain's profile must hold session cookies only.
NO_SAVED_CREDENTIALS = {
    "credentials_enable_service": False,
    "credentials_enable_autosignin": False,
    "profile": {"password_manager_enabled": False},
    "autofill": {"enabled": False, "profile_enabled": False, "credit_card_enabled": False},
}

# Called with (page, entry) once a provider's page is open. The CLI passes none; a test passes one
# that fills a replica's sign-in form the way a person would.
PageHook = Callable[[Page, Entry], Awaitable[None]]


@dataclass
class Outcome:
    provider: str
    name: str
    signed_in: bool
    note: str


def start_url(entry: Entry) -> str | None:
    sc = entry.scenario
    return sc.deep_link or sc.start_url


async def wall_showing(page: Page, entry: Entry) -> str | None:
    """What says the person is not (yet) in, if anything shows: a sign-in wall, a bot check. A scan
    reads such a page as `unknown` (signed_out, blocked), so login must not call it signed in,
    even with the signed-in marker on screen too (an expired session's "Log in" over the app)."""
    detect = entry.scenario.detect
    if entry.selectors is None:
        return None
    for marker in [*detect.blocked, *detect.signed_out]:
        if await find(page, entry.selectors, marker) is not None:
            return entry.selectors.selectors[marker].description or marker
    return None


async def look(page: Page, entry: Entry) -> tuple[bool, str | None]:
    """(signed in, the wall still showing). Signed in only when a signed-in marker shows once and
    no sign-in wall or bot check does: when unsure, it is "not signed in"."""
    markers = entry.scenario.detect.signed_in
    if not markers or entry.selectors is None:
        return False, None
    try:
        wall = await wall_showing(page, entry)
        if wall is not None:
            return False, wall
        for marker in markers:
            if isinstance(await find(page, entry.selectors, marker), Found):
                return True, None
    except PlaywrightError:  # the page is navigating; look again next poll
        pass
    return False, None


def forbid_saved_credentials(profile: Path) -> None:
    """Merge NO_SAVED_CREDENTIALS into the profile's Preferences before Chromium starts."""
    prefs_file = profile / "Default" / "Preferences"
    prefs_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        prefs = json.loads(prefs_file.read_text(encoding="utf-8"))
        if not isinstance(prefs, dict):
            prefs = {}
    except (OSError, ValueError):
        prefs = {}
    for key, value in NO_SAVED_CREDENTIALS.items():
        if isinstance(value, dict):
            section = prefs.get(key) if isinstance(prefs.get(key), dict) else {}
            prefs[key] = {**section, **value}
        else:
            prefs[key] = value
    prefs_file.write_text(json.dumps(prefs), encoding="utf-8")
    os.chmod(prefs_file, 0o600)


async def login(entries: list[Entry], profile: Path, *, headless: bool = False, wait: float | None = None,
                world: ReplicaWorld | None = None, on_page: PageHook | None = None,
                configured_browser: str | None = None) -> list[Outcome]:
    """Open one tab per provider and wait until each is signed in, its tab is closed, or `wait`
    seconds pass (no limit by default: the person may take their time)."""
    private_dir(profile)
    forbid_saved_credentials(profile)
    source = PageSource(profile=profile, world=world)
    # reading=False: the person sees the page as the site draws it, images and all.
    async with async_playwright() as pw, open_session(pw, source, headed=not headless, configured=configured_browser,
                                                      reading=False) as session:
        closed = asyncio.Event()
        session.context.on("close", lambda _: closed.set())
        return await _watch(session.context, entries, wait, on_page, closed)


async def _watch(context: BrowserContext, entries: list[Entry], wait: float | None,
                 on_page: PageHook | None, closed: asyncio.Event) -> list[Outcome]:
    pages: dict[str, Page] = {}
    outcomes: dict[str, Outcome] = {}
    hooks = []
    blank = list(context.pages)  # the persistent context opens with one empty tab
    for entry in entries:
        sc = entry.scenario
        url = start_url(entry)
        if not url:
            outcomes[sc.id] = Outcome(sc.id, sc.name, False, "nothing to sign in to here (no settings page Untrain reads)")
            continue
        page = blank.pop(0) if blank else await context.new_page()
        try:
            await page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            outcomes[sc.id] = Outcome(sc.id, sc.name, False, f"could not open {url}: {str(exc).splitlines()[0]}")
            continue
        pages[sc.id] = page
        if on_page:
            hooks.append(asyncio.create_task(on_page(page, entry)))
    by_id = {e.scenario.id: e for e in entries}
    walls: dict[str, str] = {}  # provider -> the wall its page showed at the last look
    deadline = time.monotonic() + wait if wait else None
    try:
        while pages:
            for provider, page in list(pages.items()):
                entry = by_id[provider]
                if closed.is_set() or page.is_closed():
                    note = ("the window was closed first" if entry.scenario.detect.signed_in else
                            "Untrain cannot see sign-in on this site; `untrain scan` will tell")
                    if provider in walls:
                        note += f"; it still showed {walls[provider]}"
                    outcomes[provider] = Outcome(provider, entry.scenario.name, False, note)
                else:
                    signed_in, wall = await look(page, entry)
                    if not signed_in:
                        if wall:
                            walls[provider] = wall
                        else:
                            walls.pop(provider, None)
                        continue
                    outcomes[provider] = Outcome(provider, entry.scenario.name, True, "signed in")
                del pages[provider]
            if not pages:
                break
            if deadline and time.monotonic() > deadline:
                for provider in pages:
                    note = f"not signed in after {wait:g} s"
                    if provider in walls:
                        note += f"; the page still shows {walls[provider]}"
                    outcomes[provider] = Outcome(provider, by_id[provider].scenario.name, False, note)
                break
            await asyncio.sleep(POLL_SECONDS)
    finally:
        for task in hooks:
            if not task.done():
                task.cancel()
        for task in hooks:
            try:
                await task
            except (asyncio.CancelledError, PlaywrightError):
                pass
    return [outcomes[e.scenario.id] for e in entries if e.scenario.id in outcomes]
