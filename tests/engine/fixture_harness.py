"""Run a tiny scenario against a local HTML fixture, to test one engine feature at a time.

Fixtures are served at https://fixture.test/ by routing; every non-GET request is a mutation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from checker.engine.browser import Session
from checker.catalogue.catalog import Entry
from checker.catalogue.models import Scenario, SelectorFile
from checker.engine.runner import ScanOptions, scan_provider

FIXTURES = Path(__file__).parent / "fixtures"

SOURCES = [{"id": "fixture", "title": "Test fixture", "date": "2026-11-28"}]
FACT = {"source": "fixture", "confidence": "inferred"}


def scenario(steps, controls, detect=None, **extra) -> Scenario:
    return Scenario.model_validate({
        "id": "fixture", "name": "Fixture", "vendor": "Test", "product": "Test", "plan_scope": "any",
        "hosts": ["fixture.test"], "deep_links": [{"url": "https://fixture.test/", **FACT}],
        "documented_path": {"steps": ["Open the page"], **FACT}, "detect": detect or {},
        "steps": [{"goto": "deep_link"}, *steps], "controls": controls, "sources": SOURCES,
        "confidence": "inferred", "last_verified": "2026-11-28", "recheck_after": "2027-01-01", **extra,
    })


def control(locator="toggle", reader="aria_checked", allowed=("true",), disabled=("false",), cid="training"):
    """A training control; `reader=None` leaves the reading to the default (by meaning)."""
    reading = {"locator": locator, "training_allowed": list(allowed), "training_disabled": list(disabled)}
    return {"id": cid, "label": "Use my data for training", "severity": "high", "fix_path": "Turn it off",
            "default": {"value": "on", **FACT}, **FACT,
            "readings": [reading | ({"reader": reader} if reader else {})]}


def selectors(**named) -> SelectorFile:
    return SelectorFile.model_validate({"provider": "fixture", "selectors": named})


@dataclass(frozen=True)
class Answer:
    """How the fixture answers one API path: after `delay` seconds, with `status` and `body`, or by
    dropping the connection (`abort`), as a flaky settings API would."""

    body: str = "{}"
    delay: float = 0.0
    status: int = 200
    content_type: str = "application/json"
    abort: bool = False


def run_fixture(engine, html: str, sc: Scenario, sel: SelectorFile, timeout: float = 3.0, api=None,
                every_click: bool = False):
    """Returns (ProviderResult, mutations, the walk's WalkLog). `html` is a file name in fixtures/ or inline markup.

    `api` maps a path to (delay in seconds, JSON text) or an Answer: a page's requests that answer
    late, fail or break off, as a real settings API may while the page hydrates. `every_click` walks
    the documented path as QA does, making each click even when a later step's target already
    shows: the guard tests need the click to be tried."""
    body = (FIXTURES / html).read_text() if html.endswith(".html") else html
    mutations: list[str] = []

    async def prepare(context):
        async def handle(route):
            if route.request.method != "GET":
                mutations.append(f"{route.request.method} {route.request.url}")
            path = urlsplit(route.request.url).path
            if api and path in api:
                answer = api[path]
                if not isinstance(answer, Answer):
                    answer = Answer(delay=answer[0], body=answer[1])
                await asyncio.sleep(answer.delay)
                if answer.abort:
                    await route.abort("connectionaborted")
                else:
                    await route.fulfill(status=answer.status, content_type=answer.content_type, body=answer.body)
                return
            await route.fulfill(status=200, content_type="text/html", body=body)

        await context.route("**/*", handle)

    entry = Entry(sc, sel, Path("fixture.yaml"), Path("fixture-selectors.yaml"))
    result, log = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=prepare),
                                            ScanOptions(timeout=timeout, follow_deep_links=not every_click)))
    return result, mutations, log
