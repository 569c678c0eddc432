"""The shared scan harness: scan a replica in a given state and check the read-only rule.

`scan_replica` asserts the replica's mutation log is empty after every scan, so every scan test
proves the scan changed nothing; and that every request the page made was answered by the routing,
so none of them tried the network (a DNS lookup is already a network touch).
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import async_playwright

from checker.engine.browser import Session, launch
from checker.catalogue.catalog import Catalog, load_catalog
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld
from checker.results import ProviderResult
from checker.engine.runner import ScanOptions, scan_provider
from checker.engine.steps import WalkLog

TEST_TIMEOUT = 4.0  # seconds per element; the slow replica renders at 2 s


@dataclass
class PageCount:
    """How many provider pages a scan had open at once, counted at Session.page."""

    open: int = 0
    most_at_once: int = 0

    @classmethod
    def install(cls, monkeypatch) -> "PageCount":
        count, real_page = cls(), Session.page

        @asynccontextmanager
        async def counting_page(session):
            async with real_page(session) as page:
                count.open += 1
                count.most_at_once = max(count.most_at_once, count.open)
                try:
                    yield page
                finally:
                    count.open -= 1

        monkeypatch.setattr(Session, "page", counting_page)
        return count


class Engine:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright = self.run(async_playwright().start())
        self.browser = self.run(launch(self.playwright))

    def run(self, coro, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self):
        self.run(self.browser.close())
        self.run(self.playwright.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


_catalog: Catalog | None = None
_root: Path | None = None  # another checkout's catalogue and replicas, while use_root says so


def use_root(root: Path | None) -> None:
    """Read scenarios/, selectors/ and tests/replicas/ under `root` instead of this checkout's (None:
    this checkout's again). A scaffolded provider's spec runs unchanged against a scaffold in a
    temporary folder this way (tests/providers/test_new_provider.py)."""
    global _catalog, _root
    _catalog, _root = None, root


def catalog() -> Catalog:
    global _catalog
    if _catalog is None:
        _catalog = load_catalog(_root / "scenarios", _root / "selectors") if _root else load_catalog()
    return _catalog


@dataclass
class Scan:
    result: ProviderResult
    world: ReplicaWorld
    log: WalkLog | None  # what the walk saw; None for a provider without a page

    def control(self, control_id: str):
        return next(c for c in self.result.controls if c.id == control_id)


def scan_replica(engine: Engine, provider: str, state: str, *, timeout: float = TEST_TIMEOUT,
                 entry=None, follow_deep_links: bool = True, root: Path | None = None) -> Scan:
    """Scan one replica state (from `root`, else use_root's tests/replicas, else this checkout's) and
    assert the scan changed nothing, answered no wall but with "Reject all", and never tried the network."""
    return engine.run(scan_replica_async(engine, provider, state, timeout=timeout, entry=entry,
                                         follow_deep_links=follow_deep_links, root=root))


async def scan_replica_async(engine: Engine, provider: str, state: str, *, timeout: float = TEST_TIMEOUT,
                             entry=None, follow_deep_links: bool = True, root: Path | None = None) -> Scan:
    """scan_replica, on the engine's loop: several scans (or a scan and a browser with the
    extension) can run at once there."""
    root = root or (_root / "tests" / "replicas" if _root else None)
    world = ReplicaWorld.build({provider: state}, root=root)
    entry = entry or catalog()[provider]

    requested: list = []
    routed: set = set()

    async def prepare(context):
        await routing.install(context, world)
        await watch_for_escapes(context, requested, routed)

    options = ScanOptions(timeout=timeout, follow_deep_links=follow_deep_links)
    result, log = await scan_provider(entry, Session(browser=engine.browser, prepare=prepare), options)
    assert world.mutations == [], f"the scan changed something: {world.mutations}"
    # Consent-wall choices and sign-ins are kept apart from the mutation log; a scan makes neither,
    # except "Reject all" on a wall.
    for site in world.sites.values():
        assert set(site.consents) <= {"reject"}, f"the scan answered a consent wall with {site.consents}"
        assert site.logins == [], f"the scan submitted {site.provider}'s sign-in form"
    escaped = [request.url for request in requested if request not in routed]
    assert escaped == [], f"requests escaped the replica routing and tried the network: {escaped}"
    return Scan(result, world, log)


async def watch_for_escapes(context, requested: list, routed: set) -> None:
    """Fill `requested` with every http(s) request the context makes and `routed` with those the
    routing saw (the same Request objects: a redirect's next hop has the same URL as an earlier
    request when it comes back to the page it left). Registered after the routing, so it is asked
    first, notes the request and falls back."""

    async def note(route):
        routed.add(route.request)
        await route.fallback()

    await context.route("**/*", note)
    context.on("request", lambda request: request.url.startswith("http") and requested.append(request))
