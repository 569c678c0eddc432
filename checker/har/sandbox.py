"""Serve a HAR back to a scan or a walk (`untrain scan --har`, `untrain paths --har`), and let the
page in it reach nothing but the HAR.

A HAR is untrusted input: people replay files they were sent, and the page inside runs its own
JavaScript. So a replay opens no network connection of any kind and reads no file:
- every http(s) request is answered from the HAR or aborted (Playwright's `route_from_har`);
- WebSockets are answered by the routing and closed, never connected (`route_web_socket`);
- what routing never sees (a preconnect, a DNS prefetch, the next hop of a redirect, WebRTC) meets
  a browser with no way out: every host name resolves to nothing, every connection goes to a proxy
  that does not exist (loopback included), and WebRTC may use UDP only through that proxy;
- service workers are blocked (the Session's contexts all block them);
- an entry whose content is `_file` (Playwright's way to point at a file beside the HAR) is left
  out before the HAR is handed to Playwright, so its request is refused and no file is ever read.
tests/har/test_replay_sandbox.py proves each against a listener on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

# A proxy host that cannot exist (.invalid is reserved, RFC 2606) and that the resolver rule below
# refuses anyway: a connection the routing did not answer goes there, and so goes nowhere.
NOWHERE_PROXY = "http://replay-sandbox.invalid:9"
SANDBOX_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no DNS query for any name, the proxy's included
    f"--proxy-server={NOWHERE_PROXY}",
    "--proxy-bypass-list=<-loopback>",  # Chromium sends loopback direct by default; not here
    # WebRTC (STUN, TURN, peer UDP) may then only use the proxy, which does not exist.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--disable-quic",  # no HTTP/3 or WebTransport over UDP
]
# In every frame before the page's own script: a page needs no peer connection to show its settings.
NO_WEBRTC = """(() => {
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceTransport',
                      'WebTransport']) {
    try { delete window[name]; } catch (e) {}
    try { Object.defineProperty(window, name, {value: undefined, configurable: false}); } catch (e) {}
  }
})();"""


@dataclass
class CheckedHar:
    data: dict
    side_files: int  # entries whose content pointed at a file; never read, never served


def check_file(path: Path) -> CheckedHar:
    """Refuse, with a DataError naming the file, anything that is not a readable HAR. The entries
    are checked too: a HAR whose entries are not requests replays as nothing, and a scan of it
    would report every control unknown instead of saying the file is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["log"]["entries"]
    except FileNotFoundError:
        raise DataError(f"{path}: no such HAR file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: not a HAR file (it is a folder)") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read the HAR file ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError(f"{path}: not a HAR file ({type(exc).__name__}: {exc})") from None
    if not isinstance(entries, list):
        raise DataError(f"{path}: not a HAR file (log.entries is not a list)")
    kept = []
    for number, entry in enumerate(entries):
        request = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or not isinstance(request.get("url"), str):
            raise DataError(f"{path}: not a HAR file (log.entries[{number}] has no request URL)")
        if not _points_at_a_file(entry):
            kept.append(entry)
    data["log"]["entries"] = kept
    return CheckedHar(data, len(entries) - len(kept))


def _points_at_a_file(entry: dict) -> bool:
    """Whether any content of the entry is a `_file` reference (Playwright's "attach" HARs)."""
    for part in (entry.get("request"), entry.get("response")):
        if isinstance(part, dict):
            for holder in (part.get("content"), part.get("postData")):
                if isinstance(holder, dict) and "_file" in holder:
                    return True
    return False


def side_file_warning(path: Path, checked: CheckedHar) -> str | None:
    if not checked.side_files:
        return None
    return (f"{path}: {checked.side_files} entr{'y' if checked.side_files == 1 else 'ies'} point at a file "
            "beside the HAR (_file); a replay never reads files, so those requests are refused.")


def replay(path: Path, checked: CheckedHar | None = None):
    """A Session `prepare` that serves every request from the HAR and lets nothing else out.
    The browser must be launched with SANDBOX_ARGS (checker.engine.browser.launch(sandbox=True))."""
    clean = json.dumps((checked or check_file(path)).data, ensure_ascii=False)

    async def prepare(context):
        await context.add_init_script(NO_WEBRTC)
        await context.route_web_socket(re.compile(r".*"), _refuse_web_socket)
        # Playwright reads the HAR while route_from_har runs: the copy lives only that long, alone in
        # a private folder, so even a `_file` the check missed would find nothing beside it.
        folder = Path(tempfile.mkdtemp(prefix="untrain-replay-"))
        try:
            copy = folder / "replay.har"
            copy.write_text(clean, encoding="utf-8")
            await context.route_from_har(str(copy), not_found="abort")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return prepare


async def _refuse_web_socket(ws) -> None:
    # Not calling ws.connect_to_server() is what keeps the socket off the network; closing it tells
    # the page at once instead of leaving it waiting.
    await ws.close(code=1008, reason="Untrain replays HAR files offline")
