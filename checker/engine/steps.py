"""The step interpreter: one handler per step type in models.py, and the page checks between them.

`walk()` is the entry point for `scan`, `paths` and `record`: a Walk faces the page, and what it saw
and did is its WalkLog, which the scan's result and QA's step report are built from.

A new step type needs a model in models.py (which says what it targets and which selectors it
names: the linter, the extension build and QA ask it), a handler here, a fixture test, and the
extension's own handler in extension/content.js.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from . import page_modules
from .guard import PageChanged, ReadOnlyViolation, click_facts, guarded_click
from .locators import Ambiguous, Found, accessible_name, any_candidate, find
from ..catalogue.models import (
    ClickStep,
    DismissStep,
    GotoStep,
    PressStep,
    ReadStep,
    Scenario,
    SelectorFile,
    SelectorKind,
    WaitStep,
    Witness,
)
from .readers import ReadError
from ..results import COUNTED_MEANINGS, Drift, Evidence, Reason, Status
from ..redact import error_line, redact_url
from .settle import NetworkActivity, settled_read, start_watch

POLL_SECONDS = 0.1
FIRST_POLL_SECONDS = 0.025
OPTIONAL_WAIT_SECONDS = 2.0
DRIFT_HOLD_SECONDS = 0.1  # a lower-ranked match must hold this long before it counts as drift
CLICK_ATTEMPTS = 3  # looks at an element that is replaced as it is clicked, before giving up


class StepFailure(Exception):
    """Stops the walk. Every control not yet read becomes unknown with this reason."""

    def __init__(self, status: Status, reason: Reason | None, detail: str):
        super().__init__(detail)
        self.status, self.reason, self.detail = status, reason, detail


def unlisted_consent(title: str) -> StepFailure:
    """A dialog the catalogue does not list covers the page and offers to accept."""
    return StepFailure(Status.unknown, Reason.pending_consent,
                       f"waiting for your choice: a dialog Untrain does not know (“{title}”) covers the "
                       "page and offers to accept. Its default may opt you in, so Untrain never accepts it: "
                       "open the page, switch the toggle off, then decide.")


# Which wall covers the page: the extension's walls.js, with the locate.js it asks.
_WALL_SHOWING_JS = page_modules.function("return UntrainWalls.showing(provider);", page_modules.ARIA,
                                         page_modules.LOCATE, page_modules.WALLS, params="provider")
_WALL_LOOK_ATTEMPTS = 3
# The words that say which switches on a control's panel look like training switches, are on, and
# match no control of the catalogue's (extension/lib/neighbours.js); null when there are none.
_UNLISTED_BESIDE_JS = page_modules.function(
    "const found = UntrainNeighbours.onButUnlisted(provider, el);"
    " return found.length ? UntrainNeighbours.describe(found) : null;",
    page_modules.ARIA, page_modules.READ_STATE, page_modules.LOCATE, page_modules.NEIGHBOURS, params="el, provider")
# The first modal or overlay over an element that does not hold it (extension/lib/modal.js).
_MODAL_OVER_JS = page_modules.function("return UntrainModal.unlistedModal(el);", page_modules.MODAL)


@dataclass
class ControlReading:
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    evidence: Evidence | None = None
    drift: Drift | None = None


class StepOutcome(StrEnum):
    """What became of one step of a walk."""

    found = "found"  # by its first candidate
    drift = "drift"  # by a lower-ranked candidate: the page changed, the walk went on
    skipped = "skipped"  # an optional step not shown, or one whose purpose was already met
    missing = "missing"  # not found: the documented path broke here
    failed = "failed"  # stopped here for another reason (a wall, a time-out, a crash)


@dataclass
class StepRecord:
    """What happened at each step; QA (`untrain paths`) reports these one by one."""

    index: int
    kind: str
    target: str
    path: str | None
    outcome: StepOutcome
    rank: int | None = None
    detail: str | None = None


@dataclass
class WalkLog:
    """What a walk saw and did, kept apart from the page: the scan's result (runner.build_result)
    and QA's step report (qa/paths.py) are both built from it, after the page is gone."""

    readings: dict[str, list[ControlReading]] = field(default_factory=dict)  # by control id
    drift: list[Drift] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a consent wall passed with "Reject all"
    records: list[StepRecord] = field(default_factory=list)  # one per step reached, in order
    failure: StepFailure | None = None  # what stopped the steps early; every unread control gets it
    started: float = field(default_factory=time.monotonic)

    def record(self, index, kind, target, path, found: Found | None, outcome: StepOutcome | None = None,
               detail=None) -> None:
        if outcome is None:
            outcome = StepOutcome.drift if found and found.rank > 0 else StepOutcome.found
        self.records.append(StepRecord(index, kind, target, path, outcome, found.rank if found else None, detail))


@dataclass
class Walk:
    """The part of a walk that faces the page: finding, clicking, reading, the wall checks. What
    it saw goes into `log`."""

    page: Page
    scenario: Scenario
    selectors: SelectorFile
    timeout: float
    log: WalkLog = field(default_factory=WalkLog)
    follow_deep_links: bool = True
    _walls: object = field(default=None, repr=False)  # the combined wall locator, built on first use
    _controls: object = field(default=None, repr=False)  # the combined control locator, likewise
    _page_provider: dict | None = field(default=None, repr=False)  # see page_provider()
    network: NetworkActivity = field(init=False, repr=False)
    last_look: Found | None = None  # what the last click step's look found; only the next click step reuses it

    def __post_init__(self):
        # From before the first goto: hydration starts there.
        witnesses = [r.witness.request for c in self.scenario.controls for r in c.readings if r.witness]
        self.network = NetworkActivity(self.page, self.scenario.hosts, witnesses)

    # -- page checks ---------------------------------------------------------------------

    async def visible(self, name: str) -> bool:
        # For a marker, being there is what counts: two "Sign in" links are still a sign-in wall.
        return await find(self.page, self.selectors, name) is not None

    async def any_wall_visible(self) -> bool:
        """One round trip for the common case: no wall at all."""
        if self._walls is None:
            detect = self.scenario.detect
            names = [*detect.blocked, *(w.marker for w in detect.consent_walls), *detect.pending_consent,
                     *detect.signed_out, *detect.not_applicable]
            walls = any_candidate(self.page, self.selectors, names)
            self._walls = walls.filter(visible=True) if walls else False
        return bool(self._walls) and await self._walls.count() > 0

    async def check_page(self) -> None:
        """Raise if the page is a wall; pass a consent wall with its non-committal choice. Which wall
        shows, in which order, is decided in the page by extension/lib/walls.js, as the extension
        decides it; this only acts on the answer."""
        if not await self.any_wall_visible():
            return
        shown = await self._wall_showing()
        if shown is None:
            return  # gone since the quick look: the caller looks again
        kind, marker = shown["kind"], shown["marker"]
        if kind == "blocked":
            raise StepFailure(Status.unknown, Reason.blocked,
                              f"a bot check or wall is showing ({self._describe(marker)}). "
                              "Try `untrain scan --headed`, or read it in place with the extension.")
        if kind == "consent_wall":
            await self._pass_consent_wall(next(w for w in self.scenario.detect.consent_walls if w.marker == marker))
        elif kind == "pending_consent":
            raise StepFailure(Status.unknown, Reason.pending_consent,
                              f"waiting for your choice: {self._describe(marker)}. Its default may opt you in, "
                              "so Untrain never accepts it: open the page, switch the toggle off, then decide.")
        elif kind == "signed_out":
            raise StepFailure(Status.unknown, Reason.signed_out,
                              f"not signed in. Run `untrain login {self.scenario.id}` once.")
        elif kind == "not_applicable":
            raise StepFailure(Status.not_applicable, None, self._describe(marker))
        else:
            raise AssertionError(f"walls.js answered a wall kind the scan does not know: {kind!r}")

    def page_provider(self) -> dict:
        """The provider as the page modules take it (walls.js, neighbours.js), as the extension's
        catalogue carries it: its detect lists, its controls' reading locators, its selectors.
        Built once per walk."""
        if self._page_provider is None:
            self._page_provider = {
                "detect": self.scenario.detect.model_dump(mode="json"),
                "controls": [{"readings": [{"locator": r.locator} for r in c.readings]} for c in self.scenario.controls],
                "selectors": page_modules.page_selectors(self.selectors)}
        return self._page_provider

    async def _wall_showing(self) -> dict | None:
        """walls.js's answer, {kind, marker} or None. Asked only once the quick look saw a wall, so
        its cost (the page modules, pasted into one evaluate) is paid on walled pages alone."""
        for attempt in range(_WALL_LOOK_ATTEMPTS):
            try:
                return await self.page.evaluate(_WALL_SHOWING_JS, self.page_provider())
            except PlaywrightError:
                # A wall often redirects (a consent page sending the person back): the page's
                # context went away mid-look. Look again in the next one; past a few, it is an error.
                if attempt == _WALL_LOOK_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(POLL_SECONDS)
        return None

    async def unlisted_beside(self, found: Found) -> tuple[Reason, str] | None:
        """Why an `off` read from `found` is not "safe": a training-like switch the catalogue does
        not know is on beside it (extension/lib/neighbours.js). None when there is none."""
        try:
            words = await found.locator.evaluate(_UNLISTED_BESIDE_JS, self.page_provider())
        except PlaywrightError as exc:
            # The control went away after it held still: nothing vouches for the rest of the panel.
            return Reason.error, f"the page changed before the switches beside it could be checked ({error_line(exc)})"
        return (Reason.ambiguous, words) if words else None

    async def _pass_consent_wall(self, wall) -> None:
        """Click the wall's non-committal choice once, then wait until the wall is gone.

        Not through `_click`: its wait would check the page again, see the same wall and recurse.
        A wall whose reject choice is missing, or that stays up, is `blocked`: never accept it.
        """
        self._may_click(wall.pass_with, dismiss=True)  # the catalogue lint checks it too; so does every click
        found = await find(self.page, self.selectors, wall.pass_with)
        if not isinstance(found, Found):
            raise StepFailure(Status.unknown, Reason.blocked,
                              f"a consent wall is showing ({self._describe(wall.marker)}) and its "
                              f"{self._label(wall.pass_with)!r} choice was not found; Untrain never accepts it.")
        facts = await click_facts(found.locator, self.controls(), wall.pass_with, dismiss=True)
        try:
            await guarded_click(found.locator, facts, wall.pass_with, dismiss=True, timeout=self.timeout * 1000)
        except PageChanged:
            raise StepFailure(Status.unknown, Reason.blocked,
                              f"the consent wall ({self._describe(wall.marker)}) changed as its "
                              f"{self._label(wall.pass_with)!r} choice was clicked; nothing was clicked") from None
        if wall.note not in self.log.notes:
            self.log.notes.append(wall.note)
        # The wall may live on another host and redirect back: poll until its marker is gone.
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            try:
                if not await self.visible(wall.marker):
                    return
            except PlaywrightError:
                continue  # the page is navigating away from the wall
        raise StepFailure(Status.unknown, Reason.blocked,
                          f"the consent wall ({self._describe(wall.marker)}) stayed up after "
                          f"{self._label(wall.pass_with)!r}")

    def _describe(self, name: str) -> str:
        selector = self.selectors.selectors[name]
        return selector.description or name

    async def wait_for(self, names: list[str], timeout: float | None = None) -> Found:
        """Wait until one of `names` is uniquely visible, checking for walls on every poll."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        last: Found | Ambiguous | None = None
        drifted: Found | None = None  # a lower-ranked match, waiting to be confirmed
        drifted_since = 0.0
        delay = FIRST_POLL_SECONDS
        while True:
            # Walls and targets are asked about together (one round trip's wait, not several); a
            # wall wins over anything found beside it.
            walled, *results = await asyncio.gather(
                self.any_wall_visible(), *(find(self.page, self.selectors, name, self._probe(name)) for name in names))
            if walled:
                await self.check_page()  # raises, or passes a consent wall: then look again
            else:
                found = next((r for r in results if isinstance(r, Found)), None)
                # A page still rendering can match a lower-ranked candidate a moment before the best
                # one (an element's id before its text). So a match by a lower rank (drift) counts
                # only once it has held for DRIFT_HOLD_SECONDS; real drift is there to stay.
                if found and found.rank > 0:
                    if not drifted or (drifted.name, drifted.rank) != (found.name, found.rank):
                        drifted, drifted_since = found, time.monotonic()
                    elif time.monotonic() - drifted_since >= DRIFT_HOLD_SECONDS:
                        return found
                elif found:
                    return found
                else:
                    drifted = None
                last = next((r for r in results if isinstance(r, Ambiguous)), last)
            if time.monotonic() >= deadline:
                if drifted:
                    return drifted
                break
            # Look again soon at first (most elements render within a few frames), then less often.
            await asyncio.sleep(delay)
            delay = min(delay * 2, POLL_SECONDS)
        if isinstance(last, Ambiguous):
            raise StepFailure(Status.unknown, Reason.ambiguous,
                              f"{last.count} elements match {last.name!r} ({last.candidate.describe()})")
        wanted = " or ".join(repr(self._label(n)) for n in names)
        raise StepFailure(Status.unknown, Reason.path_missing,
                          f"{wanted} not found after {self.timeout if timeout is None else timeout:g}s")

    def _probe(self, name: str):
        """Anything we may click is looked at with the guard's questions, so the click needs no
        further round trip before the guard can judge it."""
        kind = self.selectors.selectors[name].kind
        if kind not in (SelectorKind.navigation, SelectorKind.dismiss):
            return None
        return lambda locator: click_facts(locator, self.controls(), name, dismiss=kind == SelectorKind.dismiss)

    def _label(self, name: str) -> str:
        first = self.selectors.selectors[name].candidates[0]
        return first.shows_label or first.name or first.label or first.text or name

    # -- clicking, guarded ------------------------------------------------------------------

    def controls(self):
        """One locator matching every candidate of every control: the guard checks a click with it."""
        if self._controls is None:
            names = sorted({r.locator for c in self.scenario.controls for r in c.readings})
            self._controls = any_candidate(self.page, self.selectors, names) or False
        return self._controls or None

    async def wait_if_shown(self, name: str) -> Found | None:
        """For optional steps: a short wait, and None (not a failure) when it never shows."""
        try:
            return await self.wait_for([name], timeout=OPTIONAL_WAIT_SECONDS)
        except StepFailure as failure:
            if failure.reason != Reason.path_missing:
                raise
            return None

    def _may_click(self, name: str, *, dismiss: bool) -> None:
        """Only a navigation selector is clicked to move on, and only a dismiss selector to close something."""
        kind = self.selectors.selectors[name].kind
        allowed = SelectorKind.dismiss if dismiss else SelectorKind.navigation
        if kind != allowed:
            raise ReadOnlyViolation(f"refused to click {name!r}: it is a {kind.value} selector, not {allowed.value}")

    async def _click(self, name: str, *, dismiss: bool = False, found: Found | None = None) -> Found:
        """Click `name`, found now or by the look just before (`found`), once the guard allows it."""
        self._may_click(name, dismiss=dismiss)
        for _ in range(CLICK_ATTEMPTS):
            found = found or await self.wait_for([name])
            facts = found.facts or await click_facts(found.locator, self.controls(), name, dismiss=dismiss)
            try:
                # Judged again as the click lands: the page may have changed since the look.
                await guarded_click(found.locator, facts, name, dismiss=dismiss, timeout=self.timeout * 1000)
                return found
            except PageChanged:
                found = None  # nothing was clicked: look again, and judge what is there now
            except PlaywrightTimeout:
                raise await self._click_never_landed(found, name) from None
        raise StepFailure(Status.unknown, Reason.error, f"{self._label(name)!r} was replaced every time it was "
                                                        "about to be clicked; nothing was clicked")

    async def _click_never_landed(self, found: Found, name: str) -> StepFailure:
        """Why a click did not land in time: most often something covers its target. A dialog the
        catalogue does not list is read as at a reading (extension/lib/modal.js); never clicked."""
        try:
            modal = await found.locator.evaluate(_MODAL_OVER_JS, timeout=self.timeout * 1000)
        except PlaywrightError:
            modal = None  # gone or navigating: only the time-out is known
        if modal and modal["consent"]:
            return unlisted_consent(modal["title"])
        if modal:
            return StepFailure(Status.unknown, Reason.blocked,
                               f"a dialog Untrain does not know (“{modal['title']}”) covers {self._label(name)!r}, "
                               "so it was not clicked")
        return StepFailure(Status.unknown, Reason.error,
                           f"{self._label(name)!r} could not be clicked within {self.timeout:g}s")

    async def note_drift(self, found: Found) -> None:
        if found.rank == 0:
            return
        candidates = self.selectors.selectors[found.name].candidates
        expected = self._label(found.name)
        found_label = found.candidate.shows_label or await accessible_name(found.locator)
        drift = Drift(
            locator=found.name,
            candidate_rank=found.rank,
            expected_label=expected,
            found_label=found_label,
            message=(f"{found.name}: expected {expected!r}, found {found_label!r} "
                     f"by candidate {found.rank + 1} of {len(candidates)} ({found.candidate.describe()})"),
        )
        if drift not in self.log.drift:
            self.log.drift.append(drift)


# --------------------------------------------------------------------------- step handlers


async def _goto(walk: Walk, step: GotoStep, index: int) -> None:
    sc = walk.scenario
    url = {"deep_link": sc.deep_link, "start": sc.start_url}.get(step.goto, step.goto)
    if not walk.follow_deep_links and step.goto == "deep_link" and sc.start_url:
        url = sc.start_url
    try:
        await walk.page.goto(url, wait_until="domcontentloaded", timeout=walk.timeout * 1000)
    except PlaywrightTimeout:
        raise StepFailure(Status.unknown, Reason.timeout, f"{url} did not load in {walk.timeout:g}s") from None
    except PlaywrightError as exc:
        code = re.search(r"net::(ERR_[A-Z_]+)", str(exc))
        if code:
            message = f"could not reach {urlsplit(url).hostname} ({code.group(1)}); check the connection"
        else:
            message = f"could not open {redact_url(url)}: {error_line(exc, with_type=False)}"
        raise StepFailure(Status.unknown, Reason.error, message) from None
    walk.log.record(index, "goto", url, step.path, None, StepOutcome.found)


async def _click_step(walk: Walk, step: ClickStep, index: int) -> int | None:
    """Click, unless a later step's target already shows: then return that step's index, and the
    walk goes straight there. The documented-path walk (QA) makes every click."""
    ahead = walk.scenario.ahead(index) if walk.follow_deep_links else []
    # Click steps in a row reuse the previous step's look: nothing was done since it was taken.
    look, walk.last_look = walk.last_look, None
    if look is not None and look.name not in {step.click, *(name for _, name in ahead)}:
        look = None
    if look is None:
        # The furthest target first: when several show, the walk skips the most.
        names = list(dict.fromkeys([name for _, name in reversed(ahead)] + [step.click]))
        try:
            look = await walk.wait_for(names, timeout=OPTIONAL_WAIT_SECONDS if step.optional else None)
        except StepFailure as failure:
            if failure.reason != Reason.path_missing:
                raise
            if step.optional:
                walk.log.record(index, "click", step.click, step.path, None, StepOutcome.skipped, "optional, not shown")
                return None
            # Name this step's own target: the later ones were only hoped for.
            raise StepFailure(Status.unknown, Reason.path_missing,
                              f"{walk._label(step.click)!r} not found after {walk.timeout:g}s") from None
    if look.name != step.click:
        there = max(i for i, name in ahead if name == look.name)
        for skipped in range(index, there):
            later = walk.scenario.steps[skipped]
            walk.log.record(skipped, later.kind, later.target, getattr(later, "path", None), None, StepOutcome.skipped,
                        f"already there ({walk._label(look.name)!r} shows)")
        walk.last_look = look  # a click step there clicks what this look found
        return there
    # Drift is noted while the element is on the page: the click may take it away (a menu closes),
    # and asking a gone element its name waits out the whole timeout.
    await walk.note_drift(look)
    found = await walk._click(step.click, found=look)
    walk.log.record(index, "click", step.click, step.path, found)
    return None


async def _wait_step(walk: Walk, step: WaitStep, index: int) -> None:
    found = await walk.wait_for([step.wait])
    await walk.note_drift(found)
    walk.log.record(index, "wait", step.wait, step.path, found)


async def _dismiss_step(walk: Walk, step: DismissStep, index: int) -> None:
    shown = await walk.wait_if_shown(step.dismiss)
    if shown is None:
        walk.log.record(index, "dismiss", step.dismiss, step.path, None, StepOutcome.skipped, "not shown")
        return
    found = await walk._click(step.dismiss, dismiss=True, found=shown)
    walk.log.record(index, "dismiss", step.dismiss, step.path, found)


async def _press_step(walk: Walk, step: PressStep, index: int) -> None:
    await walk.page.keyboard.press(step.press)
    walk.log.record(index, "press", step.press, step.path, None, StepOutcome.found)


async def _read_step(walk: Walk, step: ReadStep, index: int) -> None:
    control = walk.scenario.control(step.read)
    done = walk.log.readings.setdefault(control.id, [])
    reading = control.readings[len(done)]
    counted = control.meaning.value in COUNTED_MEANINGS
    try:
        if counted:
            found = await walk.wait_for([reading.locator])
        else:
            # An uncounted control (ads, telemetry) only informs: looked for briefly, and when it is
            # not there (a plan without it) it is unknown and the walk goes on, so it never holds up
            # or stops the controls that count.
            found = await walk.wait_if_shown(reading.locator)
            if found is None:
                detail = f"{control.label!r} was not shown" + (f". {control.missing_note}" if control.missing_note else "")
                done.append(ControlReading(Status.unknown, Reason.path_missing, detail))
                walk.log.record(index, "read", reading.locator, step.path, None, StepOutcome.missing, detail)
                return
    except StepFailure as failure:
        if failure.reason == Reason.path_missing and control.missing_note:
            failure.detail = f"{failure.detail}. {control.missing_note}"
        raise
    await walk.note_drift(found)
    walk.log.record(index, "read", reading.locator, step.path, found)
    await _watch_later_reads(walk, index)
    try:
        settled = await settled_read(found.locator, found.candidate.reader or reading.reader, walk.network, walk.timeout)
    except ReadError as exc:
        done.append(ControlReading(Status.unknown, Reason(exc.reason), f"{control.label}: {exc}"))
        return
    # A wall that arrived while the page settled (a terms pop-up, a sign-out, a bot check) voids the
    # reading. A consent wall is the exception: check_page passes it and the reading stands, since
    # its value came from the account's page, not from the wall.
    await walk.check_page()
    if settled.modal:
        # A modal the catalogue does not list is over the control. Never clicked, never read past.
        title = settled.modal["title"]
        if settled.modal["consent"]:
            raise unlisted_consent(title)
        done.append(ControlReading(Status.unknown, Reason.error,
                                   f"{control.label}: a dialog Untrain does not know (“{title}”) covers the control, "
                                   "so what shows under it does not count"))
        return
    attribute, value = settled.attribute, settled.value
    evidence = Evidence(
        locator=reading.locator, candidate=found.candidate.describe(), candidate_rank=found.rank,
        attribute=attribute, value=value, url=redact_url(walk.page.url),
        elapsed_ms=int((time.monotonic() - walk.log.started) * 1000),
    )
    drift = next((d for d in walk.log.drift if d.locator == reading.locator), None)
    if value in reading.training_allowed:
        status = Status.on
    elif value in reading.training_disabled:
        status = Status.off
    else:
        done.append(ControlReading(Status.unknown, Reason.error,
                                   f"unexpected {attribute} value {value!r} for {control.label!r}", evidence, drift))
        return
    if reading.witness:
        disagreement = await _second_witness(walk, reading.witness, status)
        if disagreement:
            done.append(ControlReading(Status.unknown, disagreement[0], f"{control.label}: {disagreement[1]}",
                                       evidence, drift))
            return
    beside = await walk.unlisted_beside(found) if status == Status.off and counted else None
    if beside:
        done.append(ControlReading(Status.unknown, beside[0], f"{control.label}: {beside[1]}", evidence, drift))
        return
    done.append(ControlReading(status, evidence=evidence, drift=drift))


async def _watch_later_reads(walk: Walk, index: int) -> None:
    """Start the hold on the controls that later read steps (with no other step before them) will
    read and that already show, so their holds overlap this one's instead of following it."""
    taken = {cid: len(r) for cid, r in walk.log.readings.items()}
    taken[walk.scenario.steps[index].read] = taken.get(walk.scenario.steps[index].read, 0) + 1
    later = []
    for step in walk.scenario.steps[index + 1:]:
        if not isinstance(step, ReadStep):
            break  # a click or a key in between may change what shows: that read starts its own
        control = walk.scenario.control(step.read)
        n = taken.get(control.id, 0)
        if n < len(control.readings):
            later.append(control.readings[n])
        taken[control.id] = n + 1
    for reading in later:
        found = await find(walk.page, walk.selectors, reading.locator)
        if isinstance(found, Found):
            await start_watch(found.locator, found.candidate.reader or reading.reader, walk.timeout)


async def _second_witness(walk: Walk, witness: Witness, status: Status) -> tuple[Reason, str] | None:
    """None when the settings request's answer agrees with the page's `status`; else why not."""
    task = walk.network.witnesses.get(witness.request)
    if task is None:
        return Reason.error, (f"the page never loaded its settings from {witness.request}, so the reading "
                              "has no second witness and may be a placeholder")
    path = walk.network.witness_paths[witness.request]
    try:
        answer = await task
        value = _pointer(answer, witness.pointer)
    except (ValueError, KeyError, IndexError, TypeError, PlaywrightError):
        return Reason.error, f"the answer of {path} has no value at {witness.pointer}"
    said = (Status.on if _among(value, witness.training_allowed)
            else Status.off if _among(value, witness.training_disabled) else None)
    if said is None:
        return Reason.error, f"unexpected value {value!r} at {witness.pointer} in the answer of {path}"
    if said != status:
        return Reason.ambiguous, f"the page shows {status.value} but its settings request {path} says {said.value}"
    return None


def _among(value, allowed) -> bool:
    # True is not 1 here: a JSON boolean matches only a boolean.
    return any(type(value) is type(a) and value == a for a in allowed)


def _pointer(document, pointer: str):
    """RFC 6901: /settings/training_allowed -> document["settings"]["training_allowed"]."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


# A handler returns None to go on with the next step, or the index of a later step to go to.
HANDLERS: dict[type, Callable[[Walk, object, int], Awaitable[int | None]]] = {
    GotoStep: _goto,
    ClickStep: _click_step,
    WaitStep: _wait_step,
    ReadStep: _read_step,
    DismissStep: _dismiss_step,
    PressStep: _press_step,
}


# What shows of a security check the catalogue does not list (extension/lib/modal.js challenge()).
_CHALLENGE_JS = page_modules.function("return UntrainModal.challenge();", page_modules.MODAL, params="")


async def _explain_missing(walk: Walk, failure: StepFailure) -> None:
    """A step whose target never showed is path_missing (a changed page, which sends QA looking
    for drift) unless the page says why: a security check in its place is `blocked`, and a data
    request of its own that failed is `error` (it may never have drawn what it would show)."""
    if failure.reason != Reason.path_missing:
        return
    try:
        check = await walk.page.evaluate(_CHALLENGE_JS)
    except PlaywrightError:
        check = None  # the page is going away: nothing to say about it
    if check:
        failure.reason = Reason.blocked
        failure.detail = (f"{failure.detail}: a security check shows instead ({check}). "
                          "Pass it in your browser, or try `untrain scan --headed`.")
        return
    failed = walk.network.failures()
    if failed:
        failure.reason = Reason.error
        failure.detail = (f"{failure.detail}, after the page's data request {failed} failed: "
                          "the page may not have loaded what it would show")


async def run_steps(walk: Walk) -> None:
    """Run the steps in order. A handler may return a later step's index: the walk goes on there."""
    steps = walk.scenario.steps
    index = 0
    while index < len(steps):
        step = steps[index]
        if not isinstance(step, ClickStep):
            walk.last_look = None  # a look is reused only by the click step right after it
        try:
            jump = await HANDLERS[type(step)](walk, step, index)
        except StepFailure as failure:
            await _explain_missing(walk, failure)
            walk.log.record(index, step.kind, step.target, getattr(step, "path", None), None,
                        StepOutcome.missing if failure.reason == Reason.path_missing else StepOutcome.failed,
                        failure.detail)
            raise
        index = jump if jump is not None else index + 1


def provider_budget(timeout: float, steps: int) -> float:
    """A hard ceiling for one provider, so one hung page never holds up the whole run."""
    return max(30.0, timeout * (steps + 2))


async def walk(page: Page, scenario: Scenario, selectors: SelectorFile, timeout: float, *,
               follow_deep_links: bool = True) -> WalkLog:
    """The one walk, for `scan`, `paths` and `record`: run the steps within the provider's budget
    and return what happened. Whatever stops them early is the log's `failure`: a wall or a missing
    step (run_steps records it), or a time-out, a refused click or a crash, recorded here on the step
    it interrupted so that QA never reports that path as fine."""
    walker = Walk(page, scenario, selectors, timeout, follow_deep_links=follow_deep_links)
    budget = provider_budget(timeout, len(scenario.steps))
    try:
        async with asyncio.timeout(budget):
            await run_steps(walker)
    except TimeoutError:
        _interrupted(walker.log, scenario.steps, StepFailure(Status.unknown, Reason.timeout,
                                                            f"gave up after {budget:g}s in all"))
    except StepFailure as failure:
        walker.log.failure = failure
    except ReadOnlyViolation as exc:
        _interrupted(walker.log, scenario.steps, StepFailure(Status.unknown, Reason.error, f"scenario error: {exc}"))
    except Exception as exc:  # noqa: BLE001 - a crash in one provider must not end the others
        _interrupted(walker.log, scenario.steps, StepFailure(Status.unknown, Reason.error, error_line(exc)))
    return walker.log


def _interrupted(log: WalkLog, steps: list, failure: StepFailure) -> None:
    """Record `failure` on the step it stopped, and make it the walk's."""
    index = _running_step(log, steps)
    if index < len(steps):
        step = steps[index]
        log.record(index, step.kind, step.target, getattr(step, "path", None), None, StepOutcome.failed, failure.detail)
    log.failure = failure


def _running_step(log: WalkLog, steps: list) -> int:
    """The step a crash or time-out interrupted. Usually the first unrecorded one; but a `read`
    records its element before it waits for the value to settle, so a read recorded without its
    reading was still running. Blaming the next step instead named the wrong one, and after the
    last step blamed none: the path read as fine."""
    if log.records:
        last = log.records[-1]
        step = steps[last.index]
        if isinstance(step, ReadStep) and last.outcome in (StepOutcome.found, StepOutcome.drift):
            needed = sum(1 for s in steps[:last.index + 1] if isinstance(s, ReadStep) and s.read == step.read)
            if len(log.readings.get(step.read, [])) < needed:
                return last.index
    return len(log.records)
