"""Record a provider's settings page as a HAR, sanitise it so it can go into a bug report, and
serve one back (`untrain scan --har`, `untrain paths --har`).

A HAR of a signed-in visit holds everything that identifies the person: cookies, bearer tokens,
CSRF tokens, the account's name and email, chat titles and messages. `sanitise` removes all of it
and keeps what a replay needs (URLs, methods, status, content types, the page's HTML and scripts),
so `untrain scan --har` and `untrain paths --har` still read the same statuses from it.

What goes:
- headers that authenticate (Cookie, Set-Cookie, Authorization, CSRF and *-token/-key headers),
  and the HAR's parsed cookie lists;
- tokens in URLs (sensitive query parameters, JWTs, bearer strings) and in bodies (JSON keys and
  `key=value` pairs that name a token, secret, session or password);
- email addresses anywhere, and account names: values of name/email/username keys in JSON are
  harvested and then scrubbed from every text in the file, the HTML included;
- conversation text: values of title/content/message/prompt keys in JSON bodies, streamed
  (event-stream) answers and JSON embedded in HTML are redacted; those found in chat APIs or under
  chat-like keys are harvested and scrubbed from every other text the same way;
- images, media and fonts (an avatar is a photo of the person); a replay never needs them;
- bodies of other types: read as text when they are UTF-8 (JSON sent as text/plain, as fetch and
  sendBeacon do by default, is read as JSON), dropped when they are binary (protobuf...), since
  nothing in them can be checked.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit



REDACTED = "REDACTED"
ACCOUNT = "Account Name"
TEXT = "[redacted text]"
EMAIL_REPLACEMENT = "person@example.invalid"

SENSITIVE_HEADER = re.compile(
    r"^(cookie|set-cookie|set-cookie2|authorization|proxy-authorization|x-api-key|api-key"
    r"|.*(token|csrf|xsrf|secret|session|auth|signature|credential).*)$", re.I)
URL_HEADERS = {"referer", "location", "content-location", "origin"}
SENSITIVE_KEY = re.compile(
    r"(token|secret|password|passwd|pwd|session|sess_?id|auth|csrf|xsrf|api_?key|apikey|signature"
    r"|^sig$|^key$|credential|jwt|bearer|nonce|^code$|^state$|client_?secret|refresh|cookie)", re.I)
ACCOUNT_KEY = re.compile(
    r"^(name|full_?name|display_?name|given_?name|family_?name|first_?name|last_?name|user_?name"
    r"|nick_?name|login|handle|email|e_?mail|email_?address|phone(_?number)?|account_?name)$", re.I)
CONVERSATION_KEY = re.compile(
    r"^(title|content|contents|parts|text|message|messages|prompt|query|conversation|conversations"
    r"|snippet|summary|completion|input|output|transcript|question|answer)$", re.I)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
# "access_token": "abc…", access_token=abc…, csrfToken: 'abc…' inside scripts, HTML and text bodies.
ASSIGNMENT = re.compile(
    r"""(?i)(["']?[\w-]*(?:token|secret|password|session_?id|sessionid|csrf|xsrf|api_?key|apikey)[\w-]*["']?"""
    r"""\s*[:=]\s*["']?)([A-Za-z0-9._~+/%-]{8,})""")
HEAVY_MIME = re.compile(r"^(image|audio|video|font)/|^application/(font|x-font)", re.I)
TEXT_MIME = re.compile(r"^(text/|application/(json|javascript|x-javascript|ecmascript|xml|x-www-form-urlencoded"
                       r"|[\w.+-]*\+json|[\w.+-]*\+xml))", re.I)
EMBEDDED_JSON = re.compile(r"""<script[^>]*type=["']application/(?:ld\+)?json["'][^>]*>(.*?)</script>""", re.I | re.S)
MIN_HARVEST = 3  # shorter strings would scrub ordinary words
# Chat titles and messages are harvested from this length on: a short "title" is usually UI text
# ("Settings") that the page needs to replay.
MIN_CONVERSATION = 12
# Conversation text is harvested (and then scrubbed from the HTML too) only where it is chat: in a
# chat API's response, or under a chat-like key. Elsewhere a "title" is usually the page's own UI
# text, which a replay needs. Inside JSON bodies every conversation-like key is redacted anyway.
CHAT_CONTEXT = re.compile(r"(conversation|message|chat|thread|history|mapping|recent|prompt|completion|transcript)", re.I)
ACCOUNT_CONTEXT = re.compile(r"(user|account|profile|^me$|viewer|person|owner|author|member|identity)", re.I)


@dataclass
class Sanitiser:
    """One pass over one HAR. `extra` are strings the person asked to remove (their name...)."""

    extra: list[str] = field(default_factory=list)
    harvested: dict[str, str] = field(default_factory=dict)  # found string -> its replacement
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.removed[what] = self.removed.get(what, 0) + n

    # -- pass 1: learn the account's names and the conversation text from structured data

    def harvest(self, har: dict) -> None:
        for entry in har.get("log", {}).get("entries", []):
            in_chat = bool(CHAT_CONTEXT.search(urlsplit(entry.get("request", {}).get("url", "")).path))
            for text, mime in _bodies(entry):
                if "event-stream" in mime:
                    for line in text.split("\n"):
                        if line.startswith("data:"):
                            self._harvest_json_text(line[5:], in_chat)
                elif "json" in mime:
                    self._harvest_json_text(text, in_chat)
                elif "html" in mime:
                    for embedded in EMBEDDED_JSON.findall(text):
                        self._harvest_json_text(embedded, in_chat)
                elif (value := _as_json(text)) is not None:  # JSON sent as text/plain
                    self._harvest_value(value, None, False, in_chat)

    def _harvest_json_text(self, text: str, in_chat: bool) -> None:
        try:
            self._harvest_value(json.loads(text), None, False, in_chat)
        except (ValueError, RecursionError):
            pass

    def _harvest_value(self, value, key: str | None, about_person: bool, in_chat: bool) -> None:
        # A `name` is only the person's when it sits in a user/account object (or next to an
        # email): feature flags and models have names too, and scrubbing those would break replay.
        if isinstance(value, dict):
            about_person = about_person or bool(key and ACCOUNT_CONTEXT.search(key)) or any(
                isinstance(v, str) and EMAIL.fullmatch(v.strip()) for v in value.values())
            in_chat = in_chat or bool(key and CHAT_CONTEXT.search(key))
            for k, v in value.items():
                self._harvest_value(v, str(k), about_person, in_chat)
        elif isinstance(value, list):
            in_chat = in_chat or bool(key and CHAT_CONTEXT.search(key))
            for v in value:
                self._harvest_value(v, key, about_person, in_chat)
        elif isinstance(value, str) and key:
            value = value.strip()
            if ACCOUNT_KEY.match(key) and about_person and len(value) >= MIN_HARVEST:
                self.harvested[value] = ACCOUNT
                if "@" in value and len(value.split("@", 1)[0]) >= 4:
                    self.harvested[value.split("@", 1)[0]] = ACCOUNT
            elif CONVERSATION_KEY.match(key) and in_chat and len(value) >= MIN_CONVERSATION:
                self.harvested[value] = TEXT

    # -- pass 2: rewrite

    def run(self, har: dict) -> dict:
        self.harvest(har)
        log = har.get("log", {})
        for page in log.get("pages", []):
            if "title" in page:
                page["title"] = self.text(page["title"])
        for entry in log.get("entries", []):
            self.entry(entry)
        return har

    def entry(self, entry: dict) -> None:
        request, response = entry.get("request", {}), entry.get("response", {})
        request["url"] = self.url(request.get("url", ""))
        for part in (request, response):
            if part.get("cookies"):
                self.count("cookies", len(part["cookies"]))
            part["cookies"] = []
            part["headers"] = self.headers(part.get("headers", []))
            part["headersSize"] = -1
        request["queryString"] = [{"name": q["name"], "value": self.param(q["name"], q.get("value", ""))}
                                  for q in request.get("queryString", [])]
        if response.get("redirectURL"):
            response["redirectURL"] = self.url(response["redirectURL"])
        post = request.get("postData")
        if post:
            if "text" in post:
                post["text"] = self.body(post["text"], post.get("mimeType", ""))
            if post.get("params"):
                post["params"] = [{**p, "value": self.param(p.get("name", ""), p.get("value", ""))}
                                  for p in post["params"]]
        content = response.get("content", {})
        mime = content.get("mimeType", "")
        if HEAVY_MIME.match(mime):
            if content.get("text"):
                self.count("media bodies")
            content.pop("text", None)
            content.pop("encoding", None)
            content["size"] = 0
        elif "text" in content and TEXT_MIME.match(mime or "text/"):
            raw = content["text"]
            if content.get("encoding") == "base64":
                decoded = base64.b64decode(raw).decode("utf-8", "replace")
                content["text"] = base64.b64encode(self.body(decoded, mime).encode("utf-8")).decode("ascii")
            else:
                content["text"] = self.body(raw, mime)
            content["size"] = len(content["text"])
        elif "text" in content:  # a type the sanitiser does not know: text is read as such, binary goes
            raw = content["text"]
            try:
                decoded = base64.b64decode(raw).decode("utf-8") if content.get("encoding") == "base64" else raw
            except ValueError:  # binary (protobuf, octet-stream): nothing in it can be checked
                self.count("binary bodies")
                content.pop("text", None)
                content.pop("encoding", None)
                content["size"] = 0
            else:
                clean = self.body(decoded, mime)
                content["text"] = (base64.b64encode(clean.encode("utf-8")).decode("ascii")
                                   if content.get("encoding") == "base64" else clean)
                content["size"] = len(content["text"])
        for key in ("_initiator", "_securityDetails"):
            entry.pop(key, None)

    def headers(self, headers: list[dict]) -> list[dict]:
        kept = []
        for h in headers:
            name = h.get("name", "")
            if SENSITIVE_HEADER.match(name):
                self.count(f"{name.lower()} headers")
                continue
            value = h.get("value", "")
            value = self.url(value) if name.lower() in URL_HEADERS else self.text(value)
            kept.append({**h, "value": value})
        return kept

    def param(self, name: str, value: str) -> str:
        if SENSITIVE_KEY.search(name):
            self.count("token parameters")
            return REDACTED
        if ACCOUNT_KEY.match(name):
            return ACCOUNT
        if value and (CONVERSATION_KEY.match(name) or name.lower() == "q"):
            # What the person typed (a search, a prompt), as JSON bodies already treat these keys.
            self.count("conversation values")
            return TEXT
        return self.text(value)

    def url(self, url: str) -> str:
        if not url or "://" not in url:
            return self.text(url)
        parts = urlsplit(url)
        query = urlencode([(k, self.param(k, v)) for k, v in parse_qsl(parts.query, keep_blank_values=True)],
                          quote_via=quote, safe="/:") if parts.query else ""
        fragment = parts.fragment
        if "=" in fragment:  # OAuth implicit flows put tokens in the fragment
            fragment = urlencode([(k, self.param(k, v)) for k, v in parse_qsl(fragment, keep_blank_values=True)],
                                 quote_via=quote, safe="/:")
        path = self.text(parts.path)
        netloc = parts.netloc
        if "@" in netloc:  # https://user:password@host/: the credentials go, the host stays
            self.count("url credentials")
            netloc = netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, netloc, path, query, fragment))

    def body(self, text: str, mime: str) -> str:
        if "event-stream" in mime:  # a streamed chat answer: every `data:` line is JSON
            return "\n".join(self._sse_line(line) for line in text.split("\n"))
        if "json" in mime:
            try:
                data = json.loads(text)
            except ValueError:
                return self.text(text)
            return json.dumps(self.json(data, None), ensure_ascii=False)
        if "x-www-form-urlencoded" in mime:
            pairs = parse_qsl(text, keep_blank_values=True)
            return urlencode([(k, self.param(k, v)) for k, v in pairs])
        if "html" not in mime and (value := _as_json(text)) is not None:
            # JSON under another type: fetch() and sendBeacon() send a string body as text/plain
            return json.dumps(self.json(value, None), ensure_ascii=False)
        return self.text(text)

    def _sse_line(self, line: str) -> str:
        if line.startswith("data:"):
            payload = line[5:].strip()
            try:
                return "data: " + json.dumps(self.json(json.loads(payload), None), ensure_ascii=False)
            except ValueError:
                return "data: " + self.text(payload)
        return self.text(line)

    def json(self, value, key: str | None):
        if isinstance(value, dict):
            return {k: self.json(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v, key) for v in value]
        if isinstance(value, str) and key:
            if SENSITIVE_KEY.search(key):
                self.count("token values")
                return REDACTED
            if ACCOUNT_KEY.match(key):
                self.count("account values")
                return EMAIL_REPLACEMENT if "@" in value else ACCOUNT
            if CONVERSATION_KEY.match(key):
                self.count("conversation values")
                return TEXT
        if isinstance(value, str):
            return self.text(value)
        return value

    def text(self, text: str) -> str:
        """Free text (HTML, scripts, header values): patterns first, then every harvested string."""
        if not text:
            return text
        text, n = JWT.subn(REDACTED, text)
        self.count("jwts", n) if n else None
        text, n = BEARER.subn(lambda m: f"{m.group(1)} {REDACTED}", text)
        self.count("bearer tokens", n) if n else None
        text, n = ASSIGNMENT.subn(lambda m: m.group(1) + REDACTED, text)
        self.count("token assignments", n) if n else None
        text, n = EMAIL.subn(EMAIL_REPLACEMENT, text)
        self.count("emails", n) if n else None
        replacements = {**{e: ACCOUNT for e in self.extra}, **self.harvested}
        for secret in sorted(replacements, key=len, reverse=True):
            if len(secret) < MIN_HARVEST or secret in (REDACTED, ACCOUNT, TEXT, EMAIL_REPLACEMENT):
                continue
            for variant in {secret, json.dumps(secret)[1:-1], quote(secret), quote(secret).replace("%20", "+")}:
                if variant and variant in text:
                    self.count("account names or chat texts", text.count(variant))
                    text = text.replace(variant, replacements[secret])
        return text


def _as_json(text: str):
    """The parsed value of a body that is JSON whatever its type says, or None."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, (dict, list)) else None


def _bodies(entry: dict):
    post = entry.get("request", {}).get("postData") or {}
    if post.get("text"):
        yield post["text"], post.get("mimeType", "")
    content = entry.get("response", {}).get("content", {})
    text, mime = content.get("text"), content.get("mimeType", "")
    if text and TEXT_MIME.match(mime or "text/"):
        if content.get("encoding") == "base64":
            try:
                text = base64.b64decode(text).decode("utf-8", "replace")
            except ValueError:
                return
        yield text, mime


def sanitise(har: dict, extra: list[str] | None = None, hosts=None) -> tuple[dict, dict[str, int]]:
    """Sanitise a parsed HAR in place. Returns it and a count of what was removed, by kind."""
    sanitiser = Sanitiser(extra=[e for e in (extra or []) if e])
    return sanitiser.run(har), sanitiser.removed
