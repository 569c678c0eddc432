"""Acceptance 3 of issue 13: the sanitiser, proven with canaries.

A real HAR of the ChatGPT replica gets a unique canary in each of more than 50 places and
encodings: the account's name and email (learnt from the page's account JSON, never told), chat
titles and messages (JSON, server-sent events, ndjson, batchexecute, inline state, WebSocket frames),
tokens (JWT, JWE, API keys, opaque values under key-like names), cookies, other hosts, binary and
plain-text bodies, and fields a replay never reads. None may survive, in any encoding, and the
sanitised HAR must still replay to the same status.
"""

from __future__ import annotations

import base64
import copy
import json

import pytest

from checker.engine.browser import Session
from checker.har import record, replay, sanitise
from checker.engine.runner import ScanOptions, scan_provider

from ..harness import TEST_TIMEOUT, catalog
from .canaries import readable, survivors

NAME, FIRST = "Zorbulon Quixafter", "Zorbulon"
EMAIL = "zorb.quix7731@canarymail.example"
HANDLE = "zorbquix7731"
OTHER_EMAIL = "third.party.cnry@elsewhere.example"


def jwt(payload: dict) -> str:
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")  # noqa: E731
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJlY25yeXNpZw"


JWE = ("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..cnryJWEivQkZ3x.cnryJWEciphertextAbCdEf0123456789"
       ".cnryJWEtagXyZ")
C = {  # place -> canary; the account's name and email are planted under their own places below
    "jwt header": jwt({"sub": "cnry-jwt-header-sub-4411"}),
    "jwt in json": jwt({"sub": "cnry-jwt-json-sub-4412"}),
    "jwe in script": JWE,
    "google api key header": "AIzaSyCnryGoogHeaderKey0123456789abcdefg",
    "google api key url": "AIzaSyCnryGoogUrlKey9876543210abcdefgh",
    "openai key in script": "sk-proj-cnryOpenAiKeyInScript0123456789",
    "client secret json": "cnryClientSecretOpaque7Hd93kLq",
    "csrf meta": "cnryCsrfMetaValue8812",
    "csrf header": "cnryCsrfHeaderValue8813",
    "authenticity token input": "cnryAuthenticityInput8814",
    "bearer in script": "cnryOpaqueBearerInScript8815",
    "url fragment token": "cnryFragmentToken8816",
    "session cookie header": "cnrySessionCookie8817",
    "set-cookie header": "cnrySetCookie8818",
    "cookies list": "cnryCookiesList8819",
    "x-user header": "cnry-x-user-header-8820",
    "websocket frame token": "cnryWebSocketToken8821",
    "websocket frame chat": "cnry websocket chat line about my landlord",
    "chat title api": "cnry chat title about my divorce papers",
    "chat title 2 api": "cnry chat title second about a rash",
    "chat message post": "cnry posted message about my bank loan",
    "sse message v": "cnry streamed answer delta about taxes",
    "sse message parts": "cnry streamed answer parts about surgery",
    "sse not json": "cnry raw streamed line about a secret plan",
    "ndjson text": "cnry ndjson line about my therapist",
    "batchexecute text": "cnry batchexecute reply about a lawsuit",
    "batchexecute nested": "cnry batchexecute nested title about debts",
    "inline state chat": "cnry inline state chat about my diagnosis",
    "next flight chat": "cnry flight data chat about a breakup",
    "chat title in base64": "cnry base64 chat title about an affair",
    "prompt in query": "cnry searched prompt about pregnancy",
    "other host url": "cnry-other-host-uid-8830",
    "other host body": "cnry other host body 8831",
    "image body": "cnry-avatar-image-bytes-8832",
    "binary body": "cnry-protobuf-bytes-8833",
    "plain text body": "cnry plain text body 8834",
    "comment field": "cnry comment field 8835",
    "initiator field": "cnry-initiator-stack-8836",
    "security details": "cnry-security-details-8837",
    "server address": "cnry-server-ip-8838",
    "third party email": OTHER_EMAIL,
}
NAME_PLACES = ["name in title", "name in aria-label", "name in alt", "name in data attribute", "name in text",
               "name in page title", "name as html references", "name with nbsp", "name uppercase",
               "name in script string", "name json-escaped", "name in url", "name in css", "name in base64",
               "name in batchexecute", "first name greeting"]
EMAIL_PLACES = ["email in text", "email %40", "email &#64;", "email &#x40;", "email &commat;", "email \\u0040",
                "email \\x40", "email in base64", "email in mailto", "email in post", "email in form"]
HANDLE_PLACES = ["handle in redirect"]


def _canaries() -> dict[str, str]:
    canaries = dict(C)
    canaries.update({p: (FIRST if p == "first name greeting" else NAME) for p in NAME_PLACES})
    canaries.update({p: EMAIL for p in EMAIL_PLACES})
    canaries.update({p: HANDLE for p in HANDLE_PLACES})
    canaries["email local part"] = EMAIL.split("@")[0]
    return canaries


def _entry(url, *, method="GET", mime="application/json", body=None, post=None, status=200, req_headers=(),
           resp_headers=(), encoding=None, **extra) -> dict:
    content = {"size": len(body or ""), "mimeType": mime}
    if body is not None:
        content["text"] = body
    if encoding:
        content["encoding"] = encoding
    request = {"method": method, "url": url, "httpVersion": "HTTP/2", "cookies": [], "queryString": [],
               "headers": [{"name": n, "value": v} for n, v in req_headers], "headersSize": -1, "bodySize": -1}
    if post:
        request["postData"] = post
    entry = {"startedDateTime": "2026-12-03T00:00:00.000Z", "time": 1, "request": request,
             "response": {"status": status, "statusText": "OK", "httpVersion": "HTTP/2", "cookies": [],
                          "headers": [{"name": n, "value": v} for n, v in resp_headers], "content": content,
                          "redirectURL": "", "headersSize": -1, "bodySize": -1},
             "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}
    entry.update(extra)
    return entry


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def plant(recorded: dict) -> dict:
    """The recorded HAR with every canary planted."""
    har = copy.deepcopy(recorded)
    log = har["log"]
    log["comment"] = C["comment field"]
    log["pages"][0]["title"] = f"{NAME} – ChatGPT"
    entries = log["entries"]
    page = next(e for e in entries if e["response"]["content"].get("mimeType", "").startswith("text/html"))
    page["request"]["headers"] += [
        {"name": "Authorization", "value": f"Bearer {C['jwt header']}"},
        {"name": "Cookie", "value": f"__Secure-next-auth.session-token={C['session cookie header']}"},
        {"name": "X-CSRF-Token", "value": C["csrf header"]},
        {"name": "x-goog-api-key", "value": C["google api key header"]},
    ]
    page["request"]["cookies"] = [{"name": "sid", "value": C["cookies list"]}]
    page["response"]["headers"] += [{"name": "Set-Cookie", "value": f"__cf_bm={C['set-cookie header']}; Secure"},
                                    {"name": "X-User", "value": C["x-user header"]}]
    page["_initiator"] = {"type": "script", "stack": C["initiator field"]}
    page["_securityDetails"] = {"issuer": C["security details"]}
    page["serverIPAddress"] = C["server address"]
    html_extra = (
        f"<title>{NAME} – ChatGPT</title>"
        f'<meta name="csrf-token" content="{C["csrf meta"]}">'
        f'<div aria-label="{NAME}, open profile menu"><img alt="{NAME}" src="/avatar.png"></div>'
        f'<span data-user="{NAME}">{NAME}</span>'
        f"<p>Zorbulon&#32;Quixafter &#x5a;orbulon&nbsp;Quixafter {NAME.upper()}</p>"
        f"<h2>Good evening, {FIRST}</h2>"
        f"<p>{EMAIL} zorb.quix7731&#64;canarymail.example zorb.quix7731&#x40;canarymail.example "
        f'zorb.quix7731&commat;canarymail.example <a href="mailto:{EMAIL}">mail</a></p>'
        f'<div data-blob="{_b64(json.dumps({"mail": EMAIL}))}"></div>'
        f'<form><input type="hidden" name="authenticity_token" value="{C["authenticity token input"]}"></form>'
        f'<a href="/search?q={EMAIL.replace("@", "%40")}">me</a>'
        '<script>window.__STATE__ = {"user": {"id": "u-1", "name": "Zorbulon\\u0020Quixafter", '
        '"email": "zorb.quix7731\\u0040canarymail.example"}, '
        f'"conversations": [{{"id": "c9", "title": "{C["inline state chat"]}"}}]}};'
        f'const apiKey = "{C["openai key in script"]}"; const greeting = "Hello {NAME}";'
        f'const who = atob("{_b64(NAME)}"); const mail = "zorb.quix7731\\x40canarymail.example";'
        f'var sessionToken = "{C["jwe in script"]}"; const request = {{headers: {{Authorization: "Bearer '
        f'{C["bearer in script"]}"}}}};'
        f'self.__next_f.push([1, "5:{{\\"recentChats\\":[{{\\"title\\":\\"{C["next flight chat"]}\\"}}]}}"]);'
        f'const recent = JSON.parse(atob("{_b64(json.dumps({"recent": [{"title": C["chat title in base64"]}]}))}"));'
        "</script>"
        f'<style>.who::after {{ content: "{NAME}"; }}</style>'
    )
    text = page["response"]["content"]["text"]
    page["response"]["content"]["text"] = text.replace("</body>", html_extra + "</body>")
    batch = json.dumps([["wrb.fr", "MaZiqc", json.dumps([[C["batchexecute text"], 1], [NAME],
                                                           {"t": [C["batchexecute nested"]]}]), None, "generic"]])
    entries += [
        _entry(f"https://chatgpt.com/backend-api/me?key={C['google api key url']}&u=Zorbulon%20Quixafter",
               body=json.dumps({"user": {"id": "user-1", "name": NAME, "email": EMAIL, "username": HANDLE,
                                         "accessToken": C["jwt in json"]}, "client_secret": C["client secret json"]})),
        _entry("https://chatgpt.com/backend-api/conversations?offset=0",
               body=json.dumps({"items": [{"id": "c1", "title": C["chat title api"]},
                                          {"id": "c2", "title": C["chat title 2 api"]}]})),
        _entry("https://chatgpt.com/backend-api/conversation", method="POST", mime="text/event-stream",
               post={"mimeType": "application/json", "text": json.dumps(
                   {"messages": [{"content": {"parts": [C["chat message post"]]}}], "contact": EMAIL})},
               body=(f'data: {json.dumps({"v": C["sse message v"], "o": "append"})}\n\n'
                     f'data: {json.dumps({"message": {"content": {"parts": [C["sse message parts"]]}}})}\n\n'
                     f'data: {C["sse not json"]}\n\ndata: [DONE]\n')),
        _entry("https://chatgpt.com/backend-api/stream", mime="application/x-ndjson",
               body=json.dumps({"type": "delta", "text": C["ndjson text"]}) + "\n"),
        _entry("https://chatgpt.com/_/BardChatUi/data/batchexecute?rpcids=MaZiqc", mime="application/json",
               body=f")]}}'\n\n{len(batch)}\n{batch}\n"),
        _entry("https://chatgpt.com/backend-api/settings/contact", method="POST",
               post={"mimeType": "application/x-www-form-urlencoded", "text": f"reply_to={EMAIL.replace('@', '%40')}",
                     "params": [{"name": "reply_to", "value": EMAIL}]}, body="{}"),
        _entry("https://chatgpt.com/backend-api/log", mime="application/json",
               body=json.dumps({"note": f"third party {OTHER_EMAIL}"})),
        _entry(f"https://chatgpt.com/search?q={C['prompt in query'].replace(' ', '+')}#access_token="
               f"{C['url fragment token']}", mime="text/html", body="<p>results</p>"),
        _entry("https://chatgpt.com/u/me", status=302, mime="text/html", body="",
               resp_headers=[("Location", f"https://chatgpt.com/u/{HANDLE}")]),
        _entry("https://chatgpt.com/backend-api/ws", mime="text/plain", body="",
               _webSocketMessages=[{"type": "send", "opcode": 1, "data": json.dumps(
                   {"token": C["websocket frame token"], "text": C["websocket frame chat"]})}]),
        _entry(f"https://tracker.canary.example/collect?uid={C['other host url']}",
               body=json.dumps({"x": C["other host body"]})),
        _entry("https://chatgpt.com/avatar.png", mime="image/png", encoding="base64",
               body=_b64("\x89PNG " + C["image body"])),
        _entry("https://chatgpt.com/backend-api/proto", mime="application/x-protobuf", encoding="base64",
               body=base64.b64encode(b"\x0a\x13" + C["binary body"].encode() + b"\xff\xfe").decode()),
        _entry("https://chatgpt.com/backend-api/plain", mime="text/plain", body=C["plain text body"]),
    ]
    return har


@pytest.fixture(scope="module")
def recorded(engine, tmp_path_factory):
    """A real HAR of the ChatGPT replica (off), made by the recorder, not by hand."""
    har = tmp_path_factory.mktemp("har") / "chatgpt.har"
    engine.run(record(catalog()["chatgpt"], har, replica_state="off", timeout=TEST_TIMEOUT, browser=engine.browser))
    return json.loads(har.read_text())


def test_every_canary_is_planted(recorded):
    canaries = _canaries()
    assert len(canaries) >= 50
    assert sorted(survivors(plant(recorded), canaries)) == sorted(canaries)  # all readable before


def test_no_canary_survives(recorded):
    clean, removed = sanitise(plant(recorded), hosts=["chatgpt.com"])
    assert survivors(clean, _canaries()) == []
    entries = clean["log"]["entries"]
    assert all(e["request"]["url"].startswith("https://chatgpt.com/") for e in entries)
    for entry in entries:
        assert set(entry) <= {"pageref", "startedDateTime", "time", "request", "response", "cache", "timings"}
        for part in ("request", "response"):
            assert entry[part]["cookies"] == []
            assert all(h["name"].lower() in {"accept", "content-type", "location", "cache-control"}
                       for h in entry[part]["headers"]), entry[part]["headers"]
    for kind in ("requests to other hosts", "websocket frames", "bodies of other types", "cookie headers",
                 "credential headers", "cookies", "tokens", "account names and emails", "chat texts"):
        assert removed.get(kind), (kind, removed)


def test_the_sanitised_har_replays_to_the_same_status(engine, recorded, tmp_path):
    clean, _ = sanitise(plant(recorded), hosts=["chatgpt.com"])
    har = tmp_path / "clean.har"
    har.write_text(json.dumps(clean))
    result, _ = engine.run(scan_provider(catalog()["chatgpt"], Session(browser=engine.browser, prepare=replay(har)),
                                         ScanOptions(timeout=TEST_TIMEOUT, source="har")))
    control = next(c for c in result.controls if c.id == "improve_model")
    assert (control.status.value, control.reason) == ("off", None), control.detail


@pytest.mark.parametrize("mutate", [
    lambda h: h["log"].update(entries="not a list"),
    lambda h: h["log"]["entries"].append({"request": {"url": 5}}),
    lambda h: h["log"]["entries"][0]["response"].update(headers="x", cookies=None, content=[1]),
    lambda h: h["log"]["entries"][0]["response"]["content"].update(
        mimeType="application/json", text="[" * 5000 + "]" * 5000),
    lambda h: h["log"]["entries"][0]["response"]["content"].update(
        mimeType="application/json", text=json.dumps({"a": "[" * 3000 + "]" * 3000})),
    lambda h: h["log"]["entries"][0]["response"]["content"].update(encoding="base64", text="//79/w=="),
    lambda h: h["log"]["entries"][0]["response"]["content"].update(encoding="base64", text="not base64!"),
    lambda h: h["log"]["entries"][0]["request"].update(queryString=[1, None], postData="x"),
    lambda h: h["log"].update(pages=[None, {"title": 7}]),
    lambda h: h["log"]["entries"][0]["response"]["content"].update(
        mimeType="text/event-stream", text="data: " + "{" * 4000),
], ids=["entries not a list", "url not a string", "odd types", "deep json body", "deep json in a string",
        "undecodable body", "bad base64", "odd request", "odd pages", "deep sse"])
def test_odd_input_never_crashes(recorded, mutate):
    har = copy.deepcopy(recorded)
    mutate(har)
    clean, _ = sanitise(har, hosts=["chatgpt.com"])
    json.dumps(clean)  # still a HAR that can be written
    assert "[[[[[[[[[[" not in readable(clean)  # what was too deep is gone, not kept raw
