"""Check that each deep link still lands where the scan skips ahead to.

The documented-path walk starts at `start_url` and clicks through, so it never uses a deep link;
`untrain open` and the extension send people to the first one, and a scan uses it to skip the
clicks. A link lands when the element the scenario says it shows (`deep_link_shows`) shows up
after opening it. A link that opens elsewhere still lets a scan click
through, so without this check a moved link would go unnoticed.
"""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError

from ..engine.browser import Session
from ..catalogue.catalog import Entry
from ..catalogue.models import GotoStep, Scenario
from ..results import Reason
from ..engine.steps import StepFailure, Walk
from .report import DeepLinkReport, LinkOutcome


def landmark(sc: Scenario) -> str | None:
    """The selector a deep link must show, or None when the scenario does not start by one."""
    if not sc.steps or not isinstance(sc.steps[0], GotoStep) or sc.steps[0].goto != "deep_link":
        return None
    return sc.deep_link_shows


async def check_deep_links(entry: Entry, session: Session, timeout: float,
                           not_judged: str | None = None) -> list[DeepLinkReport]:
    """Open each link on its own. With `not_judged` (why), list them as not checked instead."""
    sc = entry.scenario
    target = landmark(sc)
    if target is None or entry.selectors is None:
        return []
    if not_judged:
        return [DeepLinkReport(url=link.url, confidence=link.confidence.value, landmark=target,
                               outcome=LinkOutcome.unverified, reason="not_checked", detail=f"{not_judged}; fix that first")
                for link in sc.deep_links]
    reports = []
    async with session.page() as page:
        page.set_default_timeout(timeout * 1000)
        for link in sc.deep_links:
            reports.append(await _check(page, entry, link.url, link.confidence.value, target, timeout))
    return reports


async def _check(page, entry: Entry, url: str, confidence: str, target: str, timeout: float) -> DeepLinkReport:
    report = DeepLinkReport(url=url, confidence=confidence, landmark=target, outcome=LinkOutcome.lands)
    walk = Walk(page, entry.scenario, entry.selectors, timeout)  # its looks also see walls
    try:
        await page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        await walk.wait_for([target])
    except StepFailure as failure:
        report.outcome = LinkOutcome.misses if failure.reason == Reason.path_missing else LinkOutcome.unverified
        report.reason = failure.reason.value if failure.reason else failure.status.value
        report.detail = failure.detail
    except PlaywrightError as exc:
        report.outcome, report.reason = LinkOutcome.unverified, Reason.error.value
        report.detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return report
