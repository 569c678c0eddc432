"""Where a command's pages come from, and the one way to open a browser session on them.

`scan`, `paths`, `record` and `login` each name a PageSource and open it with `open_session`:
- the person's profile, which `login` signs in and the others read (with `world`, the bundled
  replicas are served inside it: how tests and demos of sign-in work);
- the bundled replicas alone, in a fresh context that lives while its pages do;
- a recorded HAR, in a browser that can reach no network at all.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from playwright.async_api import Browser, Playwright

from ..har.sandbox import CheckedHar, replay
from ..replicas import routing
from ..replicas.site import ReplicaWorld
from .browser import Session, block_heavy_resources, launch, persistent_context


@dataclass(frozen=True)
class PageSource:
    profile: Path | None = None  # a claimed profile folder (data_paths.claim_profile)
    world: ReplicaWorld | None = None  # the replicas to serve: alone, or inside the profile
    har: Path | None = None
    har_checked: CheckedHar | None = None  # har.check_file's result, so the file is read once

    def __post_init__(self):
        if self.har is not None and (self.profile is not None or self.world is not None):
            raise ValueError("a HAR replay is a source of its own: no profile, no replicas")
        if self.har is None and self.profile is None and self.world is None:
            raise ValueError("a page source needs a profile, replicas or a HAR")


@asynccontextmanager
async def open_session(playwright: Playwright, source: PageSource, *, headed: bool = False,
                       configured: str | None = None, browser: Browser | None = None,
                       reading: bool = True, context_options: dict | None = None) -> AsyncIterator[Session]:
    """A Session on `source`, closed (with its browser, when it launched one) on the way out.

    `configured`: the config file's `browser`. `browser`: one already running, for a fresh
    context (paths shares one across providers; tests share theirs). `reading`: a scan or QA walk,
    which needs no images, fonts or media; `login` shows the page to a person and `record` keeps
    what the page loads. `context_options` go to Playwright's context (record_har_path…)."""
    options = context_options or {}
    if source.profile is not None:
        context = await persistent_context(playwright, source.profile, headed=headed, configured=configured,
                                           **options)
        gone: list = []  # a person closes the window of a headed one (login) when they are done
        context.on("close", lambda _: gone.append(True))
        try:
            if source.world is not None:
                await routing.install(context, source.world)
            if reading:
                await block_heavy_resources(context)
            yield Session(context=context)
        finally:
            if not gone:
                await context.close()  # also writes a recorded HAR, and flushes a new sign-in's cookies
        return
    if browser is not None:
        yield Session(browser=browser, prepare=_prepare(source), context_options=options)
        return
    async with shared_browser(playwright, headed=headed, configured=configured, har=source.har is not None) as own:
        yield Session(browser=own, prepare=_prepare(source), context_options=options)


@asynccontextmanager
async def shared_browser(playwright: Playwright, *, headed: bool = False, configured: str | None = None,
                         har: bool = False) -> AsyncIterator[Browser]:
    """A browser for several sessions' fresh contexts (`open_session(browser=…)`), closed on the
    way out. `paths` gives each provider a context of its own, because a trace belongs to one.
    `har`: for HAR replays, launched so that it can reach no network at all."""
    browser = await launch(playwright, headed=headed, configured=configured, sandbox=har)
    try:
        yield browser
    finally:
        await browser.close()


def _prepare(source: PageSource):
    if source.har is not None:
        return replay(source.har, source.har_checked)

    async def serve_replicas(context) -> None:
        await routing.install(context, source.world)

    return serve_replicas
