"""Acceptance 4: a HAR full of cookies, bearer tokens, emails, account names and chat text goes
through the sanitiser; none of it remains, and the settings page still replays to the same status."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from checker.engine.browser import Session
from checker.har import replay
from checker.har import record, sanitise
from checker.engine.runner import ScanOptions, scan_provider

from ..harness import TEST_TIMEOUT, catalog

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYW5ldCIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmF0dXJlLXNlY3JldC0xMjM"
SECRETS = {
    "session cookie": "SESSIONSECRET123456789",
    "device cookie": "DEVICEID987654321",
    "cloudflare cookie": "CFBMSECRETVALUE4242",
    "jwt": JWT,
    "jwt payload": "eyJzdWIiOiJqYW5ldCIsImV4cCI6OTk5OTk5OTk5OX0",
    "url token": "TOKENINURL1234567890",
    "csrf": "CSRFSECRET99887766",
    "api key": "sk-proj-abcdef1234567890SECRET",
    "opaque bearer": "opaqueBearerValue_0987654321",
    "account name": "Janet Q. Secretname",
    "email": "janet.secret@example.com",
    "email local part": "janet.secret",
    "second email": "j.s.backup@mailhost.example.org",
    "chat title": "My divorce lawyer questions",
    "chat title 2": "Rash on my left arm, what is it",
    "chat message": "I think my boss is stealing from the company",
    "assistant answer": "You may want to document every incident carefully",
}


def entry(url: str, *, method="GET", mime="application/json", body: str | None = None, post: dict | None = None,
          req_headers=(), resp_headers=(), encoding=None) -> dict:
    content = {"size": len(body or ""), "mimeType": mime}
    if body is not None:
        content["text"] = body
        if encoding:
            content["encoding"] = encoding
    request = {"method": method, "url": url, "httpVersion": "HTTP/2", "headers": [dict(name=n, value=v) for n, v in req_headers],
               "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1}
    if post:
        request["postData"] = post
    return {"startedDateTime": "2026-11-28T00:00:00.000Z", "time": 1, "request": request,
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
                         "headers": [dict(name=n, value=v) for n, v in resp_headers], "cookies": [],
                         "content": content, "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}


def poison(har: dict) -> dict:
    """Add to a real recorded HAR everything a signed-in visit would carry."""
    har = copy.deepcopy(har)
    entries = har["log"]["entries"]
    page = next(e for e in entries if e["response"]["content"].get("mimeType", "").startswith("text/html"))
    page["request"]["headers"] += [
        {"name": "Cookie", "value": f"__Secure-next-auth.session-token={SECRETS['session cookie']}; oai-did={SECRETS['device cookie']}"},
        {"name": "Authorization", "value": f"Bearer {JWT}"},
        {"name": "X-CSRF-Token", "value": SECRETS["csrf"]},
        {"name": "Referer", "value": f"https://chatgpt.com/?access_token={SECRETS['url token']}"},
    ]
    page["request"]["cookies"] = [{"name": "__Secure-next-auth.session-token", "value": SECRETS["session cookie"]}]
    page["response"]["headers"] += [{"name": "Set-Cookie", "value": f"__cf_bm={SECRETS['cloudflare cookie']}; Secure; HttpOnly"}]
    page["response"]["cookies"] = [{"name": "__cf_bm", "value": SECRETS["cloudflare cookie"]}]
    boot = json.dumps({"props": {"user": {"name": SECRETS["account name"], "email": SECRETS["email"]},
                                 "recent": [{"title": SECRETS["chat title"]}]}})
    html = page["response"]["content"]["text"]
    page["response"]["content"]["text"] = html.replace(
        "</body>", f'<script type="application/json" id="__NEXT_DATA__">{boot}</script>'
        f'<script>window.__auth = {{accessToken: "{SECRETS["api key"]}"}};</script>'
        f'<!-- signed in as {SECRETS["account name"]} ({SECRETS["second email"]}) --></body>')
    entries += [
        entry(f"https://chatgpt.com/backend-api/me?access_token={SECRETS['url token']}&v=2",
              body=json.dumps({"id": "user-1", "name": SECRETS["account name"], "email": SECRETS["email"],
                               "picture": "https://cdn.example/janet.png", "plan": "plus"}),
              req_headers=[("Authorization", f"Bearer {SECRETS['opaque bearer']}")]),
        entry("https://chatgpt.com/backend-api/conversations?offset=0",
              body=json.dumps({"items": [{"id": "c1", "title": SECRETS["chat title"]},
                                         {"id": "c2", "title": SECRETS["chat title 2"]}]})),
        entry("https://chatgpt.com/backend-api/conversation", method="POST",
              post={"mimeType": "application/json", "text": json.dumps(
                  {"messages": [{"author": {"role": "user"}, "content": {"parts": [SECRETS["chat message"]]}}],
                   "csrfToken": SECRETS["csrf"]})},
              mime="text/event-stream",
              body=f'data: {{"message": {{"content": {{"parts": ["{SECRETS["assistant answer"]}"]}}}}}}\n\n'
                   f'data: [DONE] contact {SECRETS["second email"]}\n'),
        entry("https://chatgpt.com/backend-api/conversation/c2", mime="application/json", encoding="base64",
              body=base64.b64encode(json.dumps({"title": SECRETS["chat title 2"],
                                                "mapping": {"m1": {"message": {"content": {"parts": [SECRETS["chat message"]]}}}}}).encode()).decode()),
        entry("https://cdn.example/janet.png", mime="image/png", encoding="base64",
              body=base64.b64encode(b"\x89PNG fake avatar of the person").decode()),
    ]
    return har


@pytest.fixture(scope="module")
def recorded(engine, tmp_path_factory):
    """A real HAR of the ChatGPT replica (off), made by the recorder, not by hand."""
    har = tmp_path_factory.mktemp("har") / "chatgpt.har"
    engine.run(record(catalog()["chatgpt"], har, replica_state="off", timeout=TEST_TIMEOUT, browser=engine.browser))
    return json.loads(har.read_text())


def test_nothing_secret_remains(recorded):
    poisoned = poison(recorded)
    before = json.dumps(poisoned)
    assert all(secret in before or base64.b64encode(secret.encode()).decode()[:12] for secret in SECRETS.values())
    clean, removed = sanitise(poisoned)
    text = json.dumps(clean, ensure_ascii=False)
    decoded = " ".join(base64.b64decode(e["response"]["content"]["text"]).decode("utf-8", "replace")
                       for e in clean["log"]["entries"] if e["response"]["content"].get("encoding") == "base64"
                       and e["response"]["content"].get("text"))
    for what, secret in SECRETS.items():
        assert secret not in text, f"{what} survived"
        assert secret not in decoded, f"{what} survived inside a base64 body"
    for e in clean["log"]["entries"]:
        for part in ("request", "response"):
            names = {h["name"].lower() for h in e[part]["headers"]}
            assert not names & {"cookie", "set-cookie", "authorization", "x-csrf-token"}
            assert e[part]["cookies"] == []
    assert "text" not in clean["log"]["entries"][-1]["response"]["content"]  # the avatar is gone
    assert removed["cookie headers"] == 2 and removed["cookies"] == 2 and removed["account names and emails"] >= 1


def test_sanitised_page_still_replays_to_the_same_status(engine, recorded, tmp_path):
    clean, _ = sanitise(poison(recorded))
    har = tmp_path / "clean.har"
    har.write_text(json.dumps(clean))
    entry = catalog()["chatgpt"]
    result, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=replay(har)),
                                         ScanOptions(timeout=TEST_TIMEOUT, source="har")))
    control = next(c for c in result.controls if c.id == "improve_model")
    assert (control.status.value, control.reason) == ("off", None)


def test_redact_option_removes_text_the_sanitiser_cannot_know(recorded):
    # `untrain record --redact TEXT`: text no pattern or account data gives away goes too.
    assert "Data controls" in json.dumps(recorded)
    clean, _ = sanitise(copy.deepcopy(recorded), extra=["Data controls"])
    assert "data controls" not in json.dumps(clean).lower()


def test_ui_words_survive(recorded):
    # Short UI strings under conversation-like keys are not harvested: the page must keep its labels.
    har = copy.deepcopy(recorded)
    har["log"]["entries"].append(entry("https://chatgpt.com/backend-api/settings/ui",
                                       body=json.dumps({"sections": [{"title": "Data controls"}]})))
    clean, _ = sanitise(har)
    page = next(e for e in clean["log"]["entries"] if e["response"]["content"].get("mimeType", "").startswith("text/html"))
    assert "Data controls" in page["response"]["content"]["text"]


def _request_only_har(url: str, post: dict | None = None) -> dict:
    request = {"method": "POST" if post else "GET", "url": url, "headers": [], "cookies": [], "queryString": []}
    if post:
        request["postData"] = post
    response = {"status": 200, "headers": [], "cookies": [], "content": {"mimeType": "text/plain", "text": "ok"}}
    return {"log": {"pages": [], "entries": [{"request": request, "response": response}]}}


@pytest.mark.parametrize("har", [
    # What a person typed into a search box or a prompt, sent in a query string...
    _request_only_har("https://chatgpt.com/backend-api/conversations/search?query=Rash+on+my+left+arm&limit=20"),
    _request_only_har("https://gemini.google.com/search?q=Rash%20on%20my%20left%20arm"),
    # ...or as a form post: the same keys are redacted in JSON bodies, so they must be here too.
    _request_only_har("https://chatgpt.com/backend-api/f", {"mimeType": "application/x-www-form-urlencoded",
                                                          "text": "prompt=Rash+on+my+left+arm&model=auto"}),
    _request_only_har("https://chatgpt.com/backend-api/f", {
        "mimeType": "application/x-www-form-urlencoded", "text": "",
        "params": [{"name": "message", "value": "Rash on my left arm"}]}),
], ids=["query", "q", "form body", "form params"])
def test_conversation_text_in_urls_and_forms_is_removed(har):
    text = json.dumps(sanitise(har)[0])
    assert "Rash" not in text and "left arm" not in text and "left%20arm" not in text
    assert "chatgpt.com" in text or "gemini.google.com" in text  # the request itself is kept for replay


def test_credentials_in_a_url_are_removed():
    har = _request_only_har("https://janet:hunter2secret@chatgpt.com/backend-api/me")
    url = sanitise(har)[0]["log"]["entries"][0]["request"]["url"]
    assert url == "https://chatgpt.com/backend-api/me"


def _har_with(request_post: dict | None, response_content: dict) -> dict:
    har = _request_only_har("https://chatgpt.com/backend-api/lat/r", request_post)
    har["log"]["entries"][0]["response"]["content"] = response_content
    return har


CHAT = {"messages": [{"content": "Rash on my left arm"}], "user": {"name": "Janet Doe", "id": "u-1"},
        "access_token": "abcdefgh12345678"}


@pytest.mark.parametrize("har", [
    # fetch(url, {body: JSON.stringify(...)}) and navigator.sendBeacon send JSON as text/plain
    _har_with({"mimeType": "text/plain;charset=UTF-8", "text": json.dumps(CHAT)},
              {"mimeType": "text/plain", "text": "ok"}),
    _har_with(None, {"mimeType": "text/plain; charset=utf-8", "text": json.dumps(CHAT)}),
    # a type the sanitiser does not list, UTF-8 text all the same (newline-delimited JSON)...
    _har_with(None, {"mimeType": "application/x-ndjson", "text": json.dumps(CHAT) + "\n"}),
    # ...and a binary one (protobuf): it cannot be read, so it cannot stay
    _har_with(None, {"mimeType": "application/x-protobuf", "encoding": "base64", "text": base64.b64encode(
        b"\x0a\x13Rash on my left arm\x12\x09Janet Doe\xff\xfe").decode()}),
], ids=["text/plain post", "text/plain response", "ndjson", "protobuf"])
def test_bodies_of_other_types_are_sanitised_or_dropped(har):
    clean = sanitise(har)[0]
    text = json.dumps(clean)
    decoded = text + "".join(base64.b64decode(e["response"]["content"].get("text", "")).decode("latin-1")
                             for e in clean["log"]["entries"] if e["response"]["content"].get("encoding") == "base64")
    for secret in ("Rash", "left arm", "Janet", "abcdefgh12345678"):
        assert secret not in decoded, secret
    assert "chatgpt.com/backend-api/lat/r" in text


def test_an_api_key_named_plain_key_is_removed():
    # Google's browser API keys travel as ?key=AIza…; "key" alone names nothing else worth keeping.
    har = _request_only_har("https://myactivity.google.com/_/api?key=AIzaSyD-example-not-real-0123456789&alt=json")
    url = sanitise(har)[0]["log"]["entries"][0]["request"]["url"]
    assert "AIza" not in url and "alt=json" in url
