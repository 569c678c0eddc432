"""The local HTTPS server the extension tests load replicas from (replica_server.py)."""

from __future__ import annotations

import http.client
import socket
import ssl

from checker.replicas.site import ReplicaWorld

from .replica_server import ReplicaServer, self_signed_cert


def test_a_client_that_never_says_hello_holds_up_no_one_else(tmp_path):
    # Chromium may open a connection early and send nothing on it for a while. The handshake must
    # wait in that connection's own thread, not in the loop that accepts everyone's connections.
    cert, key = self_signed_cert(tmp_path, ["chatgpt.com"])
    server = ReplicaServer(ReplicaWorld.build({"chatgpt": "on"}), cert, key)
    silent = socket.create_connection(("127.0.0.1", server.port))
    try:
        tls = ssl.create_default_context()
        tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=tls, timeout=5)
        connection.request("GET", "/", headers={"Host": "chatgpt.com"})
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        silent.close()
        server.close()
