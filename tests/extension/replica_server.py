"""Serve replicas over local HTTPS, for tabs that Playwright routing cannot see.

Tabs opened by the extension (chrome.tabs.create) escape context.route (Playwright #21061), so
the extension tests map the provider hosts to this server with --host-resolver-rules and let
Chromium ignore the self-signed certificate. Requests go to ReplicaWorld.handle, so the replica's
mutation log works exactly as under routing.
"""

from __future__ import annotations

import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from checker.replicas.site import ReplicaWorld

# Chromium's own background calls (not the page's, not the extension's) to a mapped host. Once
# accounts.google.com resolves to the replica, the browser's account check POSTs here by itself;
# it is not a settings change, so it never reaches the replica's mutation log.
BROWSER_OWN = {("accounts.google.com", "/ListAccounts")}


def self_signed_cert(directory: Path, hosts: list[str]) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    san = ",".join(f"DNS:{h}" for h in hosts)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=untrain-replica",
         "-addext", f"subjectAltName={san}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


class ReplicaServer:
    def __init__(self, world: ReplicaWorld, cert: Path, key: Path):
        self.world = world
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                host = (self.headers.get("host") or "").split(":")[0]
                if (host, self.path.split("?")[0]) in BROWSER_OWN:
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                response = server.world.handle(self.command, f"https://{host}{self.path}", dict(self.headers), body)
                time.sleep(response.delay)  # one thread per request: only this answer waits
                if response.abort:
                    self.close_connection = True  # no answer at all: the browser sees the connection drop
                    return
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(response.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(response.body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _serve

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        # The handshake happens on the connection's first read, in its own thread: done in accept(),
        # one client that connects and says nothing would stop the server for every other one.
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def resolver_rules(self, hosts: list[str]) -> str:
        # Everything else resolves nowhere: nothing in a test reaches the network.
        return ", ".join([f"MAP {h} 127.0.0.1:{self.port}" for h in hosts] + ["MAP * ~NOTFOUND"])

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
