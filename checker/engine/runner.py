"""Scan providers: walk each scenario's steps on its own page, turn readings into fail-closed results.

Providers run in parallel (bounded) inside one browser. `off` is only ever produced from a reading
taken from the DOM; every other path ends in `unknown` with a reason.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable, TypeVar

from ..catalogue.catalog import Entry
from ..store.config import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT
from ..catalogue.models import Kind
from .browser import Session
from ..results import ControlResult, ProviderResult, Reason, Source, Status, provider_status
from ..redact import error_line
from .steps import StepFailure, WalkLog, walk

if TYPE_CHECKING:
    from .local_tools import Host

WALLS = {Reason.pending_consent, Reason.signed_out, Reason.blocked}

T = TypeVar("T")
Progress = Callable[[str, str], None]  # (provider id, event: "start" | "done")


@dataclass
class ScanOptions:
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    follow_deep_links: bool = True
    source: Source = Source.scan
    host: "Host | None" = None  # the machine local tools are read from (None: this one)


def needs_browser(entries: list[Entry]) -> bool:
    """Only settings pages are read in a browser: a scan of local tools (and of entries without an
    opt-out) launches none."""
    return any(e.scenario.kind == Kind.page for e in entries)


async def scan(entries: list[Entry], session: Session | None, options: ScanOptions | None = None,
               progress: Progress | None = None) -> list[ProviderResult]:
    """`session` may be None when no entry needs a browser (see needs_browser)."""
    options = options or ScanOptions()
    gate = asyncio.Semaphore(options.concurrency)
    local = {e.scenario.id: _local(e, options, progress) for e in entries if e.scenario.kind == Kind.local}

    async def one(entry: Entry) -> ProviderResult:
        async with gate:
            if progress:
                progress(entry.scenario.id, "start")
            result, _ = await scan_provider(entry, session, options)
            if progress:
                progress(entry.scenario.id, "done")
            return result

    scannable = [e for e in entries if e.scenario.kind not in (Kind.advice, Kind.local)]
    pages = dict(zip([e.scenario.id for e in scannable], await longest_first(scannable, one)))
    results = [local.get(e.scenario.id) or pages[e.scenario.id]
               for e in entries if e.scenario.id in local or e.scenario.id in pages]
    from .local_tools import link_training

    link_training(results, entries)
    return results


async def longest_first(entries: list[Entry], walk_one: Callable[[Entry], Awaitable[T]]) -> list[T]:
    """`walk_one` of every entry at once, started most steps first (a gate inside `walk_one` admits
    them in the order they ask), and the results in the order of `entries`. Most of a walk is
    waiting (for the page's data, for a control to hold still), so a long one queued last would
    finish alone while the other slots sit empty. Equal lengths keep their order."""
    order = sorted(range(len(entries)), key=lambda i: -len(entries[i].scenario.steps))
    results = await asyncio.gather(*(walk_one(entries[i]) for i in order))
    return [result for _, result in sorted(zip(order, results))]


def _local(entry: Entry, options: ScanOptions, progress: Progress | None) -> ProviderResult:
    """A local tool's settings, read from disk: milliseconds, no page, no browser."""
    from .local_tools import Host, read_tool

    if progress:
        progress(entry.scenario.id, "start")
    started = time.monotonic()
    result = read_tool(entry, options.host or Host.current(), options.source)
    result.duration_ms = int((time.monotonic() - started) * 1000)
    if progress:
        progress(entry.scenario.id, "done")
    return result


async def scan_provider(entry: Entry, session: Session, options: ScanOptions) -> tuple[ProviderResult, WalkLog | None]:
    """One provider's result, and the log of its walk (None when it has no page, or none opened)."""
    sc = entry.scenario
    started = time.monotonic()
    if sc.kind in PAGELESS_KINDS:
        return _pageless(entry, options), None
    log: WalkLog | None = None
    try:
        async with session.page() as page:
            page.set_default_timeout(options.timeout * 1000)  # clicks and loads, not only our waits
            log = await walk(page, sc, entry.selectors, options.timeout, follow_deep_links=options.follow_deep_links)
    except Exception as exc:  # noqa: BLE001 - opening or closing the page: this provider only
        log = log or WalkLog()
        log.failure = log.failure or StepFailure(Status.unknown, Reason.error, error_line(exc))
    result = build_result(entry, log, options.source)
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result, log


def build_result(entry: Entry, log: WalkLog, source: Source) -> ProviderResult:
    sc = entry.scenario
    failure, walk_drift, notes = log.failure, log.drift, log.notes
    controls = []
    for control in sc.controls:
        readings = log.readings.get(control.id, [])
        status, reason, detail = _combine(readings, len(control.readings), failure)
        controls.append(ControlResult(
            id=control.id, label=control.label, status=status, reason=reason, detail=detail,
            meaning=control.meaning.value, severity=control.severity.value,
            drift=[r.drift for r in readings if r.drift] or [d for d in walk_drift if _for_control(d, control)],
            evidence=[r.evidence for r in readings if r.evidence],
            fix_path=control.fix_path, deep_link=sc.deep_link,
        ))
    status, reason = provider_status(controls)
    detail = failure.detail if failure else None
    return ProviderResult(
        id=sc.id, name=sc.name, status=status, reason=reason, detail=detail, controls=controls,
        notes=notes, gotchas=[g.text for g in sc.gotchas], deep_link=sc.deep_link,
        drift=[d for d in walk_drift if not any(_for_control(d, c) for c in sc.controls)],
        documented_path=sc.documented_path.steps, source=source,
    )


def _for_control(drift, control) -> bool:
    return drift.locator in {r.locator for r in control.readings}


def _combine(readings, expected: int, failure: StepFailure | None):
    """Fail closed: `off` needs every reading taken and all of them off."""
    statuses = {r.status for r in readings}
    if failure is not None and failure.reason in WALLS and Status.on not in statuses:
        # A wall that shows after a reading (a terms pop-up whose default opts in, a sign-out)
        # means the page is no longer the one we read: an earlier `off` can't be trusted.
        return Status.unknown, failure.reason, failure.detail
    if Status.on in statuses and Status.off in statuses:
        return Status.unknown, Reason.ambiguous, "the readings disagree: " + ", ".join(
            f"{r.evidence.locator}={r.evidence.value}" for r in readings if r.evidence)
    if Status.on in statuses:
        return Status.on, None, None
    errors = [r for r in readings if r.status == Status.unknown]
    if errors:
        return Status.unknown, errors[0].reason, errors[0].detail
    if len(readings) == expected and statuses == {Status.off}:
        return Status.off, None, None
    if failure is not None:
        if failure.status == Status.not_applicable:
            return Status.not_applicable, None, failure.detail
        return Status.unknown, failure.reason or Reason.error, failure.detail
    return Status.unknown, Reason.error, "the scenario ended before every reading was taken"


# Entries with no switch and nothing to open: their outcome is the catalogue's, not a reading.
PAGELESS_KINDS = {Kind.no_opt_out: Status.no_opt_out, Kind.not_trained: Status.not_trained}


def _pageless(entry: Entry, options: ScanOptions) -> ProviderResult:
    sc = entry.scenario
    return ProviderResult(
        id=sc.id, name=sc.name, status=PAGELESS_KINDS[sc.kind], detail=sc.advice,
        gotchas=[g.text for g in sc.gotchas], deep_link=sc.deep_link,
        documented_path=sc.documented_path.steps, source=options.source,
    )
