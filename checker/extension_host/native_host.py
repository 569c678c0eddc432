"""`untrain native-host`: the extension's backend, spoken over native messaging (stdio).

It answers four validated requests (status, catalog, record_reading, scan) and nothing else. It
never runs anything a message names: a scan is always `untrain scan --provider <id>` where the id
must be one of the catalogue's. Bad input (too big, not JSON, unknown type, invalid fields) gets an
error reply and the host keeps serving. A caller whose origin is not our extension is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Callable
from urllib.parse import urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import __version__
from ..store import data_paths
from ..catalogue.catalog import CatalogError
from ..errors import DataError
from .extension_build import GECKO_ID, ORIGIN
from .native_protocol import (
    REQUEST_TYPES,
    AnyRequest,
    CatalogReply,
    CatalogRequest,
    ControlStateMessage,
    ErrorReply,
    FrameTooLarge,
    RecordedReply,
    RecordReadingRequest,
    Reply,
    ScanDone,
    ScanFailed,
    ScannedControl,
    ScanProgress,
    ScanRequest,
    HEADER,
    MAX_ID_LENGTH,
    MAX_REPLY,
    StatusReply,
    StatusRequest,
    encode,
    read_frame,
    write_message,
)
from ..redact import redact_url
from ..results import COUNTED_MEANINGS, ScanReport, Source, Status

REQUEST = TypeAdapter(AnyRequest)
SCAN_TIMEOUT = 15 * 60  # a scan that runs longer than this is reported as failed


def allowed_caller(argv: list[str]) -> bool:
    """Chrome passes the calling origin first; Firefox passes the manifest path, then the add-on id."""
    if argv and argv[0] == ORIGIN:
        return True
    return len(argv) >= 2 and argv[1] == GECKO_ID


class CatalogControl(BaseModel):
    id: str
    label: str
    meaning: str


class CatalogProvider(BaseModel):
    id: str
    name: str
    kind: str
    hosts: list[str] = []
    controls: list[CatalogControl] = []


class CatalogSnapshotBroken(RuntimeError):
    """The generated catalogue snapshot is not what the host reads: Untrain's fault, "internal"."""


class CatalogView(BaseModel):
    """What the host needs of the catalogue snapshot (catalog_snapshot): the extension gets the
    whole snapshot; the host checks ids, hosts and meanings against these fields."""

    providers: list[CatalogProvider]

    def provider(self, provider_id: str) -> CatalogProvider:
        found = next((p for p in self.providers if p.id == provider_id), None)
        if found is None:
            raise ValueError(f"unknown provider {provider_id!r}")
        return found

    def count_on(self, controls: list[ControlStateMessage]) -> int:
        """Controls still on whose meaning counts (training, human review), as in the scan report.
        Ads and telemetry controls never count; a control the catalogue no longer knows does (fail closed)."""
        uncounted = {(p.id, c.id) for p in self.providers for c in p.controls if c.meaning not in COUNTED_MEANINGS}
        return sum(1 for c in controls if c.status == Status.on and (c.provider, c.control) not in uncounted)


def _open_history(path: Path | None = None):
    from ..store.history import History

    return History(path)


class Host:
    def __init__(self, stdin: BinaryIO, stdout: BinaryIO, *, history: Callable = _open_history,
                 catalog: Callable[[], dict] | None = None, python: str = sys.executable):
        self.stdin, self.stdout = stdin, stdout
        self.open_history, self.python = history, python
        self.load_catalog = catalog or catalog_snapshot
        self._write_lock = threading.Lock()
        self._scans: dict[str, threading.Thread] = {}

    # -- I/O

    def send(self, message: Reply) -> None:
        with self._write_lock:
            try:
                data = encode(message)
            except (ValueError, TypeError) as exc:  # text that is not Unicode: say so, never go silent
                data = encode(error("internal", f"the reply could not be encoded ({type(exc).__name__})", message.id))
            if len(data) - HEADER.size > MAX_REPLY:
                # Chrome closes the port on a bigger message, and the popup would wait forever.
                data = encode(error("too_large", f"the reply would be {len(data)} bytes, over Chrome's "
                                    f"{MAX_REPLY}-byte limit", message.id))
            try:
                self.stdout.write(data)
                self.stdout.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass  # the browser went away; a scan still lands in history

    def serve(self) -> int:
        while True:
            try:
                raw = read_frame(self.stdin)
            except FrameTooLarge as exc:
                self.send(error("too_large", str(exc)))
                continue
            if raw is None:
                break
            self.send(self.handle(raw))
            self._start_pending_scans()  # after its "started" is out: a scan's answer must come second
        for thread in list(self._scans.values()):
            thread.join(SCAN_TIMEOUT)
        return 0

    # -- requests

    def handle(self, raw: bytes) -> Reply:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return error("malformed", f"not UTF-8 JSON ({type(exc).__name__})")
        except RecursionError:  # "[[[[…" within the size cap: refuse it, do not crash the host
            return error("malformed", "JSON nested too deeply")
        if not isinstance(data, dict):
            return error("malformed", "a message must be a JSON object")
        if not _is_unicode(data):
            return error("malformed", "text with a lone surrogate (\\ud800-\\udfff) is not valid Unicode")
        msg_id = _echoable(data.get("id"))
        if data.get("type") not in REQUEST_TYPES:
            kind = data.get("type")
            shown = kind if isinstance(kind, str) and len(kind) < 40 else type(kind).__name__
            return error("unknown_type", f"unknown message type {shown!r}; known: {', '.join(REQUEST_TYPES)}", msg_id)
        try:
            request = REQUEST.validate_python(data)
        except ValidationError as exc:
            # Name the fields, never echo the input back.
            problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'message'}: {e['msg']}" for e in exc.errors())
            return error("invalid", problems, msg_id)
        try:
            reply = self.dispatch(request)
        except (DataError, CatalogError) as exc:
            return error("data", str(exc).splitlines()[0], msg_id)
        except ValueError as exc:
            return error("invalid", str(exc), msg_id)
        except Exception as exc:  # noqa: BLE001 - the host must keep serving; the extension shows the message
            print(f"untrain native-host: {type(exc).__name__}: {exc}", file=sys.stderr)
            return error("internal", f"{type(exc).__name__}: {exc}", msg_id)
        reply.id = msg_id
        return reply

    def dispatch(self, request) -> Reply:
        if isinstance(request, StatusRequest):
            return self.status()
        if isinstance(request, CatalogRequest):
            return CatalogReply(catalog=self.load_catalog())
        if isinstance(request, RecordReadingRequest):
            return self.record_reading(request)
        if isinstance(request, ScanRequest):
            return self.start_scan(request.provider)
        raise ValueError(f"no handler for {type(request).__name__}")

    def catalog(self) -> CatalogView:
        try:
            return CatalogView.model_validate(self.load_catalog())
        except ValidationError as exc:
            # Not a ValueError on the way out: that would answer "invalid" and blame the message.
            raise CatalogSnapshotBroken(f"the catalogue snapshot does not fit the extension's shape "
                                        f"({exc.error_count()} problems); this is a bug in Untrain") from None

    def status(self) -> StatusReply:
        catalog = self.catalog()
        controls = self._latest_states()
        return StatusReply(controls=controls, on=catalog.count_on(controls),
                           scanning=sorted(p for p, t in self._scans.items() if t.is_alive()))

    def _latest_states(self, history=None) -> list[ControlStateMessage]:
        opened = history or self.open_history()
        try:
            return [ControlStateMessage.model_validate(s, from_attributes=True) for s in opened.latest_controls()]
        finally:
            if history is None:
                opened.close()

    def record_reading(self, req: RecordReadingRequest) -> RecordedReply:
        catalog = self.catalog()
        scenario = catalog.provider(req.provider)
        control = next((c for c in scenario.controls if c.id == req.control), None)
        if control is None:
            raise ValueError(f"{req.provider} has no control {req.control!r}")
        if req.status == Status.unknown and req.reason is None:
            raise ValueError("an unknown reading needs a reason")
        if req.status != Status.unknown and req.reason is not None:
            raise ValueError("only an unknown reading has a reason")
        url = ""
        if req.url:
            parts = urlsplit(req.url)
            if parts.scheme != "https" or parts.hostname not in scenario.hosts:
                raise ValueError(f"a {scenario.name} reading must come from {', '.join(scenario.hosts)}")
            # Keep the page as every report does (checker/redact.py): no query, no ids in the path.
            url = redact_url(f"https://{parts.hostname}{parts.path}")
        history = self.open_history()
        try:
            reading_id = history.record_reading(
                req.provider, req.control, Status(req.status), req.reason,
                label=control.label, url=url, detail=req.detail, source=Source.extension,
            )
            states = self._latest_states(history)
        finally:
            history.close()
        return RecordedReply(reading=reading_id, on=catalog.count_on(states), controls=states)

    def start_scan(self, provider: str) -> ScanProgress:
        scenario = self.catalog().provider(provider)
        if scenario.kind != "page":
            raise ValueError(f"{scenario.name} has no settings page to scan")
        running = self._scans.get(provider)
        if running and running.is_alive():
            return ScanProgress(provider=provider, stage="running")
        self._scans[provider] = threading.Thread(target=self._run_scan, args=(provider,), daemon=True)
        return ScanProgress(provider=provider, stage="started")

    def _start_pending_scans(self) -> None:
        for thread in self._scans.values():
            if thread.ident is None:  # made by start_scan, not started yet
                thread.start()

    def _run_scan(self, provider: str) -> None:
        """The scan thread. Whatever happens, it ends with exactly one scan_done: the popup waits for it."""
        try:
            reply = self._scan(provider)
        except DataError as exc:  # no usable data folder: nowhere to put the report, no history
            reply = _scan_failed(provider, "data", str(exc).splitlines()[0])
        except Exception as exc:  # noqa: BLE001 - an unanswered scan leaves the popup waiting forever
            print(f"untrain native-host: scan {provider}: {type(exc).__name__}: {exc}", file=sys.stderr)
            reply = _scan_failed(provider, "scan_failed", f"the scan could not run: {type(exc).__name__}: {exc}")
        self.send(reply)

    def _scan(self, provider: str) -> ScanDone | ScanFailed:
        # The report goes to a private file, not a pipe: if the browser closes us, the scan still
        # finishes and `untrain scan` records it in history.
        fd, report_path = tempfile.mkstemp(prefix=f"scan-{provider}-", suffix=".json", dir=data_paths.user_data_dir())
        os.close(fd)
        try:
            # A fixed argv (no shell); the only variable is a provider id checked against the catalogue.
            argv = [self.python, "-m", "checker", "scan", "--provider", provider, "--json", report_path]
            try:
                proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, timeout=SCAN_TIMEOUT, start_new_session=True)
                code = proc.returncode
            except subprocess.TimeoutExpired:
                return _scan_failed(provider, "timeout", f"the scan took longer than {SCAN_TIMEOUT}s")
            try:
                report = ScanReport.model_validate_json(Path(report_path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return _scan_failed(provider, "scan_failed",
                                    f"`untrain scan --provider {provider}` exited {code} without a report")
            result = next((p for p in report.providers if p.id == provider), None)
            return ScanDone(provider=provider, exit_code=code, status=result.status if result else Status.unknown,
                            controls=[ScannedControl(control=c.id, label=c.label, status=c.status, reason=c.reason)
                                      for c in (result.controls if result else [])])
        finally:
            with contextlib.suppress(OSError):
                Path(report_path).unlink(missing_ok=True)


def _scan_failed(provider: str, code: str, message: str) -> ScanFailed:
    return ScanFailed(provider=provider, code=code, error=message)


def catalog_snapshot() -> dict:
    """The catalogue as the extension sees it (extension_build.catalog_data), cached in Untrain's
    cache folder and rebuilt whenever a scenario, selector or the generator changes. Loading and linting the
    YAML is most of the cost of a message, and the browser starts a fresh host for each one."""
    fingerprint = _catalog_fingerprint()
    try:
        cache = data_paths.cache_dir() / "extension-catalog.json"
    except DataError:  # the cache only saves time: no data folder means no cache, not no catalogue
        cache = None
    try:
        cached = json.loads(cache.read_text(encoding="utf-8")) if cache else None
        if cached["fingerprint"] == fingerprint:
            return cached["catalog"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or damaged: rebuild it
    from ..catalogue.catalog import load_catalog
    from .extension_build import catalog_data

    data = catalog_data(load_catalog())
    if cache:
        _write_cache(cache, {"fingerprint": fingerprint, "catalog": data})
    return data


def _write_cache(cache: Path, content: dict) -> None:
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(content, handle)
        os.replace(tmp, cache)  # atomic: a concurrent host never reads half a file
    except OSError:  # a full disk or a read-only folder: serve without caching
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _catalog_fingerprint() -> str:
    package = Path(__file__).resolve().parents[1]
    files = [package / "extension_host" / "extension_build.py", package / "catalogue" / "models.py"]
    for folder in (data_paths.scenarios_dir(), data_paths.selectors_dir()):
        files += sorted(folder.glob("*.yaml"))
    parts = [__version__] + [f"{f}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files if f.is_file()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _echoable(msg_id):
    """An id small enough to send back: a reply never echoes a large field."""
    if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        return None
    return msg_id if len(str(msg_id)) <= MAX_ID_LENGTH else None


def _is_unicode(data) -> bool:
    """JSON may escape half a surrogate pair ("\\ud800"), which no UTF-8 reply or database can hold."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def error(code: str, message: str, msg_id=None) -> ErrorReply:
    return ErrorReply(code=code, error=message, id=msg_id)


def main(argv: list[str]) -> int:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything printed by accident would corrupt the framing: route stray prints to stderr.
    sys.stdout = sys.stderr
    if not allowed_caller(argv):
        write_message(stdout, error("forbidden_origin",
                                    f"this host answers only the Untrain extension ({ORIGIN}); refused {argv[:1]}"))
        return 1
    return Host(stdin, stdout).serve()



if __name__ == "__main__":
    # The launcher runs this module directly (not through the CLI), so a problem in an unrelated
    # command can never break the extension's backend, and start-up stays fast.
    raise SystemExit(main(sys.argv[1:]))
