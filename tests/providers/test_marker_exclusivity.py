"""Markers that cannot be confused (issue 12, point 5).

Every `detect` marker of a provider is looked for, with the engine's own look (`locators.find`, as
`Walk.visible` and login's `look` do), on every state of that provider's replica: the page(s) a
scan opens (its `goto` steps, its start URL, its deep links), in real Chromium with the replica
routing. Each page is classed by what the state is, never by what the markers say:
- own replicas (tests/replicas): by the state's flags (FLAG_CLASSES below);
- blind replicas (tests/blind_replicas, when present): by the state's declared
  `expect: {status, reason}`.
The server's own flags (`signed_out`, `login_required`: no session) make a page signed out in both.

It fails, naming provider, state, page, marker and what it matched, when
- a signed-out, blocked, consent-wall, pending-consent or not-applicable marker matches a page of
  any other class, or
- a signed-in marker matches a signed-out or blocked page.
A marker that matched once while the page rendered counts: the scan looks on every poll, too.

Why: real signed-in pages link to their account hosts (every signed-in Google page links its
avatar to accounts.google.com), and sign-in links often point at a separate accounts host, so a
signed-out marker keyed on "a link to the accounts host" reads every signed-in person as signed out
(fact check 2026-12 §E). A marker is a sign-in form, button, heading or text, not a destination.

Only the landing pages are looked at: markers that show deeper in the walk (a business-seat notice
behind a menu) are the provider specs' business.

Speed: one browser (the session's), a context per state shared by its URLs, every selected provider
looked at in one go (24 pages at a time), and each page looked at as it loads, after 0.5 s, and
then only while the page's own marker is still missing (a slow app). About 230 pages.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Error as PlaywrightError

from checker.store import data_paths
from checker.engine.browser import Session
from checker.catalogue.catalog import Entry
from checker.engine.locators import Found, candidate_locator, find
from checker.catalogue.models import Kind
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld, available_providers, load_manifest

from ..harness import catalog

OWN_ROOT = data_paths.replicas_dir()
BLIND_ROOT = Path(__file__).resolve().parents[1] / "blind_replicas"

# Page classes.
SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"
BLOCKED = "blocked"
CONSENT_WALL = "consent_wall"
PENDING_CONSENT = "pending_consent"
NOT_APPLICABLE = "not_applicable"

# Marker lists (Detection's fields; consent_walls' markers as "consent_wall") and the page classes
# each may match. An unpassable consent wall is `blocked` (design: "bot check, captcha or consent
# wall"), so a consent-wall marker may show there too. A signed-in marker may show over a terms
# pop-up, a consent wall or a not-applicable notice; it must not on a signed-out or blocked page.
MAY_MATCH = {
    "signed_out": {SIGNED_OUT},
    "blocked": {BLOCKED},
    "consent_wall": {CONSENT_WALL, BLOCKED},
    "pending_consent": {PENDING_CONSENT},
    "not_applicable": {NOT_APPLICABLE},
    "signed_in": {SIGNED_IN, CONSENT_WALL, PENDING_CONSENT, NOT_APPLICABLE},
}

# The marker list that says what a page of each class is: the page is watched until it shows.
OWN_KIND = {SIGNED_IN: "signed_in", SIGNED_OUT: "signed_out", BLOCKED: "blocked", CONSENT_WALL: "consent_wall",
            PENDING_CONSENT: "pending_consent", NOT_APPLICABLE: "not_applicable"}

# Own replicas: the flags that make a page something other than a plain signed-in page, first
# match wins in this order. Every other flag (drifted, slow, flicker, region_missing…) is a
# signed-in page. A new wall flag belongs here; left out, its page counts as signed in and any wall
# marker on it fails this test, naming the state.
FLAG_CLASSES = [
    ("signed_out", SIGNED_OUT),  # the server serves no session
    ("login_required", SIGNED_OUT),  # no session until the replica's sign-in form is used
    ("bot_check", BLOCKED),
    ("consent_wall", CONSENT_WALL),  # Google's "Before you continue" (with or without "Reject all")
    ("onboarding_tour", CONSENT_WALL),  # ChatGPT's tour, passed with "Skip Tour"
    ("terms_pending", PENDING_CONSENT),
    ("terms_update", PENDING_CONSENT),
    ("onboarding", PENDING_CONSENT),
    ("business", NOT_APPLICABLE),
    ("outside_eea", NOT_APPLICABLE),
]
SERVER_FLAGS = {"signed_out", "login_required"}  # the replica server's, in every tree

# Blind replicas: what the scan is expected to report, to a page class.
EXPECTED_REASON_CLASSES = {"signed_out": SIGNED_OUT, "blocked": BLOCKED, "pending_consent": PENDING_CONSENT}

# How long a page is watched. Replica pages render on DOMContentLoaded; some a moment later (a
# terms pop-up at 0.3 s, a switch that flickers at 0.6 s, a `slow` app at 2 s).
WATCH_AT_LEAST = 0.5  # seconds after the load event
WATCH_AT_MOST = 3.0  # seconds after the load event, while the page's own marker has not shown
POLL = 0.5  # between looks after WATCH_AT_LEAST
PAGES_AT_ONCE = 24


def _roots() -> list[tuple[str, Path]]:
    roots = [("own", OWN_ROOT)]
    if BLIND_ROOT.is_dir() and available_providers(BLIND_ROOT):
        roots.append(("blind", BLIND_ROOT))
    return roots


def _page_providers() -> set[str]:
    return {pid for pid, e in catalog().entries.items() if e.scenario.kind == Kind.page}


def _cases():
    page_providers = _page_providers()
    for tree, root in _roots():
        for provider in available_providers(root):
            marks = () if provider in page_providers else (
                pytest.mark.skip(reason=f"no page scenario {provider!r} in the catalogue"),)
            yield pytest.param(tree, root, provider, id=f"{tree}-{provider}", marks=marks)


# --------------------------------------------------------------------------- what a page is


def page_class(tree: str, spec: dict) -> tuple[str, str]:
    """(class, why) of a state's page."""
    flags = list(spec.get("flags") or [])
    for flag in flags:
        if flag in SERVER_FLAGS:
            return SIGNED_OUT, f"flag {flag!r}"
    expect = spec.get("expect")
    if tree != "own" and isinstance(expect, dict):
        status, reason = expect.get("status"), expect.get("reason")
        why = f"expect {{status: {status}, reason: {reason}}}"
        if status == "not_applicable":
            return NOT_APPLICABLE, why
        if status == "unknown" and reason in EXPECTED_REASON_CLASSES:
            return EXPECTED_REASON_CLASSES[reason], why
        return SIGNED_IN, why
    for flag, cls in FLAG_CLASSES:
        if flag in flags:
            if flag == "outside_eea" and "no_notice" in flags:
                continue  # the region without its notice: a plain signed-in page, read path_missing
            return cls, f"flag {flag!r}"
    return SIGNED_IN, f"flags {flags}" if flags else "no flags"


def marker_lists(entry: Entry) -> dict[str, list[str]]:
    detect = entry.scenario.detect
    return {
        "signed_in": list(detect.signed_in),
        "signed_out": list(detect.signed_out),
        "blocked": list(detect.blocked),
        "consent_wall": [wall.marker for wall in detect.consent_walls],
        "pending_consent": list(detect.pending_consent),
        "not_applicable": list(detect.not_applicable),
    }


def urls_opened(entry: Entry) -> list[str]:
    """What a scan (and the extension) opens: each goto step's URL (with and without following deep
    links), the start URL and every deep link."""
    sc = entry.scenario
    urls: list[str] = []
    for step in sc.steps:
        if step.kind == "goto":
            urls.append({"deep_link": sc.deep_link, "start": sc.start_url}.get(step.goto, step.goto))
    urls += [sc.start_url, *(link.url for link in sc.deep_links)]
    return list(dict.fromkeys(u for u in urls if u))


# --------------------------------------------------------------------------- looking


@dataclass
class Match:
    kind: str  # the marker list
    marker: str
    candidate: str
    element: str  # what it matched, as HTML


@dataclass
class Look:
    tree: str
    state: str
    url: str
    page_class: str
    why: str
    matches: dict[tuple[str, str], Match] = field(default_factory=dict)
    passable_walls: set[str] = field(default_factory=set)  # consent walls whose reject choice showed
    error: str | None = None


async def _describe(page, result) -> tuple[str, str]:
    """The candidate that matched, and what it matched: the element's HTML (the first of several)."""
    locator = result.locator if isinstance(result, Found) else (
        candidate_locator(page, result.candidate).filter(visible=True))  # Ambiguous: counts all the same
    try:
        elements = await locator.evaluate_all("els => els.map((el) => el.outerHTML)")
    except PlaywrightError:
        elements = []
    html = " ".join(elements[0].split()) if elements else "(gone before it could be read)"
    html = html[:320] + ("…" if len(html) > 320 else "")
    more = f" (and {len(elements) - 1} more)" if len(elements) > 1 else ""
    return result.candidate.describe(), html + more


async def _look_once(page, entry: Entry, lists: dict[str, list[str]], look: Look, walls) -> bool:
    """One look at every marker; True when the page's own kind of marker (if any) showed."""
    names = [(kind, name) for kind, names in lists.items() for name in names]
    results = await asyncio.gather(*(find(page, entry.selectors, name) for _, name in names),
                                   *(find(page, entry.selectors, wall.pass_with) for wall in walls))
    for (kind, name), result in zip(names, results):
        if result is not None and (kind, name) not in look.matches:
            candidate, html = await _describe(page, result)
            look.matches[(kind, name)] = Match(kind, name, candidate, html)
    for wall, result in zip(walls, results[len(names):]):
        if result is not None and (("consent_wall", wall.marker) in look.matches):
            look.passable_walls.add(wall.marker)
    return any(kind == OWN_KIND[look.page_class] for kind, _ in look.matches)


async def _watch(session: Session, entry: Entry, lists, look: Look, gate: asyncio.Semaphore) -> None:
    async with gate, session.page() as page:
        try:
            await page.goto(look.url, wait_until="load", timeout=10_000)
        except PlaywrightError as exc:
            look.error = str(exc).splitlines()[0]
            return
        loaded = time.monotonic()
        waits_for_own = bool(lists[OWN_KIND[look.page_class]])
        # A blind state read on/off may sit behind a consent wall the scan passes: see confusions().
        walls = entry.scenario.detect.consent_walls if look.tree != "own" else []
        # Looks as the page loads, once it had time to settle, then (while the page's own marker has
        # not shown: a slow app) now and then until WATCH_AT_MOST. Each look asks about every
        # marker, so they are spaced out: two CPUs run this file beside the rest of the suite.
        wait = WATCH_AT_LEAST
        while True:
            try:
                own_seen = await _look_once(page, entry, lists, look, walls)
            except PlaywrightError:  # the page is navigating (a redirect to a sign-in page): look again
                own_seen = False
            elapsed = time.monotonic() - loaded
            if elapsed >= WATCH_AT_MOST or (elapsed >= WATCH_AT_LEAST and (own_seen or not waits_for_own)):
                return
            await asyncio.sleep(max(0.0, min(wait - elapsed, WATCH_AT_MOST - elapsed)))
            wait += POLL


async def _look_at_provider(browser, root: Path, tree: str, entry: Entry, gate: asyncio.Semaphore) -> list[Look]:
    provider = entry.scenario.id
    manifest = load_manifest(provider, root)
    lists = marker_lists(entry)
    urls = urls_opened(entry)

    async def one_state(state: str, spec: dict) -> list[Look]:
        cls, why = page_class(tree, spec)
        world = ReplicaWorld.build({provider: state}, root=root)

        async def prepare(context):
            await routing.install(context, world)

        session = Session(browser=browser, prepare=prepare)  # one context per state, a page per URL
        looks = [Look(tree, state, url, cls, why) for url in urls]
        await asyncio.gather(*(_watch(session, entry, lists, look, gate) for look in looks))
        assert world.mutations == [], f"{provider}/{state}: looking changed something: {world.mutations}"
        return looks

    per_state = await asyncio.gather(*(one_state(s, spec) for s, spec in manifest.states.items()))
    return [look for looks in per_state for look in looks]


def confusions(tree: str, looks: list[Look]) -> list[str]:
    found = []
    for look in looks:
        for match in look.matches.values():
            if look.page_class in MAY_MATCH[match.kind]:
                continue
            if (match.kind == "consent_wall" and tree != "own" and look.page_class == SIGNED_IN
                    and match.marker in look.passable_walls):
                continue  # a blind state read on/off behind a consent wall the scan passes with "Reject all"
            found.append(f"{look.state} [{look.page_class}: {look.why}] {look.url}: {match.kind} marker "
                         f"{match.marker!r} matched by {match.candidate}: {match.element}")
    return found


TEST_NAME = "test_no_marker_matches_a_page_of_another_class"


@pytest.fixture(scope="module")
def looks_by_case(engine, request) -> dict[tuple[str, str], list[Look] | BaseException]:
    """Every selected provider of every tree, looked at in one go: a small provider's few pages run
    beside a big one's many, instead of each provider waiting for its own slowest page. Each test
    then reports its own provider."""
    cases = {}
    for item in request.session.items:
        if item.module is request.module and getattr(item, "originalname", None) == TEST_NAME:
            params = item.callspec.params
            if params["provider"] in _page_providers() and any(marker_lists(catalog()[params["provider"]]).values()):
                cases[(params["tree"], params["provider"])] = params["root"]

    async def look_at_all():
        gate = asyncio.Semaphore(PAGES_AT_ONCE)

        async def one(tree: str, provider: str, root: Path):
            try:
                return await _look_at_provider(engine.browser, root, tree, catalog()[provider], gate)
            except Exception as exc:  # noqa: BLE001 - reported by that provider's test
                return exc

        results = await asyncio.gather(*(one(tree, provider, root) for (tree, provider), root in cases.items()))
        return dict(zip(cases, results))

    return engine.run(look_at_all(), timeout=900)


@pytest.mark.parametrize(("tree", "root", "provider"), list(_cases()))
def test_no_marker_matches_a_page_of_another_class(looks_by_case, tree, root, provider):
    if not any(marker_lists(catalog()[provider]).values()):
        pytest.skip(f"{provider} has no detect markers")
    looks = looks_by_case[(tree, provider)]
    if isinstance(looks, BaseException):
        raise looks
    errors = [f"{look.state} {look.url}: {look.error}" for look in looks if look.error]
    assert not errors, f"{tree} {provider}: pages that did not load:\n  " + "\n  ".join(errors)
    found = confusions(tree, looks)
    if found:
        pytest.fail(f"{tree} {provider}: a marker matches a page of another class:\n  " + "\n  ".join(found),
                    pytrace=False)


def test_pages_are_classed_by_state_not_by_markers():
    # The classing itself, on the flags and expectations the replicas use.
    assert page_class("own", {"flags": ["signed_out"]})[0] == SIGNED_OUT
    assert page_class("own", {"flags": ["login_required"]})[0] == SIGNED_OUT
    assert page_class("own", {"flags": ["consent_wall", "no_reject"]})[0] == CONSENT_WALL
    assert page_class("own", {"flags": ["outside_eea", "no_notice"]})[0] == SIGNED_IN
    assert page_class("own", {"flags": ["drifted"]})[0] == SIGNED_IN
    assert page_class("own", {})[0] == SIGNED_IN
    assert page_class("blind", {"expect": {"status": "unknown", "reason": "blocked"}})[0] == BLOCKED
    assert page_class("blind", {"expect": {"status": "unknown", "reason": "path_missing"}})[0] == SIGNED_IN
    assert page_class("blind", {"expect": {"status": "not_applicable"}})[0] == NOT_APPLICABLE
    assert page_class("blind", {"flags": ["signed_out"], "expect": {"status": "off"}})[0] == SIGNED_OUT
