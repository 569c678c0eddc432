"""When a reading counts. A switch painted at first load can still change: the page may be
hydrating the person's real settings, a terms pop-up may be on its way, a re-render may swap the
element, a broken page may flicker between states. So a value counts only when

  1. its data arrived. Every same-site data request (fetch or XHR to the scenario's site) that
     started before the reading finished with a 2xx status (a redirect hop counts by where it
     leads). One that failed, was aborted or answered 4xx/5xx makes the control `unknown`
     (`error`), naming the request's path; one still in flight at the timeout makes it `unknown`
     (`timeout`). Documents and scripts from any host are waited for too. Streams are told apart
     by kind, never by age: EventSource and WebSocket are not waited for, nor is a fetch whose
     answer is a stream (`text/event-stream`, ndjson, `multipart/x-mixed-replace`: long polls
     that say so in their response type). Requests of a document the page has left do not count.
  2. the document has loaded, and its own status is not 4xx or 5xx;
  3. the control held still (extension/lib/watch.js, the extension's watch too): its reading
     stayed the same, with no change to it seen by a MutationObserver and none by polling its state every POLL_MS (a native checkbox's `checked`
     changes without a mutation), for HOLD_SECONDS, and the last data request ended at least
     AFTER_DATA_SECONDS before the window closed (time for the page to paint what arrived). That
     is two identical readings HOLD_SECONDS apart, watched all the way: a switch that repaints
     between states, or vanishes after painting, is caught. The watch starts as soon as the
     control is found, so it overlaps the wait for data. One that keeps changing until the
     timeout is `unknown` (`timeout`, "would not settle"); one that leaves the page, or hides,
     and is not replaced by exactly one new match is `unknown` (`error`);
  4. no unlisted modal is over it (extension/lib/modal.js, shared with the extension): a visible
     aria-modal dialog or alertdialog, a `showModal()` <dialog>, or an overlay taking the pointer
     at the control's centre, that does not hold the control. Settled reports it; the step
     handler makes it `pending_consent` when it offers an accept, agree or continue choice (with
     the dialog's title), `error` otherwise. It is never clicked. A dialog the scenario opened
     holds the control, so it is not unlisted.
  5. where the scenario declares a second witness (a settings request named by the evidence, a
     JSON pointer into its answer, and which values mean on and off), the answer was seen and
     agrees with the page (`witness_value`; steps.py compares).

Limits, stated plainly: a page that flips a switch by a bare timer more than HOLD_SECONDS after
it painted and after its data arrived is read before the flip; a long poll that withholds even
its response headers looks like a slow settings request, so it is waited for until the timeout
(fail closed); requests to other sites (analytics, a chat widget) are neither waited for nor
judged, since a provider's setting comes from its own site.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Request, Response

from . import page_modules
from ..catalogue.models import Reader
from .readers import ReadError

# The control's reading must stay the same, watched, this long. A switch that repaints between
# states every second or faster shows a change within it: each state must outlast its period
# plus the timer's lateness under load. 0.5 s would miss a flicker slower than about 0.45 s.
HOLD_SECONDS = 1.2
AFTER_DATA_SECONDS = 0.1  # the page's time to paint a data answer before the window may close
POLL_MS = 20  # how often the watch reads the control's state besides the MutationObserver
LOAD_TYPES = frozenset({"document", "script"})  # waited for from any host; images and fonts change no setting
DATA_TYPES = frozenset({"fetch", "xhr"})  # waited for and judged when same-site
STREAM_TYPES = ("text/event-stream", "application/x-ndjson", "application/ndjson", "application/jsonl",
                "application/x-jsonlines", "application/stream+json", "multipart/x-mixed-replace")
PATH_CHARS = 80  # a request's path in a detail is cut here


def site_of(host: str) -> str:
    """The registrable part of a host, near enough for the catalogue's hosts: its last two labels,
    three under a country's second level (`example.co.uk`)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in {"co", "com", "org", "net", "ac", "gov", "edu"}:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _path(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path if len(path) <= PATH_CHARS else path[: PATH_CHARS - 1] + "…"


class NetworkActivity:
    """The page's requests that could still change what it shows, counted from Playwright's events
    as they arrive (no round trip to ask), and the fate of its same-site data requests."""

    def __init__(self, page: Page, hosts: list[str] | tuple[str, ...] = (), witnesses: list[str] | tuple[str, ...] = ()):
        self._page = page
        self._sites = {site_of(h) for h in hosts}
        self._witness_patterns = tuple(witnesses)
        self._open: dict[Request, str] = {}  # request -> its path
        self._status: dict[Request, int] = {}
        self.failed: list[str] = []  # "path (why)" of this document's failed data requests
        self.witnesses: dict[str, asyncio.Task] = {}  # pattern -> the latest answer's parsed body
        self.witness_paths: dict[str, str] = {}
        self.document_status: int | None = None
        self.changes = 0  # bumped whenever a watched request starts or ends
        self.last_end = 0.0  # monotonic time the last watched request ended
        self._changed = asyncio.Event()
        page.on("request", self._started)
        page.on("response", self._answered)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _same_site(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return bool(self._sites) and site_of(host) in self._sites

    def _kind(self, request: Request) -> str | None:
        if request.resource_type in LOAD_TYPES:
            return "load"
        if request.resource_type in DATA_TYPES and self._same_site(request.url):
            return "data"
        return None

    def _main_document(self, request: Request) -> bool:
        try:
            return request.resource_type == "document" and request.frame == self._page.main_frame
        except PlaywrightError:
            return False

    @staticmethod
    def _path_of(request: Request) -> str:
        return _path(request.url)

    def _started(self, request: Request) -> None:
        if self._main_document(request) and request.redirected_from is None:
            # A new document: the old one's requests, and their failures, went with it.
            self._open.clear()
            self.failed.clear()
            self.witnesses.clear()
            self.document_status = None
        if self._kind(request):
            self._open[request] = _path(request.url)
            self._bump()

    def _answered(self, response: Response) -> None:
        request = response.request
        if self._main_document(request) and not 300 <= response.status < 400:
            self.document_status = response.status
        if request not in self._open:
            return
        self._status[request] = response.status
        kind = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        if self._kind(request) == "data" and kind in STREAM_TYPES:
            self._open.pop(request, None)  # a stream: it ends when the page goes, not when the data is in
            self._bump()
            return
        if self._kind(request) == "data" and response.status >= 400:
            # Judged by its status at once: Chromium may never finish a failed answer's body that
            # the page does not read (seen with a 500 from the ChatGPT replica).
            self._open.pop(request, None)
            self._status.pop(request, None)
            self.failed.append(f"{self._path_of(request)} (it answered {response.status})")
            self._ended()
            return
        if self._kind(request) == "data" and 200 <= response.status < 300:
            path = urlsplit(request.url).path
            for pattern in self._witness_patterns:
                if fnmatch.fnmatchcase(path, pattern):
                    task = asyncio.ensure_future(_json_body(response))
                    task.add_done_callback(_keep_quiet)
                    self.witnesses[pattern] = task
                    self.witness_paths[pattern] = _path(request.url)

    def _finished(self, request: Request) -> None:
        path = self._open.pop(request, None)
        status = self._status.pop(request, None)
        if path is None:
            return
        if self._kind(request) == "data" and (status is None or not 200 <= status < 400):
            self.failed.append(f"{path} (it answered {status})" if status else f"{path} (no answer)")
        self._ended()

    def _failed(self, request: Request) -> None:
        path = self._open.pop(request, None)
        self._status.pop(request, None)
        if path is None:
            return
        if self._kind(request) == "data":
            why = (request.failure or "failed").removeprefix("net::")
            self.failed.append(f"{path} ({'aborted' if 'ABORTED' in why else why})")
        self._ended()

    def _ended(self) -> None:
        self.last_end = time.monotonic()
        self._bump()

    def _bump(self) -> None:
        self.changes += 1
        self._changed.set()

    def busy(self) -> bool:
        return bool(self._open)

    def failures(self) -> str | None:
        """The failed data requests in a few words: the first, and how many more."""
        if not self.failed:
            return None
        return self.failed[0] + (f" and {len(self.failed) - 1} more" if len(self.failed) > 1 else "")

    def raise_failures(self) -> None:
        if self.failed:
            raise ReadError(f"the page's data request {self.failures()} failed, so the control may "
                            "show a placeholder, not your setting")

    async def wait_data(self, until: float, timeout: float) -> None:
        """Return once nothing is in flight; ReadError at once for a failed data request, and
        ReadError(timeout) naming what is still open at `until` (a monotonic time)."""
        while True:
            self.raise_failures()
            if not self._open:
                return
            left = until - time.monotonic()
            if left <= 0:
                path = next(iter(self._open.values()))
                raise ReadError(f"the page was still loading {path} after {timeout:g}s", reason="timeout")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=left)
            except TimeoutError:
                pass


async def _json_body(response: Response):
    return json.loads(await response.body())


def _keep_quiet(task: asyncio.Task) -> None:
    """An answer nobody asked for (no reading declared this witness) may fail unheard."""
    if not task.cancelled():
        task.exception()


# In the page, on the control's element: extension/lib/watch.js, the watch the extension runs too.
# `opts` carries the reader's name and watch()'s timings.
_HOLD_JS = page_modules.function(
    "if (els.length !== 1) return {gone: true};\n"
    "return UntrainWatch.watch(els[0], (el) => UntrainRead.read(el, opts.reader), opts);",
    page_modules.ARIA, page_modules.READ_STATE, page_modules.WATCH, params="els, opts")

# The last look, on the same element: still there, still the same reading; then release the
# tracker and ask whether an unlisted modal is over the control (extension/lib/modal.js).
_LAST_LOOK_JS = page_modules.function(
    "if (els.length !== 1 || !els[0].isConnected) return {gone: true};\n"
    "return {...UntrainWatch.release(els[0]), modal: UntrainModal.unlistedModal(els[0])};",
    page_modules.WATCH, page_modules.MODAL, params="els")


@dataclass
class Settled:
    attribute: str
    value: str
    modal: dict | None  # {title, consent} of an unlisted modal over the control, or None


HELD, RESTLESS, GONE = "held", "restless", "gone"


async def _hold(locator: Locator, reader: Reader, hold: float, wait: float, limit: float,
                life: float) -> tuple[str, tuple[str, str] | None, int]:
    """One round trip: (HELD, reading, changes) once the control held still for `hold` and `wait`
    passed, (RESTLESS, reading, changes) if it never did within `limit`, or (GONE, None, 0)."""
    try:
        outcome = await locator.evaluate_all(_HOLD_JS, {
            "reader": reader.value, "holdMs": hold * 1000, "waitMs": wait * 1000, "maxMs": max(limit, 0) * 1000,
            "pollMs": POLL_MS, "lifeMs": life * 1000})
    except PlaywrightError as exc:
        raise ReadError(f"the page changed while the control was being read ({str(exc).splitlines()[0]})") from None
    if outcome.get("gone"):
        return GONE, None, 0
    if "error" in outcome:
        raise ReadError(outcome["error"])
    attribute, value = outcome["reading"]
    return (HELD if outcome["held"] else RESTLESS), (attribute, value), outcome["changes"]


async def start_watch(locator: Locator, reader: Reader, timeout: float) -> None:
    """Start the hold's watch on a control now, ahead of its read step: a page that shows several
    controls at once then holds them all in one window. Whatever goes wrong here, its own read
    step meets again."""
    try:
        await _hold(locator, reader, HOLD_SECONDS, 0, 0, timeout)
    except (ReadError, PlaywrightError):
        pass


async def _found_again(locator: Locator) -> None:
    """After the element we watched left the page or hid: go on only if a re-render put exactly one back."""
    count = await locator.count()
    if count == 0:
        raise ReadError("the control disappeared while it was being read")
    if count > 1:
        raise ReadError(f"{count} elements match the control since the page changed")


async def settled_read(locator: Locator, reader: Reader, network: NetworkActivity, timeout: float) -> Settled:
    """The control's reading once the rules above hold. ReadError (with its reason) if they never do.

    The locator is resolved afresh on every watch, so a control that a re-render replaced with a new
    element is read from the new one, whose hold starts anew."""
    deadline = time.monotonic() + timeout
    while True:
        # Start watching at once (a zero-length first look installs the tracker): the hold then
        # runs in the page while we wait for the page's data here.
        outcome, reading, _ = await _hold(locator, reader, HOLD_SECONDS, 0, 0, timeout)
        if outcome != GONE:
            await network.wait_data(deadline, timeout)
            seen = network.changes
            wait = max(0.0, AFTER_DATA_SECONDS - (time.monotonic() - network.last_end)) if network.last_end else 0.0
            outcome, reading, changes = await _hold(locator, reader, HOLD_SECONDS, wait, deadline - time.monotonic(), timeout)
            while outcome == HELD and network.changes != seen:
                # A request started or ended while we watched: wait for it, then hold again.
                await network.wait_data(deadline, timeout)
                seen = network.changes
                wait = max(0.0, AFTER_DATA_SECONDS - (time.monotonic() - network.last_end))
                outcome, reading, changes = await _hold(locator, reader, HOLD_SECONDS, wait,
                                                        deadline - time.monotonic(), timeout)
        if outcome == GONE:
            await _found_again(locator)
            if time.monotonic() < deadline:
                continue
            raise ReadError("the control kept being replaced by new elements", reason="timeout")
        if outcome == RESTLESS and changes:
            raise ReadError(f"the control's state kept changing ({changes} changes) and would not settle "
                            f"within {timeout:g}s", reason="timeout")
        if outcome == RESTLESS:
            raise ReadError(f"the control had not held still for {HOLD_SECONDS:g}s when {timeout:g}s ran out",
                            reason="timeout")
        break
    network.raise_failures()
    if network.document_status is not None and network.document_status >= 400:
        raise ReadError(f"the page itself answered {network.document_status}, so it is not your settings page")
    try:
        last = await locator.evaluate_all(_LAST_LOOK_JS)
    except PlaywrightError as exc:
        raise ReadError(f"the page changed while the control was being read ({str(exc).splitlines()[0]})") from None
    if last.get("gone"):
        raise ReadError("the control disappeared while it was being read")
    if tuple(last["reading"]) != tuple(reading):
        raise ReadError("the control changed as its reading was taken", reason="timeout")
    attribute, value = reading
    return Settled(attribute, value, last.get("modal"))
