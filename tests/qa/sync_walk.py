"""A small synchronous walker for the pytest-playwright QA suite (tests/qa/test_documented_paths.py).

It follows a scenario's documented path from its start page with pytest-playwright's sync `page`,
using the catalogue's own ranked candidates (checker.engine.locators.candidate_locator works on sync pages
too: it only builds locators). It clicks navigation selectors only and refuses what the scan's guard refuses
(extension/lib/guard.js), so a QA run is read-only like a scan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from checker.catalogue.catalog import Entry
from checker.engine.guard import FACTS_JS
from checker.engine.locators import candidate_locator
from checker.catalogue.models import (
    ClickStep,
    DismissStep,
    GotoStep,
    PressStep,
    ReadStep,
    SelectorKind,
    WaitStep,
)

POLL = 0.1
OPTIONAL_WAIT = 2.0


class Wall(Exception):
    """Signed out, blocked or a pending terms pop-up: the path cannot be checked, never 'missing'."""

    def __init__(self, reason: str, marker: str):
        super().__init__(f"{reason} ({marker})")
        self.reason = reason


@dataclass
class StepResult:
    index: int
    kind: str
    target: str
    outcome: str  # found | drift | skipped | missing | ambiguous
    rank: int | None = None

    def __str__(self) -> str:
        rank = f" by candidate {self.rank + 1}" if self.rank is not None else ""
        return f"{self.index} {self.kind} {self.target}: {self.outcome}{rank}"


def find(page, entry: Entry, name: str):
    """(locator, rank) of the first candidate with exactly one visible match; 'ambiguous'; or None."""
    selector = entry.selectors.selectors[name]
    root = page
    if selector.within:
        parent = find(page, entry, selector.within)
        if not isinstance(parent, tuple):
            return None
        root = parent[0]
    ambiguous = None
    for rank, candidate in enumerate(selector.candidates):
        locator = candidate_locator(root, candidate).filter(visible=True)
        count = locator.count()
        if count == 1:
            return locator, rank
        if count > 1:
            ambiguous = "ambiguous"
    return ambiguous


def check_walls(page, entry: Entry) -> None:
    detect = entry.scenario.detect
    walls = [("blocked", detect.blocked), ("pending_consent", detect.pending_consent),
             ("signed_out", detect.signed_out), ("blocked", [w.marker for w in detect.consent_walls])]
    for reason, markers in walls:
        for marker in markers:
            if isinstance(find(page, entry, marker), tuple):
                raise Wall(reason, marker)


def wait_for(page, entry: Entry, name: str, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        check_walls(page, entry)
        found = find(page, entry, name)
        if isinstance(found, tuple) or time.monotonic() > deadline:
            return found
        time.sleep(POLL)


def walk(page, entry: Entry, timeout: float) -> list[StepResult]:
    sc = entry.scenario
    results: list[StepResult] = []
    reads: dict[str, int] = {}
    for index, step in enumerate(sc.steps):
        if isinstance(step, GotoStep):
            url = sc.start_url if step.goto in ("deep_link", "start") and sc.start_url else (
                sc.deep_link if step.goto == "deep_link" else step.goto)
            page.goto(url, wait_until="domcontentloaded")
            results.append(StepResult(index, "goto", url, "found"))
            continue
        if isinstance(step, PressStep):
            page.keyboard.press(step.press)
            results.append(StepResult(index, "press", step.press, "found"))
            continue
        if isinstance(step, ReadStep):
            n = reads.get(step.read, 0)
            reads[step.read] = n + 1
            name, kind = sc.control(step.read).readings[n].locator, "read"
        else:
            name = getattr(step, "click", None) or getattr(step, "wait", None) or getattr(step, "dismiss")
            kind = type(step).__name__.removesuffix("Step").lower()
        optional = isinstance(step, DismissStep) or (isinstance(step, ClickStep) and step.optional)
        found = wait_for(page, entry, name, OPTIONAL_WAIT if optional else timeout)
        if not isinstance(found, tuple):
            results.append(StepResult(index, kind, name, "skipped" if optional else found or "missing"))
            if optional:
                continue
            return results
        locator, rank = found
        results.append(StepResult(index, kind, name, "drift" if rank else "found", rank))
        if isinstance(step, (ClickStep, DismissStep)):
            allowed = SelectorKind.dismiss if isinstance(step, DismissStep) else SelectorKind.navigation
            assert entry.selectors.selectors[name].kind == allowed, f"{name} is not a {allowed.value} selector"
            # The scan's own read-only rule (extension/lib/guard.js), on the element about to be clicked.
            facts = locator.evaluate_all(FACTS_JS, [name, isinstance(step, DismissStep)])
            assert facts["count"] == 1 and not facts["refusal"], facts.get("refusal") or f"{name}: {facts['count']} elements"
            locator.click()
    return results


def route_replica(context, world) -> None:
    """Serve a ReplicaWorld at the real URLs in a sync Playwright context; refuse everything else."""

    def refuse(route):
        if route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            world.log_stray(route.request.method, route.request.url, route.request.post_data_buffer)
            route.abort("internetdisconnected")

    def serve(route):
        request = route.request
        response = world.handle(request.method, request.url, request.all_headers(), request.post_data_buffer)
        route.fulfill(status=response.status, headers=response.headers, body=response.body)

    context.route("**/*", refuse)  # registered first, matched last
    for site in world.sites.values():
        for host in site.hosts:
            context.route(f"https://{host}/**", serve)
