"""Walk one provider's documented path step by step and report each step.

It reuses the scan's step interpreter (checker/engine/steps.py) in QA mode: start at `start_url` and
click through every step, never skipping ahead by deep link. Each StepRecord becomes a
StepReport: found (rank), drift (old → new label), skipped, missing (with the closest elements on
the page), unverified (signed out, blocked, timeout: never a missing path), or not reached. Then each deep
link is opened on its own (deep_links.py): the walk above never uses them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..engine.browser import Session
from ..catalogue.catalog import Entry
from ..store.config import DEFAULT_TIMEOUT
from ..store.data_paths import private_dir
from ..engine.locators import Found, find
from ..catalogue.models import Kind, ReadStep, StepModel
from ..results import Reason
from ..engine.steps import StepOutcome, WalkLog, walk
from . import artifacts
from .deep_links import check_deep_links
from .report import PathOutcome, PathsStatus, ProviderPaths, StepReport
from .suggest import expected_labels, expected_role, pattern_text, suggest


@dataclass
class PathsOptions:
    timeout: float = DEFAULT_TIMEOUT
    artifacts: Path | None = None  # where failure screenshots and traces go; None: keep none


async def walk_provider(entry: Entry, session: Session, options: PathsOptions) -> ProviderPaths:
    sc = entry.scenario
    started = time.monotonic()
    if sc.kind != Kind.page or entry.selectors is None:
        return ProviderPaths(id=sc.id, name=sc.name, status=PathsStatus.skipped,
                             detail=f"a {sc.kind.value} entry has no path to walk")
    async with session.page() as page:
        context = page.context
        if options.artifacts:
            await artifacts.start_trace(context, f"untrain paths {sc.id}")
        page.set_default_timeout(options.timeout * 1000)  # clicks and loads, not only the waits
        log = await walk(page, sc, entry.selectors, options.timeout, follow_deep_links=False)
        failure = log.failure
        steps = _step_reports(entry, log)
        missing = next((s for s in steps if s.outcome == PathOutcome.missing), None)
        if missing is not None:
            selector = entry.selectors.selectors.get(missing.target)
            if selector is not None:
                found = await suggest(page, expected_labels(selector, [missing.path or ""]), expected_role(selector))
                missing.suggestions = [s.as_dict() for s in found]
                box = found[0].box if found else None
            else:
                box = None
            missing.already_visible = await _later_step_visible(entry, page, steps, missing.index)
        result = ProviderPaths(id=sc.id, name=sc.name, status=_status(steps), steps=steps,
                               reason=failure.reason.value if failure and failure.reason else None,
                               detail=failure.detail if failure else None)
        if options.artifacts:
            bad = next((s for s in steps if not s.ok and s.outcome != PathOutcome.not_reached), None)
            if bad is None:
                await artifacts.stop_trace(context, None)
            else:
                private_dir(options.artifacts)  # both levels private: screenshots can show the person
                base = private_dir(options.artifacts / sc.id) / f"step-{bad.index:02d}-{artifacts.slug(bad.target)}"
                shot = await artifacts.highlighted_screenshot(
                    page, base.with_suffix(".png"), f"Untrain QA · {sc.name} · step {bad.index}: {bad.message()}",
                    box if bad.outcome == PathOutcome.missing else None)
                trace = await artifacts.stop_trace(context, base.with_suffix(".trace.zip"))
                result.artifacts = [p for p in (shot, trace) if p]
    # With a step missing or unread, the links' landmark may be what moved, or the page a wall: the
    # links are listed as not checked, with why, rather than blamed.
    not_judged = None if result.status in (PathsStatus.ok, PathsStatus.drift) else f"the documented path is {result.status}"
    result.deep_links = await check_deep_links(entry, session, options.timeout, not_judged)
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result


async def _later_step_visible(entry: Entry, page, steps: list[StepReport], index: int) -> str | None:
    """A missing step whose later step is already on the page was removed or moved, not renamed."""
    for later in steps[index + 1:]:
        if later.target in entry.selectors.selectors:
            try:
                if isinstance(await find(page, entry.selectors, later.target), Found):
                    return f"step {later.index} ({later.kind} {later.target})"
            except Exception:  # noqa: BLE001 - a closed or navigating page: nothing to add
                return None
    return None


def _selector_of(entry: Entry, step: StepModel, index: int) -> str | None:
    """The selector a step's report names, when it acts on one."""
    if isinstance(step, ReadStep):
        return step.reading(entry.scenario, index).locator
    return step.selector


def _label(entry: Entry, name: str | None) -> str | None:
    """The label a person would know the step's element by: its first candidate's."""
    if not name or name not in entry.selectors.selectors:
        return None
    first = entry.selectors.selectors[name].candidates[0]
    return first.shows_label or first.name or first.label or first.text or pattern_text(first.name_pattern)


def _step_reports(entry: Entry, log: WalkLog) -> list[StepReport]:
    failure = log.failure
    by_index = {r.index: r for r in log.records}
    drift = {d.locator: d for d in log.drift}
    reports = []
    for index, step in enumerate(entry.scenario.steps):
        record = by_index.get(index)
        if record is None:
            target = _selector_of(entry, step, index) or step.target
            reports.append(StepReport(index=index, kind=step.kind, target=target,
                                      path=getattr(step, "path", None), outcome=PathOutcome.not_reached,
                                      expected_label=_label(entry, target)))
            continue
        # A failed step is recorded with the step's own value (a control id for `read`): name its selector.
        target = record.target if record.outcome not in (StepOutcome.missing, StepOutcome.failed) else (
            _selector_of(entry, step, index) or record.target)
        failed = record.outcome == StepOutcome.failed
        report = StepReport(index=index, kind=record.kind, target=target, path=record.path,
                            outcome=PathOutcome.unverified if failed else PathOutcome(record.outcome),
                            rank=record.rank, detail=record.detail, expected_label=_label(entry, target))
        if record.outcome == StepOutcome.drift and record.target in drift:
            report.expected_label = drift[record.target].expected_label
            report.found_label = drift[record.target].found_label
        if failed:
            report.reason = (failure.reason or failure.status).value if failure else Reason.error.value
        reports.append(report)
    return reports


def _status(steps: list[StepReport]) -> PathsStatus:
    for worst in (PathOutcome.missing, PathOutcome.unverified, PathOutcome.drift):
        if any(s.outcome == worst for s in steps):
            return PathsStatus(worst.value)
    return PathsStatus.ok
