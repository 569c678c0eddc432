"""When a reading counts. A switch painted at first load can still change: the page may be
hydrating the person's real settings, a terms pop-up may be on its way, a re-render may swap the
element. So a value counts only once

  1. nothing the page asked for that could change what it shows (a document, script, fetch or XHR)
     is still in flight, and nothing started or finished while we watched;
  2. the document has finished loading; and
  3. the whole document, the control in it, has stood still for QUIET_SECONDS.

This asks the page whether it is done, instead of waiting a fixed time and hoping: a settings
request slower than any fixed wait is still waited for, and a page that is already still is read at
once. A page that never stands still (a ticking clock, a polling feed) gets MAX_QUIET_SECONDS; after
that the control alone must hold still for HOLD_SECONDS before its value counts.

Limit, stated plainly: a page that flips a switch by a bare timer, after everything it loaded has
arrived and the document has been still for QUIET_SECONDS, is read before the flip. Real pages
hydrate a setting from a request, which rule 1 waits for.
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Request

from .models import Reader
from .readers import READER_JS, ReadError

QUIET_SECONDS = 0.05  # three frames at 60 Hz with no change anywhere in the document
MAX_QUIET_SECONDS = 2.0  # how long a page gets to stand still before only the control must
HOLD_SECONDS = 0.25  # how long the control alone must hold still on a page that never does
LONG_REQUEST_SECONDS = 3.0  # a request open this long is a stream or a long poll, not hydration
WATCHED_TYPES = frozenset({"document", "script", "fetch", "xhr"})  # images and fonts change no setting


class NetworkActivity:
    """The page's requests that could still change what it shows, counted from Playwright's events
    as they arrive: no round trip to ask."""

    def __init__(self, page: Page):
        self._open: dict[Request, float] = {}
        self.changes = 0  # bumped whenever a watched request starts or ends
        self._changed = asyncio.Event()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.resource_type in WATCHED_TYPES:
            self._open[request] = time.monotonic()
            self._bump()

    def _ended(self, request: Request) -> None:
        if self._open.pop(request, None) is not None:
            self._bump()

    def _bump(self) -> None:
        self.changes += 1
        self._changed.set()

    def _pending(self) -> list[float]:
        """Start times of the open requests that are not (yet) long-lived."""
        now = time.monotonic()
        return [t for t in self._open.values() if now - t < LONG_REQUEST_SECONDS]

    def busy(self) -> bool:
        return bool(self._pending())

    async def wait_idle(self, until: float) -> bool:
        """Wait until nothing is in flight, or `until` (a monotonic time). True if idle."""
        while pending := self._pending():
            # Wake on the next start or end, or when the oldest request turns long-lived.
            wake = min(until, min(pending) + LONG_REQUEST_SECONDS) - time.monotonic()
            if until - time.monotonic() <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=max(wake, 0.001))
            except TimeoutError:
                pass
        return True


# Runs in the page on the control's element: wait for the document to load, then watch `scope`
# (the whole document, or the control alone) until it has not changed for quietMs, or maxMs pass.
_WATCH_JS = """async (els, {quietMs, maxMs, scope}) => {
  const read = READER;
  if (els.length !== 1) return {gone: true};
  const el = els[0];
  const started = performance.now();
  const left = () => maxMs - (performance.now() - started);
  if (scope === 'document' && document.readyState !== 'complete') {
    await new Promise(done => { addEventListener('load', done, {once: true}); setTimeout(done, Math.max(0, left())); });
  }
  let reading;
  try { reading = read(el); } catch (e) { return {error: String(e.message || e)}; }
  return await new Promise(resolve => {
    let last = performance.now();
    const observer = new MutationObserver(() => { last = performance.now(); });
    observer.observe(scope === 'document' ? document : el,
                     {subtree: true, childList: true, attributes: true, characterData: true});
    const finish = outcome => { observer.disconnect(); resolve(outcome); };
    const check = () => {
      if (!el.isConnected) return finish({gone: true});
      let now;
      try { now = read(el); } catch (e) { return finish({error: String(e.message || e)}); }
      if (now[0] !== reading[0] || now[1] !== reading[1]) { reading = now; last = performance.now(); }
      const still = performance.now() - last;
      const loaded = scope !== 'document' || document.readyState === 'complete';
      if (still >= quietMs && loaded) return finish({quiet: true, reading});
      if (left() <= 0) return finish({quiet: false, reading});
      setTimeout(check, Math.max(4, Math.min(quietMs - still, left())));
    };
    setTimeout(check, quietMs);
  });
}"""


QUIET, RESTLESS, GONE = "quiet", "restless", "gone"


async def _watch(locator: Locator, reader: Reader, scope: str, quiet: float, limit: float) -> tuple[str, tuple[str, str] | None]:
    """One round trip: (QUIET, reading) if `scope` stood still, (RESTLESS, reading) if it never did
    within `limit`, or (GONE, None) if the element left the page meanwhile."""
    script = _WATCH_JS.replace("READER", READER_JS[reader], 1)
    try:
        outcome = await locator.evaluate_all(
            script, {"quietMs": quiet * 1000, "maxMs": max(limit, quiet) * 1000, "scope": scope})
    except PlaywrightError as exc:
        raise ReadError(f"the page changed while the control was being read ({str(exc).splitlines()[0]})") from None
    if outcome.get("gone"):
        return GONE, None
    if "error" in outcome:
        raise ReadError(outcome["error"])
    attribute, value = outcome["reading"]
    return (QUIET if outcome["quiet"] else RESTLESS), (attribute, value)


async def _found_again(locator: Locator) -> None:
    """After the element we watched left the page: go on only if a re-render put exactly one back."""
    count = await locator.count()
    if count == 0:
        raise ReadError("the control disappeared while it was being read")
    if count > 1:
        raise ReadError(f"{count} elements match the control since the page changed")


async def _network_idle(network: NetworkActivity, deadline: float, timeout: float) -> None:
    """Return once nothing that could change the control is in flight; ReadError at the deadline."""
    if not await network.wait_idle(deadline):
        raise ReadError(f"the page was still loading after {timeout:g}s")


async def settled_read(locator: Locator, reader: Reader, network: NetworkActivity, timeout: float) -> tuple[str, str]:
    """The control's (attribute, value), once the page around it is done. ReadError if it never is.

    The locator is resolved afresh on every watch, so a control that a re-render replaced with a new
    element is read from the new one."""
    started = time.monotonic()
    quiet_until = started + min(MAX_QUIET_SECONDS, timeout)
    deadline = started + timeout
    while time.monotonic() < quiet_until:
        # MAX_QUIET_SECONDS caps how long the DOM may stay restless, not how long a request may
        # take: a settings answer after the cap would otherwise be read as its painted default.
        await _network_idle(network, deadline, timeout)
        seen = network.changes
        outcome, reading = await _watch(locator, reader, "document", QUIET_SECONDS, quiet_until - time.monotonic())
        if outcome == GONE:
            await _found_again(locator)
            continue
        if outcome == RESTLESS:
            break
        if network.changes == seen:
            return reading
        # A request started or ended while we watched: the page is not done yet.
    while True:
        await _network_idle(network, deadline, timeout)  # a restless page still hydrates by request
        outcome, reading = await _watch(locator, reader, "control", HOLD_SECONDS, deadline - time.monotonic())
        if outcome == QUIET:
            return reading
        if outcome == GONE:
            await _found_again(locator)
            if time.monotonic() < deadline:
                continue
            raise ReadError("the control kept being replaced by new elements")
        raise ReadError("the control's state kept changing")
